"""The benevolence fund's rules as pure functions: status moves, the levels an amount needs, the caps.

No database and no request: the services feed these the stored facts and act on the answer, and the tests
check every boundary without either.
"""

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from hallweb import formats
from hallweb.benevolence.models import LEVEL_LABELS, STATUS_LABELS, Decision, Level, Status
from hallweb.errors import InvalidTransition

LEVELS = tuple(Level)  # the order of review: vp, then admin, then manager, then president
LARGEST = Decimal("9999999999.99")  # what Numeric(12, 2) holds

# The only moves an application's status makes. needs_info goes back to the applicant, who submits again;
# a deferral leaves it under review at the same level (no move).
MOVES: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.SUBMITTED}),
    Status.SUBMITTED: frozenset({Status.UNDER_REVIEW}),
    Status.UNDER_REVIEW: frozenset({Status.APPROVED, Status.DENIED, Status.NEEDS_INFO}),
    Status.NEEDS_INFO: frozenset({Status.SUBMITTED}),
    Status.APPROVED: frozenset({Status.PAID}),
    Status.DENIED: frozenset(),
    Status.PAID: frozenset(),
}
EDITABLE = (Status.DRAFT, Status.NEEDS_INFO)  # the applicant's own turn


def can_move(old: str, new: str) -> bool:
    return Status(new) in MOVES[Status(old)]


def ensure_move(old: str, new: str) -> None:
    if not can_move(old, new):
        raise InvalidTransition(
            f"An application that is {STATUS_LABELS[Status(old)].lower()} cannot become "
            f"{STATUS_LABELS[Status(new)].lower()}."
        )


def path_to(old: str, new: str) -> list[Status]:
    """The statuses a decision passes through from `old` to `new`, each an allowed move: the first decision on
    a submitted application puts it under review before approving, denying or sending it back."""
    steps, here = [], Status(old)
    if here == Status.SUBMITTED and Status(new) != Status.SUBMITTED:
        steps.append(Status.UNDER_REVIEW)
        here = Status.UNDER_REVIEW
    if Status(new) != here:
        steps.append(Status(new))
    previous = Status(old)
    for step in steps:
        ensure_move(previous, step)
        previous = step
    return steps


def parse_limits(setting) -> tuple[Decimal, ...]:
    """BENEVOLENCE_LEVEL_LIMITS: the amounts up to which one, two and three levels suffice, e.g.
    "500.00, 2000.00, 5000.00"; above the last, every level reviews."""
    parts = setting if isinstance(setting, list | tuple) else str(setting).split(",")
    limits = tuple(parse_amount(str(p)) for p in parts)
    if len(limits) != len(LEVELS) - 1 or None in limits or list(limits) != sorted(set(limits)):
        raise ValueError(f"BENEVOLENCE_LEVEL_LIMITS needs {len(LEVELS) - 1} rising amounts, got {setting!r}")
    return limits


def levels_needed(amount: Decimal, limits: tuple[Decimal, ...]) -> tuple[Level, ...]:
    """The levels that must approve an application of `amount` (requested), in order."""
    for count, limit in enumerate(limits, start=1):
        if amount <= limit:
            return LEVELS[:count]
    return LEVELS


def next_level(needed: Iterable[Level], approved: Iterable[str]) -> Level | None:
    """The first needed level that has not approved yet (None: every one has)."""
    done = set(approved)
    return next((level for level in needed if level not in done), None)


def after_decision(needed, approved: Iterable[str], level: str, decision: str) -> tuple[Status, Level | None]:
    """Where an application under review stands after `level` decides: (status, level awaited next).
    A denial at any level denies; approval at every needed level approves; a deferral keeps it waiting."""
    decision = Decision(decision)
    if decision == Decision.DENIED:
        return Status.DENIED, None
    if decision == Decision.NEEDS_INFO:
        return Status.NEEDS_INFO, None
    done = set(approved) | ({level} if decision == Decision.APPROVED else set())
    upcoming = next_level(needed, done)
    return (Status.APPROVED, None) if upcoming is None else (Status.UNDER_REVIEW, upcoming)


def level_label(level: str) -> str:
    return LEVEL_LABELS[Level(level)]


_AMOUNT = re.compile(r"^\$?\s*(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")


def parse_amount(text: str | None) -> Decimal | None:
    """An amount as people type it ("1800", "$1,800.50"), exact to the cent; None when it is not one."""
    text = (text or "").strip()
    if not _AMOUNT.match(text):
        return None
    try:
        amount = Decimal(text.lstrip("$").strip().replace(",", ""))
    except InvalidOperation:
        return None
    return amount if amount <= LARGEST else None


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day when it has no such day)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def cap_problems(*, amount: Decimal, cap: Decimal, last_paid_on: date | None, today: date, months: int) -> list[str]:
    """Why an award of `amount` breaks the caps (empty when it does not): more than `cap` per application,
    or a paid award to the same member within the last `months` months."""
    problems = []
    if amount > cap:
        problems.append(f"{formats.money(amount)} is over the fund's cap of {formats.money(cap)} per application.")
    if last_paid_on is not None and last_paid_on > months_before(today, months):
        problems.append(
            f"The member was paid an award on {formats.day(last_paid_on)}, within the last {months} months "
            "(one paid award per member in that time)."
        )
    return problems
