from flask import Blueprint, flash, request, url_for
from flask_login import current_user

from hallweb.classifications.queries import classification_options
from hallweb.db.archiving import RESTORE_NOTE
from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.members import employment, linking, queries, services
from hallweb.members.contact_views import edit_contact_form, save_contact_form
from hallweb.members.forms import (
    EditMemberForm,
    EndJobForm,
    JobForm,
    LinkUserForm,
    MemberFilterForm,
    NewMemberForm,
    RejectLinkForm,
)
from hallweb.members.models import Member, MemberLinkRequest
from hallweb.members.panels import employment as employment_panel
from hallweb.members.panels import history as history_panel
from hallweb.members.panels import loaded_panels, with_choices
from hallweb.members.policies import (
    can_edit_member,
    can_manage_members,
    can_read_member_history,
    can_read_members,
    can_restore_members,
)
from hallweb.organizations.queries import employer_options
from hallweb.web.access import allowed, signed_in
from hallweb.web.confirm import confirm_page
from hallweb.web.csv_export import csv_response
from hallweb.web.forms import choices, offer_stored_version, submitted_version
from hallweb.web.htmx import hx_trigger, redirect_to, render, swap_or_redirect
from hallweb.web.ratelimit import rate_limited

bp = Blueprint("members", __name__, url_prefix="/members")


def _with_pick_lists(form: MemberFilterForm) -> dict:
    """The filter form with its pick lists' choices: only the whole page draws it, not the table fragment."""
    form.classification_id.choices = choices([("", "Any classification"), *classification_options()])
    form.employer_id.choices = choices([("", "Any employer"), *employer_options()])
    return {"form": form}


@bp.route("/")
@allowed(can_read_members)
def index():
    form = MemberFilterForm(formdata=request.args)
    filters = queries.visible_to(current_user, form.filters())
    page = queries.list_members(
        filters,
        after=request.args.get("after"),
        before=request.args.get("before"),
        last=request.args.get("last") == "1",
    )
    return render(
        "members/index.html",
        "members/_results.html",
        filters=filters,
        page=page,
        page_context=lambda: _with_pick_lists(form),
    )


@bp.route("/export.csv")
@allowed(can_read_members)
def export_csv():
    filters = queries.visible_to(current_user, MemberFilterForm(formdata=request.args).filters())
    header = [
        "card_number",
        "last_name",
        "first_name",
        "classification",
        "status",
        "current_employer",
        "email",
        "phone",
        "address_line1",
        "address_line2",
        "city",
        "state",
        "postal_code",
        "initiation_date",
        "home_local",
        "archived",
    ]

    def rows():  # a generator: the query runs while the response streams
        for m, employer in queries.members_for_export(filters):
            yield [
                m.card_number,
                m.last_name,
                m.first_name,
                m.classification.name,
                m.status,
                employer,
                m.email,
                m.phone,
                m.address_line1,
                m.address_line2,
                m.city,
                m.state,
                m.postal_code,
                m.initiation_date,
                m.home_local,
                "yes" if m.is_archived else "no",
            ]

    return csv_response("members.csv", header, rows())


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


def _member(member_id) -> Member:
    return services.ensure_can_view(current_user, queries.member_by_id(member_id))


def _detail_context(member, replaced: dict | None = None) -> dict:
    """The member page; `replaced` gives the context of a panel a view already built, by its template."""
    can_edit = can_edit_member(current_user, member)
    return {
        "member": member,
        "panels": loaded_panels(member, current_user, replaced),
        "can_edit": can_edit,
        "link_form": LinkUserForm(formdata=None) if can_edit and member.user_id is None else None,
    }


def _panel(member, template: str, panel: dict, *, status: int = 200, background: bool = False):
    """One panel of the member page: the panel alone under htmx, else the page with it in place."""
    return render(
        "members/detail.html",
        template,
        status=status,
        background=background,
        panel=panel,
        page_context=lambda: _detail_context(member, {template: panel}),
    )


@bp.route("/<id:member_id>")
@signed_in
def detail(member_id):
    member = _member(member_id)
    return render("members/detail.html", **_detail_context(member))


