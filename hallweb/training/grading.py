"""Pre-apprenticeship training: the grade arithmetic of DOMAIN.md, one pure function per value.

No database, no request. Percentages are exact Decimals rounded to two places only when shown or stored.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ASSESSMENT_TYPES = ("assignment", "quiz", "exam", "project", "participation", "final")
EXCUSED_MARK = "EX"
HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")


class BadScore(ValueError):
    """A score typed in a gradebook cell that cannot be stored; the message says why."""


def parse_score(text: str | None, points_possible: Decimal) -> tuple[Decimal | None, bool]:
    """A gradebook cell as typed: (points, excused). "EX" excuses; empty clears the grade (missing);
    otherwise a number from 0 to the points possible, at most two decimal places."""
    value = (text or "").strip()
    if not value:
        return None, False
    if value.upper() == EXCUSED_MARK:
        return None, True
    try:
        points = Decimal(value)
    except InvalidOperation:
        raise BadScore(f"Enter a number from 0 to {points_possible:f}, or EX to excuse.") from None
    if not points.is_finite():
        raise BadScore(f"Enter a number from 0 to {points_possible:f}, or EX to excuse.")
    if points < 0:
        raise BadScore("A score cannot be negative.")
    if points > points_possible:
        raise BadScore(f"The most this assessment gives is {points_possible:f} points.")
    if points != points.quantize(TWO_PLACES):
        raise BadScore("Use at most two decimal places.")
    return points.quantize(TWO_PLACES), False


@dataclass(frozen=True)
class Mark:
    """One grade as the math sees it: points earned (None: missing), excused, out of points possible,
    and the assessment's due date (None: no due date, so a missing grade is never counted yet)."""

    points: Decimal | None
    excused: bool
    points_possible: Decimal
    due_on: date | None


def counts(mark: Mark, today: date) -> bool:
    """Whether a grade enters the math: excused never; missing only once the assessment is past due."""
    if mark.excused:
        return False
    if mark.points is not None:
        return True
    return mark.due_on is not None and mark.due_on < today


def type_percentage(marks: Iterable[Mark], today: date) -> Decimal | None:
    """Σ earned ÷ Σ possible of the grades that count (a missing one past due as 0), in percent; None when
    none counts (so the type is left out of the weights)."""
    earned = possible = Decimal(0)
    for mark in marks:
        if counts(mark, today):
            earned += mark.points or 0
            possible += mark.points_possible
    if possible == 0:
        return None
    return HUNDRED * earned / possible


def check_weights(weights: Mapping[str, Decimal]) -> None:
    """Refuse a course's weights unless each is from 0 to 100 and they total exactly 100."""
    for kind, weight in weights.items():
        if kind not in ASSESSMENT_TYPES:
            raise ValueError(f"{kind} is not an assessment type.")
        if weight < 0 or weight > 100:
            raise ValueError("Each weight is from 0 to 100.")
    total = sum(weights.values(), Decimal(0))
    if total != 100:
        raise ValueError(f"The weights must total 100; these total {total:f}.")


def equal_weights() -> dict[str, Decimal]:
    """The default: every type weighs the same, so the course grade is the mean of the type percentages
    (only the weights' ratios matter once the types without grades are left out)."""
    return dict.fromkeys(ASSESSMENT_TYPES, Decimal(1))


def course_grade(
    type_percentages: Mapping[str, Decimal | None], weights: Mapping[str, Decimal] | None
) -> Decimal | None:
    """Σ(weight × type %) ÷ Σ(weights of the types that have a percentage); None when no type has one (no
    grades yet) or only zero-weight types do. `weights` None: equal weights."""
    weights = weights or equal_weights()
    numerator = denominator = Decimal(0)
    for kind, percentage in type_percentages.items():
        weight = weights.get(kind, Decimal(0))
        if percentage is None or weight == 0:
            continue
        numerator += weight * percentage
        denominator += weight
    if denominator == 0:
        return None
    return numerator / denominator


def rounded(percentage: Decimal | None) -> Decimal | None:
    return None if percentage is None else percentage.quantize(TWO_PLACES, ROUND_HALF_UP)


DEFAULT_SCALE = (("A", Decimal(90)), ("B", Decimal(80)), ("C", Decimal(70)), ("D", Decimal(60)), ("F", Decimal(0)))


def parse_scale(text: str) -> tuple[tuple[str, Decimal], ...]:
    """The letter scale setting ("A:90,B:80,C:70,D:60,F:0"), highest band first; refused unless the
    thresholds are unique and the lowest band starts at 0."""
    bands = []
    for part in text.split(","):
        name, _, threshold = part.partition(":")
        bands.append((name.strip(), Decimal(threshold.strip())))
    bands.sort(key=lambda band: band[1], reverse=True)
    thresholds = [t for _, t in bands]
    if len(set(thresholds)) != len(thresholds) or thresholds[-1] != 0 or not all(name for name, _ in bands):
        raise ValueError("A letter scale needs unique thresholds and a lowest band starting at 0.")
    return tuple(bands)


def letter(percentage: Decimal | None, scale=DEFAULT_SCALE) -> str | None:
    """The letter of a percentage on the scale (highest band first), using the shown (rounded) value."""
    if percentage is None:
        return None
    shown = rounded(percentage)
    for name, threshold in scale:
        if shown >= threshold:
            return name
    return scale[-1][0]


def passed(percentage: Decimal | None, pass_mark: Decimal) -> bool | None:
    """Pass when the course grade reaches the course's pass mark; None while there is no grade."""
    if percentage is None:
        return None
    return rounded(percentage) >= pass_mark
