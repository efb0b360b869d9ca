"""Filing a grievance: the generated number, the grievant (a member or the union), the step it enters at,
and the filing deadline counted from the incident (a late filing is taken, flagged, with its reason)."""

from datetime import date

from sqlalchemy import select

from hallweb.audit import services as audit
from hallweb.audit.phrasing import new
from hallweb.auth.models import User
from hallweb.db.versioning import apply_change
from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.formats import day
from hallweb.grievances.clocks import clock_values, filing_deadline_of
from hallweb.grievances.deadlines import Clock
from hallweb.grievances.models import EventKind, Grievance, GrievanceEvent
from hallweb.grievances.numbering import format_number, take_sequence
from hallweb.grievances.policies import can_act_on_grievances
from hallweb.grievances.transitions import LAST_CONTRACT_STEP, Status
from hallweb.hall_clock import hall_today
from hallweb.members.models import Member
from hallweb.organizations.models import EMPLOYER_KINDS, Organization
from hallweb.policies import ensure

TEXTS = {"article": "the contract article", "violation": "what was violated", "remedy": "the remedy sought"}


def _text(values: dict, key: str, required: bool = True) -> str | None:
    value = values.get(key)
    value = value.strip() if isinstance(value, str) else value
    if required and not value:
        raise DomainError(f"Give {TEXTS.get(key, key.replace('_', ' '))}.", field=key)
    return value or None


def grievant_of(card_number: str | None, is_policy: bool) -> Member | None:
    """The member a card number names, or None for a policy grievance (the union is the grievant)."""
    card_number = (card_number or "").strip()
    if is_policy:
        if card_number:
            raise DomainError("A policy grievance is the union's: leave the card number empty.", field="card_number")
        return None
    if not card_number:
        raise DomainError("Give the grievant's card number, or mark it a policy grievance.", field="card_number")
    member = db.session.scalar(select(Member).where(Member.card_number == card_number.upper()))
    if member is None:
        member = db.session.scalar(select(Member).where(Member.card_number == card_number))
    if member is None:
        raise DomainError(f"No member has card number {card_number}.", field="card_number")
    if member.is_archived:
        raise DomainError(f"{member.full_name} is archived: restore the record first.", field="card_number")
    return member


def employer_for(employer_id) -> Organization:
    employer = db.session.get(Organization, employer_id) if isinstance(employer_id, int) else None
    if employer is None or employer.kind not in EMPLOYER_KINDS or employer.is_archived:
        raise DomainError("Choose the employer from the list.", field="employer_id")
    return employer


def representative_for(user_id) -> User | None:
    if user_id in (None, ""):
        return None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not can_act_on_grievances(user):
        raise DomainError("Choose a representative from the list.", field="representative_id")
    return user


def file_grievance(
    *,
    actor,
    card_number: str | None = None,
    is_policy: bool = False,
    employer_id: int | None = None,
    incident_date: date | None = None,
    filed_date: date | None = None,
    step: int = 1,
    representative_id: int | None = None,
    late_reason: str | None = None,
    **texts,
) -> Grievance:
    """File a grievance and give it the next number of its filing year. It may enter at a higher step (a
    discharge goes straight to step 3). Filed after the filing deadline, it is taken but flagged, and needs
    the reason; the employer's answer is then due within the step's limit."""
    if actor is not None:
        ensure(can_act_on_grievances(actor))
    member = grievant_of(card_number, bool(is_policy))
    employer = employer_for(employer_id)
    representative = representative_for(representative_id)
    article, violation, remedy = (_text(texts, k) for k in ("article", "violation", "remedy"))
    if step not in range(1, LAST_CONTRACT_STEP + 1):
        raise DomainError("A grievance enters at step 1, 2 or 3.", field="step")
    if incident_date is None:
        raise DomainError("Give the date of the incident.", field="incident_date")
    filed_date = filed_date or hall_today()
    if filed_date > hall_today():
        raise DomainError("The filing date cannot be in the future.", field="filed_date")
    if incident_date > filed_date:
        raise DomainError("The incident cannot come after the filing.", field="incident_date")
    deadline = filing_deadline_of(incident_date)
    late = filed_date > deadline
    late_reason = (late_reason or "").strip() or None
    if late and not late_reason:
        raise DomainError(
            f"This is filed after the filing deadline ({day(deadline)}): say why it is late.",
            field="late_reason",
        )
    sequence = take_sequence(filed_date.year)
    grievance = Grievance(
        number=format_number(filed_date.year, sequence),
        filing_year=filed_date.year,
        sequence=sequence,
        is_policy=member is None,
        member=member,
        employer=employer,
        representative=representative,
        incident_date=incident_date,
        filed_date=filed_date,
        filed_late=late,
        late_reason=late_reason if late else None,
        article=article,
        violation=violation,
        remedy=remedy,
        step=step,
        status=Status.OPEN,
        **clock_values(Clock.ANSWER, step, filed_date),
    )
    db.session.add(grievance)
    db.session.flush()
    db.session.add(
        GrievanceEvent(
            grievance_id=grievance.id,
            kind=EventKind.FILED,
            step=step,
            occurred_on=filed_date,
            notes=late_reason if late else None,
            actor_id=getattr(actor, "id", None),
        )
    )
    said = {
        "grievance_number": grievance.number,
        "grievant_id": [None, member.id if member else None],
        "is_policy": [None, member is None],
        "employer_id": [None, employer.id],
        "representative_id": [None, representative.id if representative else None],
        "incident_date": [None, incident_date],
        "filed_date": [None, filed_date],
        "filed_late": [None, late],
        "late_reason": [None, late_reason if late else None],
        "article": [None, article],
        "step": [None, step],
        "next_deadline": [None, grievance.next_deadline],
    }
    audit.record(actor, "grievance.filed", grievance, {k: v for k, v in said.items() if new(v) not in (None, False)})
    db.session.flush()
    return grievance


def update_grievance(g: Grievance, *, actor, expected_version, **values) -> dict:
    """Correct the facts or assign another representative, from the version the user saw (a stale edit is
    refused with what changed since). A closed grievance is kept as it was closed."""
    if actor is not None:
        ensure(can_act_on_grievances(actor))
    if g.status == Status.CLOSED:
        raise DomainError("A closed grievance is kept as it was closed.")
    cleaned = {k: _text(values, k) for k in ("article", "violation", "remedy") if k in values}
    if "representative_id" in values:
        representative = representative_for(values["representative_id"])
        cleaned["representative_id"] = representative.id if representative else None
    return apply_change(g, cleaned, actor=actor, action="grievance.updated", expected_version=expected_version)
