"""Member emails: confirming a new address, the answer to an account link request, a moved sign-in address."""

from hallweb.auth.models import TokenPurpose, User
from hallweb.outbox.letters import absolute, send


def send_link_approved(user: User):
    # To the address the account signs in with, which its owner proved before they could ask.
    return send(user, "link_approved", "your member record is linked", link=absolute("/me/"), by_name=True)


def send_link_rejected(user: User, reason: str):
    return send(
        user, "link_rejected", "your link request was not approved", reason=reason, link=absolute("/me/"), by_name=True
    )


def send_sign_in_changed(user: User, old_email: str):
    """To the address the account signed in with until now: if someone else moved it, its owner learns of it.
    Not by name: whoever moved it may have renamed the account too."""
    return send(user, "sign_in_changed", "your sign-in address has changed", to=old_email, old_email=old_email)


def send_email_change(user: User, new_email: str, *, also_sign_in: bool = False):
    """To the new address, which nobody has proved yet: a one-time link that confirms it (so not by name)."""
    return send(
        user,
        "email_change",
        "confirm your new email address",
        to=new_email,
        link_purpose=TokenPurpose.SIGN_IN_EMAIL if also_sign_in else TokenPurpose.EMAIL_CHANGE,
        new_email=new_email,
        also_sign_in=also_sign_in,
    )
