from flask import Blueprint, flash, request, url_for
from flask_login import current_user

from hallweb import background
from hallweb.auth import login, services
from hallweb.auth.forms import EmailForm, LoginForm, RegisterForm, SetPasswordForm
from hallweb.auth.models import TokenPurpose
from hallweb.auth.tokens import TokenInvalid, find_token
from hallweb.db.transactions import writes
from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.web.access import public, signed_in
from hallweb.web.htmx import redirect_to, render
from hallweb.web.ratelimit import rate_limited

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.route("/register", methods=["GET", "POST"])
@public
@rate_limited("RATELIMIT_REGISTER")
@rate_limited("RATELIMIT_MAIL_PER_ADDRESS", per="address")
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        data = form.payload()
        data.pop("confirm")
        try:
            services.register_user(**data)
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            return render("auth/check_email.html", "auth/_check_email.html", email=form.email.data)
    return render("auth/register.html", "auth/_register_form.html", status=422 if form.errors else 200, form=form)


@bp.route("/verify/<token>")
@public
@rate_limited("RATELIMIT_VERIFY", methods=["GET"])  # its welcome message: once per single-use link
@writes
def verify(token):
    try:
        services.verify_email(token)
    except TokenInvalid as err:
        db.session.rollback()
        return render("auth/verify_failed.html", status=400, reason=err.message, form=EmailForm())
    db.session.commit()
    flash("Your email address is confirmed. You can sign in now.", "success")
    return redirect_to(url_for("auth.login"))


@bp.route("/verify/resend", methods=["GET", "POST"])
@public
@rate_limited("RATELIMIT_REGISTER")
@rate_limited("RATELIMIT_MAIL_PER_ADDRESS", per="address")
def resend_verification():
    form = EmailForm(email=request.args.get("email", ""))
    if form.validate_on_submit():
        # After the response: the answer and its timing are the same whether the address has an account.
        background.run_later("resend_verification", form.email.data)
        return render("auth/check_email.html", "auth/_check_email.html", email=form.email.data)
    return render("auth/resend.html", "auth/_resend_form.html", status=422 if form.errors else 200, form=form)


@bp.route("/login", methods=["GET", "POST"], endpoint="login")
@public
@rate_limited("RATELIMIT_SIGN_IN")
def login_page():
    form = LoginForm(next=request.args.get("next", ""))
    unverified_email = None
    if form.validate_on_submit():
        try:
            result = services.sign_in(
                form.email.data,
                form.password.data,
                ip=request.remote_addr,
                user_agent=request.headers.get("User-Agent"),
            )
        except services.EmailNotVerified as err:
            unverified_email = err.email
            err.attach_to(form)
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            login.begin(result.user, result.token, remember=form.remember.data)
            return redirect_to(login.safe_next(form.next.data) or url_for("home.index"))
        db.session.commit()  # failure counts, lockouts and their audit rows are kept
    return render(
        "auth/login.html",
        "auth/_login_form.html",
        status=422 if form.errors else 200,
        form=form,
        unverified_email=unverified_email,
    )


@bp.route("/logout", methods=["POST"])
@signed_in
def logout():
    services.sign_out(current_user, login.current_token())
    db.session.commit()
    login.end()
    flash("You are signed out.", "success")
    return redirect_to(url_for("auth.login"))


@bp.route("/forgot", methods=["GET", "POST"])
@public
@rate_limited("RATELIMIT_FORGOT")
@rate_limited("RATELIMIT_MAIL_PER_ADDRESS", per="address")
def forgot():
    form = EmailForm()
    if form.validate_on_submit():
        # After the response: the answer and its timing are the same whether the address has an account.
        background.run_later("request_password_reset", form.email.data)
        return render("auth/check_email.html", "auth/_check_email.html", email=form.email.data, reset=True)
    return render("auth/forgot.html", "auth/_forgot_form.html", status=422 if form.errors else 200, form=form)


def _set_password_page(token, purpose, service, template, done_message):
    """Reset and invitation links: show the form while the link is live, then set the password."""
    try:
        find_token(token, purpose)
    except TokenInvalid as err:
        return render(
            "auth/link_failed.html", "auth/_link_failed.html", status=400, reason=err.message, purpose=purpose
        )
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            service(token, form.password.data)
        except TokenInvalid as err:
            db.session.rollback()  # used meanwhile (another tab): 422 so htmx swaps the message in
            return render(
                "auth/link_failed.html", "auth/_link_failed.html", status=422, reason=err.message, purpose=purpose
            )
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            login.end()
            flash(done_message, "success")
            return redirect_to(url_for("auth.login"))
    return render(
        template, "auth/_set_password_form.html", status=422 if form.errors else 200, form=form, action=request.path
    )


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
@rate_limited("RATELIMIT_FORGOT")
def reset(token):
    return _set_password_page(
        token,
        TokenPurpose.RESET,
        services.reset_password,
        "auth/reset.html",
        "Your password is changed and every session is signed out. Sign in with the new one.",
    )


@bp.route("/invite/<token>", methods=["GET", "POST"])
@public
@rate_limited("RATELIMIT_FORGOT")
def accept_invite(token):
    return _set_password_page(
        token,
        TokenPurpose.INVITE,
        services.accept_invitation,
        "auth/invite.html",
        "Your account is ready. Sign in with your new password.",
    )