@bp.route("/<id:member_id>/edit", methods=["GET", "POST"])
@allowed(can_manage_members)
def edit(member_id):
    member = _member(member_id)
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
    member = _member(member_id)
    return render(
        "members/detail.html",
        "members/_contact.html",
        member=member,
        **_contact_urls(member),
        page_context=lambda: _detail_context(member),
    )


@bp.route("/<id:member_id>/contact/edit")
@allowed(can_manage_members)
def edit_contact(member_id):
    member = _member(member_id)
    return edit_contact_form(member, _contact_urls(member))


@bp.route("/<id:member_id>/contact", methods=["POST"])
@allowed(can_manage_members)
def save_contact(member_id):
    member = _member(member_id)
    return save_contact_form(
        member,
        _contact_urls(member),
        done_url=url_for(".detail", member_id=member.id),
        message="Contact details saved.",
    )


@bp.route("/<id:member_id>/archive/confirm")
@allowed(can_manage_members)
def confirm_archive(member_id):
    member = _member(member_id)
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
    member = _member(member_id)
    services.archive_member(member, actor=current_user)
    db.session.commit()
    flash(f"{member.full_name} is archived: hidden from lists, nothing deleted. {RESTORE_NOTE}", "success")
    return redirect_to(url_for(".detail", member_id=member.id))


@bp.route("/<id:member_id>/restore", methods=["POST"])
@allowed(can_restore_members)
def restore(member_id):
    member = _member(member_id)
    services.restore_member(member, actor=current_user)
    db.session.commit()
    flash(f"{member.full_name} is restored.", "success")
    return redirect_to(url_for(".detail", member_id=member.id))


# Employment


def _employment_reply(member):
    db.session.refresh(member)
    resp = swap_or_redirect(
        "members/_employment.html",
        url_for(".detail", member_id=member.id),
        panel=employment_panel(member, current_user),
    )
    return hx_trigger(resp, "member-changed")


@bp.route("/<id:member_id>/jobs/new")
@allowed(can_manage_members)
def new_job(member_id):
    member = _member(member_id)
    return _panel(member, "members/_employment.html", employment_panel(member, current_user, show_job_form=True))


@bp.route("/<id:member_id>/jobs", methods=["POST"])
@allowed(can_manage_members)
def add_job(member_id):
    member = _member(member_id)
    form = with_choices(JobForm())
    if form.validate_on_submit():
        try:
            employment.add_job(member, actor=current_user, **form.payload())
        except DomainError as err:
            db.session.rollback()
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Job added.", "success")
            return _employment_reply(member)
    return _panel(member, "members/_employment.html", employment_panel(member, current_user, job_form=form), status=422)


@bp.route("/<id:member_id>/jobs/end")
@allowed(can_manage_members)
def end_job_form(member_id):
    member = _member(member_id)
    return _panel(member, "members/_employment.html", employment_panel(member, current_user, show_end_form=True))


@bp.route("/<id:member_id>/jobs/end", methods=["POST"])
@allowed(can_manage_members)
def end_job(member_id):
    member = _member(member_id)
    form = EndJobForm()
    if form.validate_on_submit():
        try:
            employment.end_job(member, actor=current_user, end_date=form.end_date.data)
        except DomainError as err:
            db.session.rollback()
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Job ended.", "success")
            return _employment_reply(member)
    return _panel(member, "members/_employment.html", employment_panel(member, current_user, end_form=form), status=422)


@bp.route("/<id:member_id>/history")
@allowed(can_read_member_history)
def history(member_id):
    member = _member(member_id)
    return _panel(member, "members/_history.html", history_panel(member, current_user), background=True)


# Account links


@bp.route("/<id:member_id>/link", methods=["POST"])
@allowed(can_manage_members)
def link_user(member_id):
    member = _member(member_id)
    form = LinkUserForm()
    if form.validate_on_submit():
        try:
            user = services.link_user_by_email(member, actor=current_user, email=form.email.data)
        except DomainError as err:
            db.session.rollback()
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"Account {user.email} linked.", "success")
            return redirect_to(url_for(".detail", member_id=member.id))
    return render(
        "members/detail.html",
        "members/_account.html",
        status=422,
        member=member,
        link_form=form,
        page_context=lambda: _detail_context(member),
    )


