"""The fund's pure rules: status moves, levels by amount at each boundary, amounts, the caps."""

from datetime import date
from decimal import Decimal

import pytest

from hallweb.benevolence import rules
from hallweb.benevolence.models import Status
from hallweb.errors import InvalidTransition

LIMITS = rules.parse_limits("500.00, 2000.00, 5000.00")


@pytest.mark.parametrize(
    ("amount", "levels"),
    [
        ("0.01", ["vp"]),
        ("500.00", ["vp"]),
        ("500.01", ["vp", "admin"]),
        ("1800.00", ["vp", "admin"]),
        ("2000.00", ["vp", "admin"]),
        ("2000.01", ["vp", "admin", "manager"]),
        ("5000.00", ["vp", "admin", "manager"]),
        ("5000.01", ["vp", "admin", "manager", "president"]),
        ("7500.00", ["vp", "admin", "manager", "president"]),
        ("7500.01", ["vp", "admin", "manager", "president"]),
    ],
)
def test_the_amount_requested_decides_how_many_levels_review(amount, levels):
    assert list(rules.levels_needed(Decimal(amount), LIMITS)) == levels


def test_the_limits_are_a_setting_and_must_rise():
    assert rules.levels_needed(Decimal("900"), rules.parse_limits([1000, 3000, 9000])) == ("vp",)
    for bad in ("500, 400, 5000", "500, 2000", "a, b, c", "500, 500, 600"):
        with pytest.raises(ValueError):
            rules.parse_limits(bad)


ALLOWED = {
    ("draft", "submitted"),
    ("submitted", "under_review"),
    ("under_review", "approved"),
    ("under_review", "denied"),
    ("under_review", "needs_info"),
    ("needs_info", "submitted"),
    ("approved", "paid"),
}


@pytest.mark.parametrize("old", list(Status))
@pytest.mark.parametrize("new", list(Status))
def test_status_moves_only_along_the_table(old, new):
    assert rules.can_move(old, new) == ((old.value, new.value) in ALLOWED)
    if (old.value, new.value) in ALLOWED:
        rules.ensure_move(old, new)
    else:
        with pytest.raises(InvalidTransition):
            rules.ensure_move(old, new)


def test_a_denied_or_paid_application_never_moves_and_only_an_approved_one_is_paid():
    assert rules.MOVES[Status.DENIED] == rules.MOVES[Status.PAID] == frozenset()
    assert [s for s in Status if rules.can_move(s, Status.PAID)] == [Status.APPROVED]


def test_the_first_decision_puts_a_submitted_application_under_review_on_the_way():
    assert rules.path_to("submitted", "approved") == [Status.UNDER_REVIEW, Status.APPROVED]
    assert rules.path_to("submitted", "under_review") == [Status.UNDER_REVIEW]
    assert rules.path_to("under_review", "under_review") == []
    with pytest.raises(InvalidTransition):
        rules.path_to("draft", "approved")


NEEDED = ("vp", "admin")


@pytest.mark.parametrize(
    ("approved", "level", "decision", "outcome"),
    [
        ([], "vp", "approved", ("under_review", "admin")),
        (["vp"], "admin", "approved", ("approved", None)),
        ([], "vp", "denied", ("denied", None)),
        (["vp"], "admin", "denied", ("denied", None)),
        ([], "vp", "needs_info", ("needs_info", None)),
        (["vp"], "admin", "deferred", ("under_review", "admin")),
        ([], "vp", "deferred", ("under_review", "vp")),
    ],
)
def test_a_denial_at_any_level_denies_and_approval_at_every_needed_level_approves(approved, level, decision, outcome):
    status, awaiting = rules.after_decision(NEEDED, approved, level, decision)
    assert (status, awaiting) == outcome


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("1800", "1800.00"), ("$1,800.50", "1800.50"), ("0.5", "0.50"), (" 12 ", "12")],
)
def test_amounts_are_read_exactly_as_people_type_them(typed, amount):
    assert rules.parse_amount(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", ["", "abc", "1.234", "-5", "NaN", "Infinity", "1e5", "1,80", "99999999999.00"])
def test_what_is_not_an_amount_is_refused(typed):
    assert rules.parse_amount(typed) is None


CAP = Decimal("7500.00")
TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(("amount", "over"), [("7500.00", False), ("7500.01", True)])
def test_the_cap_per_application(amount, over):
    problems = rules.cap_problems(amount=Decimal(amount), cap=CAP, last_paid_on=None, today=TODAY, months=12)
    assert bool(problems) == over
    if over:
        assert "$7,500.01 is over the fund's cap of $7,500.00" in problems[0]


@pytest.mark.parametrize(
    ("last_paid", "too_soon"),
    [(date(2025, 6, 15), False), (date(2025, 6, 16), True), (date(2026, 6, 1), True), (None, False)],
)
def test_one_paid_award_per_member_in_twelve_months(last_paid, too_soon):
    problems = rules.cap_problems(amount=Decimal("100"), cap=CAP, last_paid_on=last_paid, today=TODAY, months=12)
    assert bool(problems) == too_soon


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert rules.months_before(date(2026, 6, 15), 12) == date(2025, 6, 15)
    assert rules.months_before(date(2024, 2, 29), 12) == date(2023, 2, 28)
    assert rules.months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
