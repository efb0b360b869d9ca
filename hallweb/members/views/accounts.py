"""A member's sign-in account: link, invite, unlink; and the link requests members send."""

from flask import flash, url_for
from flask_login import current_user

from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.members import linking, queries, services
from hallweb.members.forms import (
    LinkUserForm,
    RejectLinkForm,
)
from hallweb.members.models import MemberLinkRequest
from hallweb.members.policies import (
    can_manage_members,
)
from hallweb.members.views import bp
from hallweb.members.views.record import detail_context, viewable_member
from hallweb.web.access import allowed
from hallweb.web.confirm import confirm_page
from hallweb.web.htmx import redirect_to, render, swap_or_redirect
from hallweb.web.ratelimit import rate_limited


@bp.route("/<id:member_id>/link", methods=["POST"])
@allowed(can_manage_members)
def link_user(member_id):
    member = viewable_member(member_id)
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
        page_context=lambda: detail_context(member),
    )


@bp.route("/<id:member_id>/invite", methods=["POST"])
@allowed(can_manage_members)
@rate_limited("RATELIMIT_INVITE")
@rate_limited("RATELIMIT_INVITE", per="user")
def invite(member_id):
    member = viewable_member(member_id)
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
            page_context=lambda: detail_context(member),
        )
    db.session.commit()
    flash(f"Invitation sent to {user.email}. Once they set a password, they see this record as their own.", "success")
    return redirect_to(url_for(".detail", member_id=member.id))


@bp.route("/<id:member_id>/unlink/confirm")
@allowed(can_manage_members)
def confirm_unlink_user(member_id):
    member = viewable_member(member_id)
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
    member = viewable_member(member_id)
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
