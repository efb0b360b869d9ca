"""A member's record: add, read, edit, contact details in place, archive and restore, History."""

from flask import flash, request, url_for
from flask_login import current_user

from hallweb.classifications.queries import classification_options
from hallweb.db.archiving import RESTORE_NOTE
from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.members import queries, services
from hallweb.members.contact_views import edit_contact_form, save_contact_form
from hallweb.members.forms import (
    EditMemberForm,
    LinkUserForm,
    NewMemberForm,
)
from hallweb.members.models import Member
from hallweb.members.panels import history as history_panel
from hallweb.members.panels import loaded_panels
from hallweb.members.policies import (
    can_edit_member,
    can_manage_members,
    can_read_member_history,
    can_restore_members,
)
from hallweb.members.views import bp
from hallweb.web.access import allowed, signed_in
from hallweb.web.confirm import confirm_page
from hallweb.web.forms import choices, offer_stored_version, submitted_version
from hallweb.web.htmx import redirect_to, render


def _form_choices(form, member=None):
    """Classifications in use, plus the member's own even if it has been retired since."""
    options = list(classification_options())
    if member is not None and member.classification_id not in {value for value, _ in options}:
        options.append((member.classification_id, member.classification.name))
    form.classification_id.choices = choices(options)
    return form


@bp.route("/new", methods=["GET", "POST"])
@allowed(can_manage_members)
def new():
    form = _form_choices(NewMemberForm(data=services.new_member_suggestions() if request.method == "GET" else None))
    if form.validate_on_submit():
        try:
            member = services.create_member(actor=current_user, **form.payload())
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"Member {member.full_name} added.", "success")
            return redirect_to(url_for(".detail", member_id=member.id))
    return render(
        "members/new.html", "members/_form.html", status=422 if form.errors else 200, form=form, action=url_for(".new")
    )


def viewable_member(member_id) -> Member:
    return services.ensure_can_view(current_user, queries.member_by_id(member_id))


def detail_context(member, replaced: dict | None = None) -> dict:
    """The member page; `replaced` gives the context of a panel a view already built, by its template."""
    can_edit = can_edit_member(current_user, member)
    return {
        "member": member,
        "panels": loaded_panels(member, current_user, replaced),
        "can_edit": can_edit,
        "link_form": LinkUserForm(formdata=None) if can_edit and member.user_id is None else None,
    }


def panel_reply(member, template: str, panel: dict, *, status: int = 200):
    """One panel of the member page: the panel alone under htmx, else the page with it in place."""
    return render(
        "members/detail.html",
        template,
        status=status,
        panel=panel,
        page_context=lambda: detail_context(member, {template: panel}),
    )


@bp.route("/<id:member_id>")
@signed_in
def detail(member_id):
    member = viewable_member(member_id)
    return render("members/detail.html", **detail_context(member))


@bp.route("/<id:member_id>/edit", methods=["GET", "POST"])
@allowed(can_manage_members)
def edit(member_id):
    member = viewable_member(member_id)
    form = _form_choices(EditMemberForm(obj=member), member)
    if form.validate_on_submit():
        try:
            services.update_member(
                member, actor=current_user, expected_version=submitted_version(form), **form.payload()
            )
        except DomainError as err:
            offer_stored_version(form, member, err)
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Member updated.", "success")
            return redirect_to(url_for(".detail", member_id=member.id))
    return render(
        "members/edit.html",
        "members/_form.html",
        status=422 if form.errors else 200,
        form=form,
        member=member,
        action=url_for(".edit", member_id=member.id),
    )


# Contact details, edited in place (click to edit) by staff.


def _contact_urls(member):
    return {
        "show_url": url_for(".contact", member_id=member.id),
        "edit_url": url_for(".edit_contact", member_id=member.id),
        "save_url": url_for(".save_contact", member_id=member.id),
    }


@bp.route("/<id:member_id>/contact")
@signed_in
def contact(member_id):
    member = viewable_member(member_id)
    return render(
        "members/detail.html",
        "members/_contact.html",
        member=member,
        **_contact_urls(member),
        page_context=lambda: detail_context(member),
    )


@bp.route("/<id:member_id>/contact/edit")
@allowed(can_manage_members)
def edit_contact(member_id):
    member = viewable_member(member_id)
    return edit_contact_form(member, _contact_urls(member))


@bp.route("/<id:member_id>/contact", methods=["POST"])
@allowed(can_manage_members)
def save_contact(member_id):
    member = viewable_member(member_id)
    return save_contact_form(
        member,
        _contact_urls(member),
        done_url=url_for(".detail", member_id=member.id),
        message="Contact details saved.",
    )


@bp.route("/<id:member_id>/archive/confirm")
@allowed(can_manage_members)
def confirm_archive(member_id):
    member = viewable_member(member_id)
    return confirm_page(
        question=f"Archive {member.full_name}?",
        consequences=[
            "The record is hidden from lists and can no longer be changed. Nothing is deleted.",
            RESTORE_NOTE,
        ],
        action=url_for(".archive", member_id=member.id),
        label="Archive",
        cancel_url=url_for(".detail", member_id=member.id),
    )


@bp.route("/<id:member_id>/archive", methods=["POST"])
@allowed(can_manage_members)
def archive(member_id):
    member = viewable_member(member_id)
    services.archive_member(member, actor=current_user)
    db.session.commit()
    flash(f"{member.full_name} is archived: hidden from lists, nothing deleted. {RESTORE_NOTE}", "success")
    return redirect_to(url_for(".detail", member_id=member.id))


@bp.route("/<id:member_id>/restore", methods=["POST"])
@allowed(can_restore_members)
def restore(member_id):
    member = viewable_member(member_id)
    services.restore_member(member, actor=current_user)
    db.session.commit()
    flash(f"{member.full_name} is restored.", "success")
    return redirect_to(url_for(".detail", member_id=member.id))


@bp.route("/<id:member_id>/history")
@allowed(can_read_member_history)
def history(member_id):
    member = viewable_member(member_id)
    return panel_reply(member, "members/_history.html", history_panel(member, current_user))
