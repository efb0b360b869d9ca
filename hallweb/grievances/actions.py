"""The moves of a grievance after filing: each allowed by the transition table (transitions.py) or refused,
made from the version the user saw (optimistic locking), written to the timeline and the audit log together."""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from hallweb.audit import services as audit
from hallweb.db.db_types import utcnow
from hallweb.db.versioning import check_version, flush_versioned
from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.formats import day
from hallweb.grievances.calendar import holidays_between
from hallweb.grievances.clocks import clock_values
from hallweb.grievances.deadlines import Clock, clock_after_answer, extended_deadline
from hallweb.grievances.models import EventKind, Grievance, GrievanceEvent, MeetingOutcome
from hallweb.grievances.policies import can_act_on_grievances
from hallweb.grievances.transitions import Action, check_move
from hallweb.hall_clock import hall_today
from hallweb.policies import ensure

MAX_AMOUNT = Decimal("9999999999.99")  # Numeric(12, 2)
FURTHEST_EXTENSION = timedelta(days=731)

AUDIT_ACTIONS = {
    Action.INVESTIGATE: "grievance.investigation_started",
    Action.MEETING: "grievance.meeting_recorded",
    Action.ANSWER: "grievance.answer_recorded",
    Action.APPEAL: "grievance.appealed",
    Action.ARBITRATION: "grievance.arbitration_demanded",
    Action.EXTENSION: "grievance.extension_granted",
    Action.SETTLE: "grievance.settled",
    Action.WITHDRAW: "grievance.withdrawn",
    Action.CLOSE: "grievance.closed",
}
# An event's fields as its audit row names them (history_words.py words them).
AUDIT_KEYS = {"occurred_on": "grievance_date", "outcome": "meeting_outcome"}
EVENT_KINDS = {
    Action.INVESTIGATE: EventKind.INVESTIGATION,
    Action.MEETING: EventKind.MEETING,
    Action.ANSWER: EventKind.ANSWER,
    Action.APPEAL: EventKind.APPEAL,
    Action.ARBITRATION: EventKind.ARBITRATION,
    Action.EXTENSION: EventKind.EXTENSION,
    Action.SETTLE: EventKind.SETTLED,
    Action.WITHDRAW: EventKind.WITHDRAWN,
    Action.CLOSE: EventKind.CLOSED,
}


def _day(g: Grievance, value, field: str = "occurred_on") -> date:
    """An event's date: given, not before the filing, not in the future."""
    if not isinstance(value, date):
        raise DomainError("Give the date.", field=field)
    if value < g.filed_date:
        raise DomainError(f"The date cannot come before the filing ({day(g.filed_date)}).", field=field)
    if value > hall_today():
        raise DomainError("The date cannot be in the future.", field=field)
    return value


def _said(value, field: str, message: str, required: bool = True) -> str | None:
    value = value.strip() if isinstance(value, str) else value
    if required and not value:
        raise DomainError(message, field=field)
    return value or None


def may(g: Grievance, action: Action, actor) -> None:
    """The actor may act on grievances, and the transition table allows this move now; else refused."""
    if actor is not None:
        ensure(can_act_on_grievances(actor))
    check_move(g.status, g.step, action)


def _act(g: Grievance, action: Action, *, actor, expected_version, values: dict, event: dict) -> Grievance:
    """Check the move and the version, set the grievance's new values, add the event, audit both."""
    may(g, action, actor)
    move = check_move(g.status, g.step, action)
    check_version(g, expected_version)
    if move.target is not None:
        values["status"] = move.target
    if move.next_step:
        values["step"] = g.step + 1
    changes = audit.diff(g, values)
    changes["version"] = [g.version, g.version + 1]
    step_then = g.step
    for key, value in values.items():
        setattr(g, key, value)
    g.updated_at = utcnow()  # the timeline changed: the version moves even when no field of the grievance did
    db.session.add(
        GrievanceEvent(
            grievance_id=g.id, kind=EVENT_KINDS[action], step=step_then, actor_id=getattr(actor, "id", None), **event
        )
    )
    flush_versioned(g, expected_version)
    said = {  # what the event adds to the grievance's own changes (a resolution is said once)
        AUDIT_KEYS.get(k, k): v
        for k, v in event.items()
        if v is not None and k != "amount" and not (k == "notes" and "resolution" in values)
    }
    audit.record(actor, AUDIT_ACTIONS[action], g, {**said, **changes})
    return g


def start_investigation(g, *, actor, expected_version, occurred_on=None, notes=None) -> Grievance:
    """The union investigates before the step meeting; the employer's answer clock keeps running."""
    may(g, Action.INVESTIGATE, actor)
    event = {"occurred_on": _day(g, occurred_on or hall_today()), "notes": _said(notes, "notes", "", required=False)}
    return _act(g, Action.INVESTIGATE, actor=actor, expected_version=expected_version, values={}, event=event)


def record_meeting(
    g, *, actor, expected_version, occurred_on, outcome, employer_attendees=None, union_attendees=None, notes=None
) -> Grievance:
    """The step record: who met for each side, when, and how it ended (denied, settled, advanced)."""
    may(g, Action.MEETING, actor)
    if outcome not in set(MeetingOutcome):
        raise DomainError("Choose the outcome from the list.", field="outcome")
    event = {
        "occurred_on": _day(g, occurred_on),
        "outcome": outcome,
        "employer_attendees": _said(employer_attendees, "employer_attendees", "", required=False),
        "union_attendees": _said(union_attendees, "union_attendees", "", required=False),
        "notes": _said(notes, "notes", "", required=False),
    }
    return _act(g, Action.MEETING, actor=actor, expected_version=expected_version, values={}, event=event)


