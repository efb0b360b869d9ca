from flask import Blueprint, flash, url_for
from flask_login import current_user

from hallweb.auth import login, services
from hallweb.auth import sessions as sessions_service
from hallweb.auth.forms import ChangePasswordForm, ProfileForm
from hallweb.errors import DomainError, NotFound
from hallweb.extensions import db
from hallweb.web.access import signed_in
from hallweb.web.confirm import confirm_page
from hallweb.web.htmx import redirect_to, render, swap_or_redirect

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/profile", methods=["GET", "POST"])
@signed_in
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        try:
            services.update_profile(current_user, actor=current_user, **form.payload())
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Your profile is saved.", "success")
            return redirect_to(url_for(".profile"))
    return render("account/profile.html", "account/_profile_form.html", status=422 if form.errors else 200, form=form)


@bp.route("/password", methods=["GET", "POST"])
@signed_in
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            ended = services.change_password(
                current_user, form.current_password.data, form.password.data, keep_session_id=login.current_session_id()
            )
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"Your password is changed. Other sessions signed out: {ended}.", "success")
            return redirect_to(url_for("account.sessions"))
    return render("account/password.html", "account/_password_form.html", status=422 if form.errors else 200, form=form)


@bp.route("/sessions")
@signed_in
def sessions():
    return _sessions_panel()


@bp.route("/sessions/<id:session_id>/revoke/confirm")
@signed_in
def confirm_revoke_session(session_id):
    own = next((s for s in sessions_service.live_sessions(current_user) if s.id == session_id), None)
    if own is None:
        raise NotFound("That session does not exist.")
    this_browser = session_id == login.current_session_id()
    return confirm_page(
        question="Sign out this browser?" if this_browser else f"Sign out {own.user_agent or 'that device'}?",
        consequences=[
            "You will need your password to sign in here again."
            if this_browser
            else "Whoever uses that browser or device needs your password to sign in again."
        ],
        action=url_for(".revoke_session", session_id=session_id),
        label="Sign out",
        cancel_url=url_for(".sessions"),
    )


@bp.route("/sessions/<id:session_id>/revoke", methods=["POST"])
@signed_in
def revoke_session(session_id):
    current_id = login.current_session_id()
    sessions_service.revoke_session(current_user, session_id, actor=current_user)
    db.session.commit()
    if session_id == current_id:
        login.end()
        flash("This browser is signed out.", "success")
        return redirect_to(url_for("auth.login"))
    flash("That session is signed out.", "success")
    return _sessions_reply()


@bp.route("/sessions/revoke-others/confirm")
@signed_in
def confirm_revoke_other_sessions():
    return confirm_page(
        question="Sign out every other browser and device?",
        consequences=["This browser stays signed in; every other one needs your password to sign in again."],
        action=url_for(".revoke_other_sessions"),
        label="Sign out all other sessions",
        cancel_url=url_for(".sessions"),
    )


@bp.route("/sessions/revoke-others", methods=["POST"])
@signed_in
def revoke_other_sessions():
    ended = sessions_service.revoke_other_sessions(current_user, keep_session_id=login.current_session_id())
    db.session.commit()
    flash(f"Other sessions signed out: {ended}.", "success")
    return _sessions_reply()


def _sessions_context():
    return {
        "user_sessions": sessions_service.live_sessions(current_user),
        "current_session_id": login.current_session_id(),
    }


def _sessions_panel():
    return render("account/sessions.html", "account/_sessions.html", **_sessions_context())


def _sessions_reply():
    """After a revocation: htmx gets the refreshed list, a plain form post a 303 back to it."""
    return swap_or_redirect("account/_sessions.html", url_for(".sessions"), **_sessions_context())
