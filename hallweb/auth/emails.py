"""Account emails, each in plain text and HTML; links are absolute from BASE_URL, never the Host header.

One-time links (verification, reset, invitation, email change) are not in the stored message: it holds
outbox.LINK, and the outbox asks make_link() for a fresh token each time it sends the message.
"""

from hallweb.auth import tokens
from hallweb.auth.models import TokenPurpose, User
from hallweb.extensions import db
from hallweb.outbox import services as outbox
from hallweb.outbox.letters import absolute, send

LINK_PATHS = {
    TokenPurpose.VERIFY: "/auth/verify/",
    TokenPurpose.RESET: "/auth/reset/",
    TokenPurpose.INVITE: "/auth/invite/",
    TokenPurpose.EMAIL_CHANGE: "/me/email/confirm/",
    TokenPurpose.SIGN_IN_EMAIL: "/me/email/confirm/",  # an email change that also moves the sign-in address
}
EMAIL_CHANGES = (TokenPurpose.EMAIL_CHANGE, TokenPurpose.SIGN_IN_EMAIL)  # tokens that carry the new address


def make_link(msg) -> str:
    """A fresh token for the message's user and purpose (earlier ones of that purpose stop working)."""
    user = db.session.get(User, msg.link_user_id)
    new_email = msg.recipient if msg.link_purpose in EMAIL_CHANGES else None
    return absolute(LINK_PATHS[msg.link_purpose] + tokens.issue_token(user, msg.link_purpose, new_email=new_email))


for _purpose in LINK_PATHS:
    outbox.link_maker(_purpose)(make_link)


def send_verify(user: User):
    return send(user, "verify", "confirm your email address", link_purpose=TokenPurpose.VERIFY)


def send_welcome(user: User):
    return send(user, "welcome", "welcome", link=absolute("/auth/login"), by_name=True)  # the address is proved


def send_reset(user: User):
    return send(user, "reset", "reset your password", link_purpose=TokenPurpose.RESET)


def send_invite(user: User, *, invited_by: User):
    # The name was written by the hall office, not by whoever owns the address.
    return send(
        user, "invite", "you are invited", link_purpose=TokenPurpose.INVITE, invited_by=invited_by, by_name=True
    )


def send_account_exists(user: User):
    return send(
        user,
        "account_exists",
        "someone tried to register with your address",
        sign_in_link=absolute("/auth/login"),
        reset_link=absolute("/auth/forgot"),
    )