def record_answer(g, *, actor, expected_version, occurred_on, notes) -> Grievance:
    """The employer's answer at the step: it starts the union's clock, to appeal it or, after the last step, to
    demand arbitration."""
    may(g, Action.ANSWER, actor)
    day = _day(g, occurred_on)
    event = {"occurred_on": day, "notes": _said(notes, "notes", "Say what the employer answered.")}
    values = clock_values(clock_after_answer(g.step), g.step, day)
    return _act(g, Action.ANSWER, actor=actor, expected_version=expected_version, values=values, event=event)


def appeal_grievance(g, *, actor, expected_version, occurred_on, notes=None) -> Grievance:
    """To the next step; the employer's answer there is due within that step's limit."""
    may(g, Action.APPEAL, actor)
    day = _day(g, occurred_on)
    event = {"occurred_on": day, "notes": _said(notes, "notes", "", required=False)}
    values = clock_values(Clock.ANSWER, g.step + 1, day)
    return _act(g, Action.APPEAL, actor=actor, expected_version=expected_version, values=values, event=event)


def demand_arbitration(g, *, actor, expected_version, occurred_on, notes=None) -> Grievance:
    """After the last step: the case goes to the final step (arbitration); no contract clock runs there."""
    may(g, Action.ARBITRATION, actor)
    event = {"occurred_on": _day(g, occurred_on), "notes": _said(notes, "notes", "", required=False)}
    values = clock_values(None, g.step, None)
    return _act(g, Action.ARBITRATION, actor=actor, expected_version=expected_version, values=values, event=event)


def parse_amount(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).replace(",", "").replace("$", "").strip())
    except InvalidOperation:
        raise DomainError("Enter an amount like 1,250.00.", field="amount") from None
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise DomainError("Enter an amount from 0 to 9,999,999,999.99.", field="amount")
    if amount != amount.quantize(Decimal("0.01")):
        raise DomainError("Enter the amount in dollars and cents.", field="amount")
    return amount.quantize(Decimal("0.01"))


def _resolve(g, action, *, actor, expected_version, occurred_on, resolution, amount=None) -> Grievance:
    may(g, action, actor)
    day = _day(g, occurred_on)
    said = _said(resolution, "resolution", "Say how it was resolved.")
    values = {**clock_values(None, g.step, None), "resolution": said, "resolution_date": g.resolution_date or day}
    event = {"occurred_on": day, "notes": said}
    if action is Action.SETTLE:
        values["settlement_amount"] = event["amount"] = parse_amount(amount)
    return _act(g, action, actor=actor, expected_version=expected_version, values=values, event=event)


def settle_grievance(g, *, actor, expected_version, occurred_on, resolution, amount=None) -> Grievance:
    """Settled: the terms, and the amount when money is paid."""
    return _resolve(
        g,
        Action.SETTLE,
        actor=actor,
        expected_version=expected_version,
        occurred_on=occurred_on,
        resolution=resolution,
        amount=amount,
    )


def withdraw_grievance(g, *, actor, expected_version, occurred_on, resolution) -> Grievance:
    return _resolve(
        g,
        Action.WITHDRAW,
        actor=actor,
        expected_version=expected_version,
        occurred_on=occurred_on,
        resolution=resolution,
    )


def close_grievance(g, *, actor, expected_version, occurred_on, resolution) -> Grievance:
    """Closed: nothing more to do (an award carried out, a settlement paid, a case dropped); a settled or
    withdrawn grievance keeps its resolution unless another is given."""
    may(g, Action.CLOSE, actor)
    if g.resolution and not (resolution or "").strip():
        resolution = g.resolution
    return _resolve(
        g,
        Action.CLOSE,
        actor=actor,
        expected_version=expected_version,
        occurred_on=occurred_on,
        resolution=resolution,
    )


def grant_extension(g, *, actor, expected_version, new_deadline, agreed_by, notes) -> Grievance:
    """A later deadline by mutual agreement: who agreed for the employer, and why, are kept. A date on a
    weekend or holiday moves to the next business day, as any deadline does."""
    may(g, Action.EXTENSION, actor)
    if not isinstance(new_deadline, date):
        raise DomainError("Give the new deadline.", field="new_deadline")
    if new_deadline > hall_today() + FURTHEST_EXTENSION:
        raise DomainError("An extension reaches at most two years ahead.", field="new_deadline")
    agreed = _said(agreed_by, "agreed_by", "Say who agreed for the employer.")
    why = _said(notes, "notes", "Say why the deadline is extended.")
    current = g.next_deadline
    moved_to = extended_deadline(new_deadline, holidays_between(new_deadline, new_deadline + timedelta(days=31)))
    if current is not None and moved_to <= current:
        raise DomainError(f"An extension moves the deadline later than it is ({day(current)}).", field="new_deadline")
    values = {"next_deadline": moved_to, "deadline_extended": True}
    event = {
        "occurred_on": hall_today(),
        "previous_deadline": current,
        "new_deadline": moved_to,
        "agreed_by": agreed,
        "notes": why,
    }
    return _act(g, Action.EXTENSION, actor=actor, expected_version=expected_version, values=values, event=event)


PERFORM = {
    Action.INVESTIGATE: start_investigation,
    Action.MEETING: record_meeting,
    Action.ANSWER: record_answer,
    Action.APPEAL: appeal_grievance,
    Action.ARBITRATION: demand_arbitration,
    Action.EXTENSION: grant_extension,
    Action.SETTLE: settle_grievance,
    Action.WITHDRAW: withdraw_grievance,
    Action.CLOSE: close_grievance,
}
