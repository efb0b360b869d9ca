"""Benevolence emails to the applicant: submitted, more information asked, decided, paid. Through the outbox."""

from flask import current_app, render_template

from hallweb.auth.emails import absolute
from hallweb.benevolence.rules import money
from hallweb.outbox import services as outbox

SUBJECTS = {
    "submitted": "your benevolence application is received",
    "needs_info": "your benevolence application needs more information",
    "approved": "your benevolence application is approved",
    "denied": "your benevolence application was not approved",
    "paid": "your benevolence award is paid",
}


def recipient(application) -> str | None:
    """The member's email on file, else the address their account signs in with; None: nobody to tell."""
    member = application.member
    return member.email or (member.user.email if member.user else None)


def send(application, event: str, *, comment: str | None = None):
    """Queue the message of `event` to the applicant (nothing when the member has no address)."""
    to = recipient(application)
    if to is None:
        return None
    local_name = current_app.config["LOCAL_NAME"]
    ctx = {
        "event": event,
        "application": application,
        "comment": comment,
        "money": money,
        "greeting": f"Hello {application.member.first_name},",  # the name the hall office keeps
        "local_name": local_name,
        "link": absolute(f"/me/benevolence/{application.id}"),
    }
    return outbox.queue(
        to,
        f"{local_name}: {SUBJECTS[event]}",
        render_template("email/benevolence.txt", **ctx),
        render_template("email/benevolence.html", **ctx),
    )
