"""How the change history speaks of members, their jobs and their account links."""

from hallweb.audit.phrasing import archived, created, new, old, restored
from hallweb.audit.vocabulary import Vocabulary
from hallweb.members.models import Member


def _linked(action, changes, w):
    return [f"Account {w.value('user', new(changes.get('user')))} linked"]


def _unlinked(action, changes, w):
    return [f"Account {w.value('user', old(changes.get('user')))} unlinked"]


def _job_started(action, changes, w):
    employer, start = w.value("employer", changes.get("employer")), w.value("start_date", changes.get("start_date"))
    return [f"Job started at {employer} on {start}", *w.changes(changes, skip={"employer", "start_date"})]


def _job_ended(action, changes, w):
    employer, end = w.value("employer", changes.get("employer")), w.value("end_date", changes.get("end_date"))
    return [f"Job at {employer} ended on {end}", *w.changes(changes, skip={"employer", "end_date"})]


def _email_change_requested(action, changes, w):
    also = ", also as the sign-in address," if changes.get("also_sign_in") else ""
    return [f"Email change to {w.value('email', changes.get('new_email'))}{also} requested, waiting for confirmation"]


def _link_requested(action, changes, w):
    said = [f"Account link requested with card number {w.value('card_number', changes.get('card_number'))}"]
    if "matched" in changes:
        said.append("It matches a member" if changes["matched"] else "It matches no member")
    return said


def _link_decided(action, changes, w):
    return [w.action(action), *w.changes(changes, skip={"status"})]  # a rejection's reason


WORDS = Vocabulary(
    actions={
        "member.created": "Member added",
        "member.updated": "Member updated",
        "member.contact_updated": "Contact details updated",
        "member.archived": "Member archived",
        "member.restored": "Member restored",
        "member.user_linked": "Account linked",
        "member.user_unlinked": "Account unlinked",
        "member.job_started": "Job started",
        "member.job_ended": "Job ended",
        "member.email_change_requested": "Email change requested",
        "member.email_changed": "Email address changed",
        "member.link_requested": "Account link requested",
        "member.link_approved": "Account link approved",
        "member.link_rejected": "Account link rejected",
        "member.link_withdrawn": "Account link request withdrawn",
    },
    groups={"member.": "Any member change"},
    record_types={"members": "Member", "member_link_requests": "Account link request"},
    fields={
        "card_number": "Card number",
        "first_name": "First name",
        "last_name": "Last name",
        "date_of_birth": "Date of birth",
        "new_email": "New email",
        "address_line1": "Address line 1",
        "address_line2": "Address line 2",
        "city": "City",
        "state": "State",
        "postal_code": "Postal code",
        "employer_id": "Employer",
        "employer": "Employer",
        "initiation_date": "Initiation date",
        "home_local": "Home local",
        "matched": "Matches a member",
    },
    references={"employer_id": "organizations"},
    phrases={
        "member.created": created,
        "member.archived": archived,
        "member.restored": restored,
        "member.user_linked": _linked,
        "member.user_unlinked": _unlinked,
        "member.job_started": _job_started,
        "member.job_ended": _job_ended,
        "member.email_change_requested": _email_change_requested,
        "member.link_requested": _link_requested,
        "member.link_approved": _link_decided,
        "member.link_rejected": _link_decided,
        "member.link_withdrawn": _link_decided,
    },
    names={"members": (Member, Member.first_name + " " + Member.last_name)},
    pages={"members": "members.detail"},
)
