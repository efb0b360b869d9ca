"""Account emails, each in plain text and HTML; links are absolute from BASE_URL, never the Host header.

One-time links (verification, reset, invitation, email change) are not in the stored message: it holds
outbox.LINK, and the outbox asks make_link() for a fresh token each time it sends the message.
"""

from flask import current_app, render_template

from hallweb.auth import tokens
from hallweb.auth.models import TokenPurpose, User
from hallweb.extensions import db
from hallweb.outbox import services as outbox

LINK_PATHS = {
    TokenPurpose.VERIFY: "/auth/verify/",
    TokenPurpose.RESET: "/auth/reset/",
    TokenPurpose.INVITE: "/auth/invite/",
    TokenPurpose.EMAIL_CHANGE: "/me/email/confirm/",
    TokenPurpose.SIGN_IN_EMAIL: "/me/email/confirm/",  # an email change that also moves the sign-in address
}
EMAIL_CHANGES = (TokenPurpose.EMAIL_CHANGE, TokenPurpose.SIGN_IN_EMAIL)  # tokens that carry the new address


def absolute(path: str) -> str:
    return current_app.config["BASE_URL"] + path


def make_link(msg) -> str:
    """A fresh token for the message's user and purpose (earlier ones of that purpose stop working)."""
    user = db.session.get(User, msg.link_user_id)
    new_email = msg.recipient if msg.link_purpose in EMAIL_CHANGES else None
    return absolute(LINK_PATHS[msg.link_purpose] + tokens.issue_token(user, msg.link_purpose, new_email=new_email))


for _purpose in LINK_PATHS:
    outbox.link_maker(_purpose)(make_link)


def _send(
    user: User,
    template: str,
    subject: str,
    *,
    to: str | None = None,
    link_purpose: str | None = None,
    by_name: bool = False,
    **ctx,
):
    """Queue one message. Only by_name messages greet the user by name: mail that can reach an address
    nobody has proved (sign-up, resend, reset, "account exists", email change) carries only the hall's
    own words, never a name a stranger typed (e.g. "URGENT: pay at https://...")."""
    if link_purpose:
        ctx["link"] = outbox.LINK
    ctx.update(
        user=user,
        greeting=f"Hello {user.first_name}," if by_name else "Hello,",
        local_name=current_app.config["LOCAL_NAME"],
        base_url=current_app.config["BASE_URL"],
    )
    return outbox.queue(
        to or user.email,
        f"{current_app.config['LOCAL_NAME']}: {subject}",
        render_template(f"email/{template}.txt", **ctx),
        render_template(f"email/{template}.html", **ctx),
        link_purpose=link_purpose,
        link_user_id=user.id if link_purpose else None,
    )


def send_verify(user: User):
    return _send(user, "verify", "confirm your email address", link_purpose=TokenPurpose.VERIFY)


def send_welcome(user: User):
    return _send(user, "welcome", "welcome", link=absolute("/auth/login"), by_name=True)  # the address is proved


def send_reset(user: User):
    return _send(user, "reset", "reset your password", link_purpose=TokenPurpose.RESET)


def send_invite(user: User, *, invited_by: User):
    # The name was written by the hall office, not by whoever owns the address.
    return _send(
        user, "invite", "you are invited", link_purpose=TokenPurpose.INVITE, invited_by=invited_by, by_name=True
    )


def send_account_exists(user: User):
    return _send(
        user,
        "account_exists",
        "someone tried to register with your address",
        sign_in_link=absolute("/auth/login"),
        reset_link=absolute("/auth/forgot"),
    )


def send_email_change(user: User, new_email: str, *, also_sign_in: bool = False):
    return _send(
        user,
        "email_change",
        "confirm your new email address",
        to=new_email,
        link_purpose=TokenPurpose.SIGN_IN_EMAIL if also_sign_in else TokenPurpose.EMAIL_CHANGE,
        new_email=new_email,
        also_sign_in=also_sign_in,
    )
