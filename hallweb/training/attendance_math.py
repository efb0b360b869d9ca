"""Pre-apprenticeship training: the attendance arithmetic of DOMAIN.md, one pure function per value.

No database, no request: the services and pages feed these plain values, and the worked examples in
tests/services/test_training_math.py pin each rule down.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

PRESENT = "present"
ABSENT = "absent"
EXCUSED = "excused"
LATE = "late"
LEFT_EARLY = "left_early"
ATTENDED = frozenset({PRESENT, LATE, LEFT_EARLY})
HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")


def _hours_between(start: time, end: time) -> Decimal:
    day = date(2000, 1, 1)
    seconds = (datetime.combine(day, end) - datetime.combine(day, start)).total_seconds()
    return (Decimal(int(seconds)) / Decimal(3600)).quantize(TWO_PLACES, ROUND_HALF_UP)


def duration_hours(starts_at: time, ends_at: time) -> Decimal:
    """A session's length in hours (two places), from its start and end times on the same day."""
    if ends_at <= starts_at:
        raise ValueError("A session ends after it starts.")
    return _hours_between(starts_at, ends_at)


def attendance_rate(statuses: Iterable[str | None]) -> Decimal | None:
    """(present + late + left early) ÷ (sessions held since the student's enrolment − excused), in percent.

    `statuses` is one entry per session held since the student enrolled: its status, or None when nobody
    has taken that session's attendance yet (it does not count either way). None when nothing counts (no
    session held yet, or every one excused): no rate, rather than 0% or 100%."""
    counted = attended = 0
    for status in statuses:
        if status is None or status == EXCUSED:
            continue
        counted += 1
        attended += status in ATTENDED
    if counted == 0:
        return None
    return (HUNDRED * attended / counted).quantize(TWO_PLACES, ROUND_HALF_UP)


@dataclass(frozen=True)
class Presence:
    """One attendance mark with the times contact hours are credited from."""

    status: str | None
    starts_at: time
    ends_at: time
    arrived_at: time | None = None
    left_at: time | None = None


def contact_hours_of(mark: Presence) -> Decimal:
    """Hours credited for one session: all of it when present; from arrival (late) and/or until departure
    (left early), clamped to the session; nothing when absent, excused or not taken."""
    if mark.status not in ATTENDED:
        return Decimal(0)
    start, end = mark.starts_at, mark.ends_at
    if mark.status == LATE and mark.arrived_at is not None:
        start = min(max(mark.arrived_at, start), end)
    if mark.left_at is not None and mark.status in (LATE, LEFT_EARLY):
        end = max(min(mark.left_at, end), start)
    return _hours_between(start, end)


def contact_hours(marks: Iterable[Presence]) -> Decimal:
    """A student's contact hours: the sum over the sessions marked."""
    return sum((contact_hours_of(m) for m in marks), Decimal(0))


@dataclass(frozen=True)
class AtRiskPolicy:
    """A student below `minimum_rate` percent after `after_sessions` counted sessions, or who can no longer
    reach it, is at risk (settings TRAINING_AT_RISK_RATE and TRAINING_AT_RISK_AFTER)."""

    minimum_rate: Decimal = Decimal(80)
    after_sessions: int = 3

    def wording(self) -> str:
        return (
            f"A student is at risk when their attendance rate is below {self.minimum_rate:f}% after "
            f"{self.after_sessions} sessions, or when they can no longer reach {self.minimum_rate:f}% even by "
            "attending every remaining session. Excused absences and sessions not yet taken do not count."
        )


def at_risk(statuses: Iterable[str | None], sessions_remaining: int, policy: AtRiskPolicy) -> bool:
    """The at-risk flag from the statuses of the sessions held (as attendance_rate) and how many sessions
    of the student's schedule are still to come."""
    counted = attended = 0
    for status in statuses:
        if status is None or status == EXCUSED:
            continue
        counted += 1
        attended += status in ATTENDED
    if counted >= policy.after_sessions and HUNDRED * attended < policy.minimum_rate * counted:
        return True
    best_total = counted + max(sessions_remaining, 0)
    return best_total > 0 and HUNDRED * (attended + max(sessions_remaining, 0)) < policy.minimum_rate * best_total
