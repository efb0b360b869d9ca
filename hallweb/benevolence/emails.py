"""Benevolence emails to the applicant: submitted, more information asked, decided, paid. Through the outbox."""

from hallweb.outbox import letters

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
    """Queue the letter of `event` to the applicant (nothing when the member has no address). Addressed to the
    member by the name the hall office keeps on their record, so it greets them by name."""
    to = recipient(application)
    if to is None:
        return None
    return letters.send(
        application.member,
        "benevolence",
        SUBJECTS[event],
        to=to,
        by_name=True,
        event=event,
        application=application,
        comment=comment,
        link=letters.absolute(f"/me/benevolence/{application.id}"),
    )
