from datetime import UTC, datetime, time

from flask import Blueprint, flash, request, url_for
from flask_login import current_user

from hallweb.admin import queries
from hallweb.admin.forms import (
    AuditFilterForm,
    ClassificationForm,
    CreateUserForm,
    GrantRoleForm,
    InviteForm,
    SuspendForm,
    UserFilterForm,
)
from hallweb.audit.queries import entries, history_of
from hallweb.auth import accounts
from hallweb.auth.models import User
from hallweb.classifications import queries as classification_queries
from hallweb.classifications import services as classifications
from hallweb.classifications.models import Classification
from hallweb.errors import DomainError, NotFound
from hallweb.extensions import db
from hallweb.policies import can_administer
from hallweb.web.access import allowed
from hallweb.web.confirm import confirm_page, confirmed
from hallweb.web.forms import page_number
from hallweb.web.htmx import redirect_to, render, swap_or_redirect
from hallweb.web.ratelimit import rate_limited
from hallweb.web.templating import role_label

bp = Blueprint("admin", __name__, url_prefix="/admin")


admin_only = allowed(can_administer)


@bp.route("/users")
@admin_only
def users():
    form = UserFilterForm(formdata=request.args)
    form.validate()
    filters = {k: form[k].data or "" for k in ("q", "role", "status") if not form[k].errors}
    pagination = queries.list_users(**filters, page=page_number(request.args.get("page")))
    return render(
        "admin/users/index.html",
        "admin/users/_table.html",
        form=form,
        pagination=pagination,
        filters=filters,
        statuses=queries.USER_STATUSES,
    )


@bp.route("/users/invite", methods=["GET", "POST"])
@admin_only
@rate_limited("RATELIMIT_INVITE")
@rate_limited("RATELIMIT_INVITE", per="user")
def invite_user():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            user = accounts.invite_user(actor=current_user, **form.payload())
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"Invitation sent to {user.email}.", "success")
            return redirect_to(url_for(".user_detail", user_id=user.id))
    return render(
        "admin/users/invite.html", "admin/users/_invite_form.html", status=422 if form.errors else 200, form=form
    )


@bp.route("/users/new", methods=["GET", "POST"])
@admin_only
def new_user():
    form = CreateUserForm()
    if form.validate_on_submit():
        data = form.payload()
        data.pop("confirm")
        try:
            user = accounts.create_user(actor=current_user, **data)
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"User {user.email} created.", "success")
            return redirect_to(url_for(".user_detail", user_id=user.id))
    return render("admin/users/new.html", "admin/users/_new_form.html", status=422 if form.errors else 200, form=form)


@bp.route("/users/<id:user_id>")
@admin_only
def user_detail(user_id):
    return _user_panel(db.get_or_404(User, user_id))


@bp.route("/users/<id:user_id>/roles", methods=["POST"])
@admin_only
def grant_role(user_id):
    user = db.get_or_404(User, user_id)
    form = GrantRoleForm()
    if form.validate_on_submit():
        expires_at = datetime.combine(form.expires_on.data, time.min, UTC) if form.expires_on.data else None
        try:
            accounts.grant_role(actor=current_user, user=user, role_name=form.role.data, expires_at=expires_at)
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"Role {role_label(form.role.data)} granted.", "success")
            return _user_panel_reply(user)
    return _user_panel(user, grant_form=form, status=422)


@bp.route("/users/<id:user_id>/roles/<id:role_id>/remove/confirm")
@admin_only
def confirm_remove_role(user_id, role_id):
    user = db.get_or_404(User, user_id)
    grant = next((g for g in user.grants if g.role_id == role_id), None)
    if grant is None:
        raise NotFound("This user does not hold that role.")
    return confirm_page(
        question=f"Remove the role {grant.role.display_name} from {user.email}?",
        consequences=["Whatever the role allowed stops at the user's next page.", "It can be granted again."],
        action=url_for(".remove_role", user_id=user.id, role_id=role_id),
        label="Remove",
        cancel_url=url_for(".user_detail", user_id=user.id),
    )


@bp.route("/users/<id:user_id>/roles/<id:role_id>/remove", methods=["POST"])
@admin_only
def remove_role(user_id, role_id):
    user = db.get_or_404(User, user_id)
    accounts.remove_role(actor=current_user, user=user, role_id=role_id)
    db.session.commit()
    flash("Role removed.", "success")
    return _user_panel_reply(user)


