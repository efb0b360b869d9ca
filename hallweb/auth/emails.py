"""Account emails, each in plain text and HTML; links are absolute from BASE_URL, never the Host header."""

from flask import current_app, render_template

from hallweb.auth.models import User
from hallweb.outbox import services as outbox


def absolute(path: str) -> str:
    return current_app.config["BASE_URL"] + path


def _send(user: User, template: str, subject: str, *, to: str | None = None, **ctx):
    ctx.update(user=user, local_name=current_app.config["LOCAL_NAME"], base_url=current_app.config["BASE_URL"])
    return outbox.queue(
        to or user.email,
        f"{current_app.config['LOCAL_NAME']}: {subject}",
        render_template(f"email/{template}.txt", **ctx),
        render_template(f"email/{template}.html", **ctx),
    )


def send_verify(user: User, token: str):
    return _send(user, "verify", "confirm your email address", link=absolute(f"/auth/verify/{token}"))


def send_welcome(user: User):
    return _send(user, "welcome", "welcome", link=absolute("/auth/login"))


def send_reset(user: User, token: str):
    return _send(user, "reset", "reset your password", link=absolute(f"/auth/reset/{token}"))


def send_invite(user: User, token: str, *, invited_by: User):
    return _send(user, "invite", "you are invited", link=absolute(f"/auth/invite/{token}"), invited_by=invited_by)


def send_account_exists(user: User):
    return _send(
        user,
        "account_exists",
        "someone tried to register with your address",
        sign_in_link=absolute("/auth/login"),
        reset_link=absolute("/auth/forgot"),
    )


def send_email_change(user: User, token: str, new_email: str):
    return _send(
        user,
        "email_change",
        "confirm your new email address",
        to=new_email,
        link=absolute(f"/me/email/confirm/{token}"),
        new_email=new_email,
    )
