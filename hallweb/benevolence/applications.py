"""Applications: drafted and edited by the member (or by staff for them), submitted for review."""

from datetime import date
from decimal import Decimal

from hallweb.audit import services as audit
from hallweb.benevolence import emails, rules, settings
from hallweb.benevolence.models import Application, Reason, Status
from hallweb.benevolence.policies import can_edit_application, can_take_benevolence, is_applicant
from hallweb.db.db_types import utcnow
from hallweb.db.versioning import apply_change, flush_versioned
from hallweb.errors import Conflict, DomainError, NotAllowed
from hallweb.extensions import db
from hallweb.members.models import Member, MemberStatus
from hallweb.policies import ensure

FIELDS = ("reason", "description", "amount_requested")
NOT_IN_GOOD_STANDING = {
    MemberStatus.SUSPENDED: "suspended",
    MemberStatus.DROPPED: "dropped from the rolls",
}
STALE = (
    "Someone else changed this application while you were looking at it. Nothing was saved: "
    "read it again as it is now, then try again."
)


def clean(values: dict) -> dict:
    """The application's fields, checked whatever the form let through."""
    cleaned = {k: values[k] for k in FIELDS if k in values}
    if "reason" in cleaned and cleaned["reason"] not in set(Reason):
        raise DomainError("Choose a reason from the list.", field="reason")
    if "description" in cleaned:
        cleaned["description"] = (cleaned["description"] or "").strip()
        if not cleaned["description"]:
            raise DomainError("Say what the help is for.", field="description")
    if "amount_requested" in cleaned:
        cleaned["amount_requested"] = valid_amount(cleaned["amount_requested"], "amount_requested")
    return cleaned


def valid_amount(amount, field: str) -> Decimal:
    """A positive amount in dollars and cents that the database holds."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise DomainError("Enter an amount like 1,800.00.", field=field)
    if amount <= 0:
        raise DomainError("Enter an amount above $0.00.", field=field)
    if amount != amount.quantize(Decimal("0.01")):
        raise DomainError("Enter dollars and cents, at most two decimals.", field=field)
    if amount > rules.LARGEST:
        raise DomainError("That amount is larger than the fund could ever pay.", field=field)
    return amount.quantize(Decimal("0.01"))


def change(application: Application, values: dict, *, actor, action: str, expected_version, note=None) -> dict:
    """Set values on the application from a page showing `expected_version`: one audit row holding the
    changes (and `note`: what the action adds, a decision's level and comment), in the caller's transaction.
    A button pressed on a page that is out of date is refused; nothing is half-written."""
    if type(expected_version) is not int or expected_version != application.version:
        raise Conflict(STALE)
    changes = audit.diff(application, values)
    changes["version"] = [application.version, application.version + 1]
    for key, value in values.items():
        setattr(application, key, value)
    flush_versioned(application, expected_version, values)
    audit.record(actor, action, application, {**(note or {}), **changes})
    return changes


def good_standing_problem(member: Member) -> str | None:
    """Why a member may not apply now, or None."""
    if member.is_archived:
        return "This member's record is archived: the fund helps members in good standing only."
    if member.status in NOT_IN_GOOD_STANDING:
        return (
            f"The membership is {NOT_IN_GOOD_STANDING[MemberStatus(member.status)]}, so it is not in good standing: "
            "the fund helps members in good standing only. The hall office can tell you how to put it right."
        )
    return None


def create_application(member: Member, *, actor, **values) -> Application:
    """A draft, by the member themselves or by staff entering it for them."""
    own = member.user_id is not None and member.user_id == actor.id
    ensure(own or can_take_benevolence(actor), "You may apply only for yourself.")
    values = clean(values)
    missing = [k for k in FIELDS if values.get(k) in (None, "")]
    if missing:
        raise DomainError("Fill in the reason, what the help is for and the amount.", field=missing[0])
    application = Application(
        member=member,
        entered_by_id=None if own else actor.id,
        status=Status.DRAFT,
        application_date=date.today(),
        **values,
    )
    db.session.add(application)
    db.session.flush()
    audit.record(
        actor,
        "benevolence.created",
        application,
        {"applicant_id": [None, member.id], **{k: [None, v] for k, v in values.items()}},
    )
    return application


def update_application(application: Application, *, actor, expected_version, **values) -> dict:
    """Edit a draft or an application sent back for more information; refused (StaleEdit) if changed since."""
    ensure(can_edit_application(actor, application), "Only a draft or an application sent back can be edited.")
    return apply_change(
        application, clean(values), actor=actor, action="benevolence.updated", expected_version=expected_version
    )


def submit_application(application: Application, *, actor, expected_version) -> dict:
    """Send it for review: it then waits for the first level its amount needs. A member not in good standing
    cannot. Submitted again after needs_info, it starts a new round of review from the first level (the
    application changed: what a level approved before was another application). Emails the member."""
    if not can_edit_application(actor, application):
        if is_applicant(actor, application) or can_take_benevolence(actor):
            rules.ensure_move(application.status, Status.SUBMITTED)
        raise NotAllowed("You may not submit this application.")
    problem = good_standing_problem(application.member)
    if problem:
        raise DomainError(problem)
    rules.ensure_move(application.status, Status.SUBMITTED)
    needed = rules.levels_needed(application.amount_requested, settings.level_limits())
    values = {"status": Status.SUBMITTED, "awaiting_level": needed[0], "submitted_at": utcnow()}
    if application.status == Status.NEEDS_INFO:
        values["review_round"] = application.review_round + 1
    else:
        values["application_date"] = date.today()
    changes = change(
        application, values, actor=actor, action="benevolence.submitted", expected_version=expected_version
    )
    emails.send(application, "submitted")
    return changes