@bp.route("/<id:member_id>/invite", methods=["POST"])
@allowed(can_manage_members)
@rate_limited("RATELIMIT_INVITE")
@rate_limited("RATELIMIT_INVITE", per="user")
def invite(member_id):
    member = _member(member_id)
    form = LinkUserForm()  # the panel's other form, drawn again with the answer
    try:
        user = linking.invite_member(member, actor=current_user)
    except DomainError as err:
        db.session.rollback()
        err.attach_to(form)
        return render(
            "members/detail.html",
            "members/_account.html",
            status=422,
            member=member,
            link_form=form,
            page_context=lambda: _detail_context(member),
        )
    db.session.commit()
    flash(f"Invitation sent to {user.email}. Once they set a password, they see this record as their own.", "success")
    return redirect_to(url_for(".detail", member_id=member.id))


@bp.route("/<id:member_id>/unlink/confirm")
@allowed(can_manage_members)
def confirm_unlink_user(member_id):
    member = _member(member_id)
    account = member.user.email if member.user else "the account"
    return confirm_page(
        question=f"Unlink {account} from {member.full_name}?",
        consequences=[
            f"{account} no longer sees this record under “My record”. The account itself stays.",
            "The account can be linked again from this page.",
        ],
        action=url_for(".unlink_user", member_id=member.id),
        label="Unlink",
        cancel_url=url_for(".detail", member_id=member.id),
    )


@bp.route("/<id:member_id>/unlink", methods=["POST"])
@allowed(can_manage_members)
def unlink_user(member_id):
    member = _member(member_id)
    services.unlink_user(member, actor=current_user)
    db.session.commit()
    flash("Account unlinked.", "success")
    return redirect_to(url_for(".detail", member_id=member.id))


def _link_requests_context(reject_form=None, request_id=None) -> dict:
    """The pending requests, each with its reject form (the posted one, with its errors, for `request_id`)."""
    requests = queries.pending_link_requests()
    forms = {r.id: RejectLinkForm(formdata=None, prefix=f"reject-{r.id}") for r in requests}
    if reject_form is not None:
        forms[request_id] = reject_form
    return {"requests": requests, "reject_forms": forms}


def _link_requests_reply():
    return swap_or_redirect("members/_link_requests.html", url_for(".link_requests"), **_link_requests_context())


@bp.route("/link-requests")
@allowed(can_manage_members)
def link_requests():
    return render("members/link_requests.html", "members/_link_requests.html", **_link_requests_context())


@bp.route("/link-requests/<id:request_id>/approve", methods=["POST"])
@allowed(can_manage_members)
@rate_limited("RATELIMIT_LINK_DECISIONS")
@rate_limited("RATELIMIT_LINK_DECISIONS", per="user")
def approve_link_request(request_id):
    linking.approve_link_request(db.get_or_404(MemberLinkRequest, request_id), actor=current_user)
    db.session.commit()
    flash("Request approved: the account is linked and the member is emailed.", "success")
    return _link_requests_reply()


@bp.route("/link-requests/<id:request_id>/reject", methods=["POST"])
@allowed(can_manage_members)
@rate_limited("RATELIMIT_LINK_DECISIONS")
@rate_limited("RATELIMIT_LINK_DECISIONS", per="user")
def reject_link_request(request_id):
    link_request = db.get_or_404(MemberLinkRequest, request_id)
    form = RejectLinkForm(prefix=f"reject-{request_id}")
    if form.validate_on_submit():
        try:
            linking.reject_link_request(link_request, actor=current_user, reason=form.reason.data)
        except DomainError as err:
            db.session.rollback()
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Request rejected: the member is emailed the reason.", "success")
            return _link_requests_reply()
    return render(
        "members/link_requests.html",
        "members/_link_requests.html",
        status=422,
        **_link_requests_context(form, request_id),
    )
