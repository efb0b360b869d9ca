"""Member emails: the answer to an account link request, a moved sign-in address. Plain text and HTML, through
the outbox."""

from flask import current_app, render_template

from hallweb.auth.emails import absolute
from hallweb.auth.models import User
from hallweb.outbox import services as outbox


def _send(user: User, template: str, subject: str, *, to: str | None = None, by_name: bool = False, **ctx):
    """Queue one message; as in auth.emails, only by_name messages greet the user by the name on the account."""
    local_name = current_app.config["LOCAL_NAME"]
    ctx.update(user=user, local_name=local_name, greeting=f"Hello {user.first_name}," if by_name else "Hello,")
    return outbox.queue(
        to or user.email,
        f"{local_name}: {subject}",
        render_template(f"email/{template}.txt", **ctx),
        render_template(f"email/{template}.html", **ctx),
    )


def send_link_approved(user: User):
    # To the address the account signs in with, which its owner proved before they could ask.
    return _send(user, "link_approved", "your member record is linked", link=absolute("/me/"), by_name=True)


def send_link_rejected(user: User, reason: str):
    return _send(
        user, "link_rejected", "your link request was not approved", reason=reason, link=absolute("/me/"), by_name=True
    )


def send_sign_in_changed(user: User, old_email: str):
    """To the address the account signed in with until now: if someone else moved it, its owner learns of it.
    Not by name: whoever moved it may have renamed the account too."""
    return _send(user, "sign_in_changed", "your sign-in address has changed", to=old_email, old_email=old_email)
