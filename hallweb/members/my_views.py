"""The member's own record: profile, employment, contact details, email change, link request."""

from flask import Blueprint, flash, url_for
from flask_login import current_user

from hallweb.auth.tokens import TokenInvalid
from hallweb.db.transactions import writes
from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.members import email_change, linking, queries
from hallweb.members.contact_views import edit_contact_form, save_contact_form
from hallweb.members.forms import EmailChangeForm, LinkRequestForm
from hallweb.members.models import LinkRequestStatus
from hallweb.web.access import signed_in
from hallweb.web.confirm import confirm_page
from hallweb.web.htmx import redirect_to, render
from hallweb.web.ratelimit import rate_limited

bp = Blueprint("me", __name__, url_prefix="/me")


def _page(member=None, *, link_form=None, email_form=None, status=200):
    """The /me page: the member's record, or the link request form while the account is not linked."""
    member = member or queries.member_of(current_user)
    if member is None:
        return render(
            "members/me_unlinked.html",
            "members/_link_request_form.html",
            status=status,
            form=link_form or LinkRequestForm(formdata=None),
            page_context=lambda: _unlinked_context(),
        )
    email_form = email_form or EmailChangeForm(formdata=None)
    return render(
        "members/me.html",
        "members/_email_form.html",
        status=status,
        email_form=email_form,
        page_context=lambda: _record_context(member, email_form),
    )


def _unlinked_context() -> dict:
    latest = linking.latest_request_of(current_user)
    return {
        "pending": latest if latest and latest.status == LinkRequestStatus.PENDING else None,
        "rejected": latest if latest and latest.status == LinkRequestStatus.REJECTED else None,
    }


def _record_context(member, email_form=None) -> dict:
    """What the /me page draws around any one of its panels."""
    return {"member": member, "email_form": email_form or EmailChangeForm(formdata=None), **_contact_urls()}


def _contact_urls():
    return {"show_url": url_for(".contact"), "edit_url": url_for(".edit_contact"), "save_url": url_for(".contact")}


def _my_member():
    member = queries.member_of(current_user)
    if member is None:
        raise DomainError("Your account is not linked to a member record yet.")
    return member


@bp.route("/")
@signed_in
def index():
    return _page()


@bp.route("/link", methods=["POST"])
@signed_in
def request_link():
    form = LinkRequestForm()
    if form.validate_on_submit():
        try:
            linking.request_member_link(current_user, **form.payload())
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Thank you. The hall office will confirm the link and you will then see your record here.", "success")
            return redirect_to(url_for(".index"))
    return _page(link_form=form, status=422)


@bp.route("/link/withdraw/confirm")
@signed_in
def confirm_withdraw_link():
    return confirm_page(
        question="Withdraw your request to be linked?",
        consequences=["The hall office no longer sees the request. You can ask again whenever you like."],
        action=url_for(".withdraw_link"),
        label="Withdraw this request",
        cancel_url=url_for(".index"),
    )


@bp.route("/link/withdraw", methods=["POST"])
@signed_in
def withdraw_link():
    linking.withdraw_link_request(current_user)
    db.session.commit()
    flash("Your request is withdrawn. You can ask again whenever you like.", "success")
    return redirect_to(url_for(".index"))


@bp.route("/contact")
@signed_in
def contact():
    member = _my_member()
    return render(
        "members/me.html",
        "members/_contact.html",
        member=member,
        **_contact_urls(),
        page_context=lambda: _record_context(member),
    )


@bp.route("/contact/edit")
@signed_in
def edit_contact():
    return edit_contact_form(_my_member(), _contact_urls())


@bp.route("/contact", methods=["POST"])
@signed_in
def save_contact():
    return save_contact_form(
        _my_member(), _contact_urls(), done_url=url_for(".index"), message="Your contact details are saved."
    )


@bp.route("/email", methods=["POST"])
@signed_in
@rate_limited("RATELIMIT_EMAIL_CHANGE")
@rate_limited("RATELIMIT_EMAIL_CHANGE", per="user")
def change_email():
    member = _my_member()
    form = EmailChangeForm()
    if form.validate_on_submit():
        try:
            email_change.request_email_change(
                member, actor=current_user, new_email=form.email.data, also_sign_in=form.also_sign_in.data
            )
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            what = "Your email and sign-in address change" if form.also_sign_in.data else "Your email changes"
            flash(f"We sent a link to {form.email.data.strip().lower()}. {what} when you open it.", "success")
            return redirect_to(url_for(".index"))
    return _page(member, email_form=form, status=422)


@bp.route("/email/confirm/<token>")
@signed_in
@writes
@rate_limited("RATELIMIT_VERIFY", methods=["GET"])  # a moved sign-in address is told to the old one: once per link
def confirm_email(token):
    try:
        member = email_change.confirm_email_change(token, actor=current_user)
    except TokenInvalid as err:
        db.session.rollback()
        flash(f"{err.message} Ask for a new link below.", "error")
        return redirect_to(url_for(".index"))
    except DomainError as err:
        db.session.rollback()
        flash(err.message, "error")
        return redirect_to(url_for(".index"))
    db.session.commit()
    signs_in = " You sign in with it from now on." if current_user.email == member.email else ""
    flash(f"Your email address is now {member.email}.{signs_in}", "success")
    return redirect_to(url_for(".index"))