@bp.route("/users/<id:user_id>/suspend", methods=["POST"])
@admin_only
def suspend_user(user_id):
    user = db.get_or_404(User, user_id)
    form = SuspendForm()
    if form.validate_on_submit():
        if not confirmed():
            return confirm_page(
                question=f"Suspend {user.email}?",
                consequences=[
                    "The account is signed out everywhere now and cannot sign in until the suspension is lifted.",
                    f"At sign-in it is shown: “{form.message.data}”",
                ],
                action=url_for(".suspend_user", user_id=user.id),
                label="Suspend",
                cancel_url=url_for(".user_detail", user_id=user.id),
                carry={"message": form.message.data},
            )
        try:
            accounts.suspend_user(actor=current_user, user=user, message=form.message.data)
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"{user.email} is suspended and signed out everywhere.", "success")
            return _user_panel_reply(user)
    return _user_panel(user, suspend_form=form, status=422)


@bp.route("/users/<id:user_id>/unsuspend", methods=["POST"])
@admin_only
def unsuspend_user(user_id):
    user = db.get_or_404(User, user_id)
    accounts.unsuspend_user(actor=current_user, user=user)
    db.session.commit()
    flash(f"{user.email} may sign in again.", "success")
    return _user_panel_reply(user)


@bp.route("/users/<id:user_id>/unlock", methods=["POST"])
@admin_only
def unlock_user(user_id):
    user = db.get_or_404(User, user_id)
    accounts.unlock_user(actor=current_user, user=user)
    db.session.commit()
    flash(f"{user.email} is unlocked.", "success")
    return _user_panel_reply(user)


def _user_panel_reply(user):
    """After a successful action: htmx gets the refreshed panel, a plain form post a 303 to the user page."""
    return swap_or_redirect(
        "admin/users/_panel.html", url_for(".user_detail", user_id=user.id), **_user_panel_context(user)
    )


def _user_panel_context(user, *, grant_form=None, suspend_form=None):
    return {
        "user": user,
        "grant_form": grant_form or GrantRoleForm(formdata=None),
        "suspend_form": suspend_form or SuspendForm(formdata=None),
        "history": history_of(user),
    }


def _user_panel(user, *, grant_form=None, suspend_form=None, status=200):
    return render(
        "admin/users/detail.html",
        "admin/users/_panel.html",
        status=status,
        **_user_panel_context(user, grant_form=grant_form, suspend_form=suspend_form),
    )


@bp.route("/audit")
@admin_only
def audit_log():
    form = AuditFilterForm(formdata=request.args)
    form.validate()
    filters = {
        k: form[k].data
        for k in ("action", "actor", "entity_type", "entity_id", "since", "until")
        if not form[k].errors and form[k].data not in (None, "")
    }
    pagination = (
        None if form.range_refused else queries.list_audit(**filters, page=page_number(request.args.get("page")))
    )
    return render(
        "admin/audit/index.html",
        "admin/audit/_log.html",
        status=422 if form.range_refused else 200,
        form=form,
        pagination=pagination,
        history=entries(pagination.items, with_records=True) if pagination is not None else [],
        filters=filters,
    )


@bp.route("/classifications", methods=["GET", "POST"])
@admin_only
def classifications_page():
    form = ClassificationForm()
    if form.validate_on_submit():
        try:
            added = classifications.add_classification(actor=current_user, name=form.name.data)
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"Classification “{added.name}” added.", "success")
            return redirect_to(url_for(".classifications_page"))
    return render(
        "admin/classifications.html",
        "admin/_classifications.html",
        status=422 if form.errors else 200,
        form=form,
        classifications=classification_queries.all_classifications(),
    )


@bp.route("/classifications/<id:classification_id>/<any(retire, restore):change>", methods=["POST"])
@admin_only
def change_classification(classification_id, change):
    classification = db.get_or_404(Classification, classification_id)
    classifications.set_classification_active(classification, actor=current_user, active=change == "restore")
    db.session.commit()
    return swap_or_redirect(
        "admin/_classifications.html",
        url_for(".classifications_page"),
        form=ClassificationForm(formdata=None),
        classifications=classification_queries.all_classifications(),
    )


@bp.route("/outbox")
@admin_only
def outbox():
    return render(
        "admin/outbox.html",
        "admin/_outbox_table.html",
        pagination=queries.list_outbox(page=page_number(request.args.get("page"))),
    )
