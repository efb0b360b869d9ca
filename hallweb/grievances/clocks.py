"""A grievance's running clock: which deadline it runs to, counted with the holiday list of the database."""

from datetime import date

from sqlalchemy import select

from hallweb.audit import services as audit
from hallweb.extensions import db
from hallweb.grievances.calendar import holidays_between, rules
from hallweb.grievances.deadlines import deadline_for, filing_deadline
from hallweb.grievances.models import Grievance
from hallweb.grievances.transitions import ACTIVE


def counted_deadline(clock: str | None, step: int, start: date | None) -> date | None:
    """When a clock started on `start` ends, with the current rules and holidays."""
    if clock is None or start is None:
        return None
    r = rules()
    return deadline_for(clock, step, start, r, holidays_between(start, start + r.longest_reach()))


def filing_deadline_of(incident: date) -> date:
    r = rules()
    return filing_deadline(incident, r, holidays_between(incident, incident + r.longest_reach()))


def clock_values(clock: str | None, step: int, start: date | None) -> dict:
    """The grievance's fields for a clock started (or stopped, with None) on start: a new count, no extension."""
    return {
        "clock": clock,
        "clock_start": start if clock else None,
        "next_deadline": counted_deadline(clock, step, start),
        "deadline_extended": False,
    }


def recount_open_deadlines(*, actor) -> int:
    """Count the running deadlines again (after the holiday list changed); an agreed extension stays as agreed.
    Each one that moves is audited. Returns how many moved."""
    moved = 0
    open_ones = db.session.scalars(
        select(Grievance).where(
            Grievance.status.in_([s.value for s in ACTIVE]),
            Grievance.clock.is_not(None),
            Grievance.deadline_extended.is_(False),
        )
    )
    for g in open_ones:
        new = counted_deadline(g.clock, g.step, g.clock_start)
        if new != g.next_deadline:
            audit.record(
                actor,
                "grievance.deadline_recounted",
                g,
                {"next_deadline": [g.next_deadline, new], "version": [g.version, g.version + 1]},
            )
            g.next_deadline = new
            moved += 1
    db.session.flush()
    return moved
