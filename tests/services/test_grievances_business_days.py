"""Business days and deadlines, worked by hand on the 2026 calendar (pure: no database)."""

from datetime import date

import pytest

from hallweb.grievances.business_days import (
    add_business_days,
    add_calendar_days,
    business_days_until,
    is_business_day,
    roll_forward,
)
from hallweb.grievances.deadlines import (
    Clock,
    DeadlineRules,
    clock_after_answer,
    clock_label,
    deadline_for,
    extended_deadline,
    filing_deadline,
)

VETERANS_DAY = date(2026, 11, 11)  # a Wednesday
THANKSGIVING = date(2026, 11, 26)  # a Thursday
CHRISTMAS = date(2026, 12, 25)  # a Friday
NEW_YEAR = date(2027, 1, 1)  # a Friday
JUNETEENTH = date(2026, 6, 19)  # a Friday
HOLIDAYS = frozenset({VETERANS_DAY, THANKSGIVING, CHRISTMAS, NEW_YEAR, JUNETEENTH})
RULES = DeadlineRules()  # the defaults: 10 business days everywhere, arbitration 30 calendar days


def test_weekends_and_holidays_are_not_business_days():
    assert is_business_day(date(2026, 11, 10), HOLIDAYS)  # a Tuesday
    assert not is_business_day(date(2026, 11, 14), HOLIDAYS)  # Saturday
    assert not is_business_day(date(2026, 11, 15), HOLIDAYS)  # Sunday
    assert not is_business_day(VETERANS_DAY, HOLIDAYS)


def test_a_deadline_across_a_weekend():
    # Answer on Wednesday 4 March: Thu 5, Fri 6, (weekend), Mon 9 ... Wed 18 is the tenth business day.
    assert add_business_days(date(2026, 3, 4), 10, HOLIDAYS) == date(2026, 3, 18)
    # Three business days from a Thursday: Fri, Mon, Tue.
    assert add_business_days(date(2026, 3, 5), 3, HOLIDAYS) == date(2026, 3, 10)


def test_a_deadline_across_a_holiday_is_a_day_later():
    # Answer on Wednesday 4 November: Veterans Day (Wed 11) is skipped, so the tenth business day is Thu 19.
    assert add_business_days(date(2026, 11, 4), 10, frozenset()) == date(2026, 11, 18)
    assert add_business_days(date(2026, 11, 4), 10, HOLIDAYS) == date(2026, 11, 19)


def test_a_calendar_deadline_landing_on_a_holiday_moves_to_the_next_business_day():
    # 30 calendar days after 27 October is Thanksgiving: the demand is due on Friday 27 November.
    assert add_calendar_days(date(2026, 10, 27), 30, HOLIDAYS) == date(2026, 11, 27)


def test_a_calendar_deadline_landing_on_a_weekend_moves_to_monday():
    # 30 calendar days after 1 October is Saturday 31 October: due Monday 2 November.
    assert add_calendar_days(date(2026, 10, 1), 30, HOLIDAYS) == date(2026, 11, 2)
    assert deadline_for(Clock.ARBITRATION, 3, date(2026, 10, 1), RULES, HOLIDAYS) == date(2026, 11, 2)


def test_a_deadline_over_the_year_end_skips_christmas_and_new_year():
    # From Thursday 17 December: Fri 18, Mon 21-Thu 24 (5), Christmas, Mon 28-Thu 31 (9), New Year's Day,
    # the weekend, Monday 4 January 2027 (10).
    assert add_business_days(date(2026, 12, 17), 10, HOLIDAYS) == date(2027, 1, 4)
    assert deadline_for(Clock.APPEAL, 1, date(2026, 12, 17), RULES, HOLIDAYS) == date(2027, 1, 4)


def test_the_filing_deadline_counts_from_the_incident():
    # Incident on Friday 12 June: Mon 15-Thu 18 (4), Juneteenth, Mon 22-Fri 26 (9), Monday 29 June (10).
    assert filing_deadline(date(2026, 6, 12), RULES, HOLIDAYS) == date(2026, 6, 29)
    assert filing_deadline(date(2026, 6, 12), DeadlineRules(filing_days=5), HOLIDAYS) == date(2026, 6, 22)


def test_an_extension_moves_the_deadline_and_off_a_weekend():
    assert extended_deadline(date(2026, 3, 25), HOLIDAYS) == date(2026, 3, 25)  # a Wednesday stays
    assert extended_deadline(date(2026, 3, 28), HOLIDAYS) == date(2026, 3, 30)  # Saturday -> Monday
    assert extended_deadline(CHRISTMAS, HOLIDAYS) == date(2026, 12, 28)  # Christmas, then the weekend


def test_per_step_limits_are_settings():
    rules = DeadlineRules(answer_days={1: 5, 2: 7}, appeal_days={1: 3})
    start = date(2026, 3, 4)  # a Wednesday
    assert deadline_for(Clock.ANSWER, 1, start, rules, HOLIDAYS) == date(2026, 3, 11)
    assert deadline_for(Clock.ANSWER, 2, start, rules, HOLIDAYS) == date(2026, 3, 13)
    assert deadline_for(Clock.ANSWER, 3, start, rules, HOLIDAYS) == date(2026, 3, 18)  # not given: 10
    assert deadline_for(Clock.APPEAL, 1, start, rules, HOLIDAYS) == date(2026, 3, 9)


def test_the_rules_read_the_settings():
    rules = DeadlineRules.from_config(
        {
            "GRIEVANCE_FILING_DAYS": 7,
            "GRIEVANCE_ANSWER_DAYS": {"1": 4},
            "GRIEVANCE_APPEAL_DAYS": {"2": 6},
            "GRIEVANCE_ARBITRATION_DAYS": 45,
            "GRIEVANCE_FINAL_STEP_NAME": "Council on Industrial Relations",
        }
    )
    assert (rules.filing_days, rules.answer_limit(1), rules.appeal_limit(2), rules.arbitration_days) == (7, 4, 6, 45)
    assert rules.step_name(4) == "Council on Industrial Relations"
    assert clock_label(Clock.ARBITRATION, 3, rules) == "Council on Industrial Relations demand due"
    assert clock_label(Clock.APPEAL, 1, rules) == "Appeal to step 2 due"


def test_an_answer_at_the_last_step_starts_the_arbitration_clock():
    assert clock_after_answer(1) is Clock.APPEAL
    assert clock_after_answer(2) is Clock.APPEAL
    assert clock_after_answer(3) is Clock.ARBITRATION


@pytest.mark.parametrize(
    ("today", "left"),
    [
        (date(2026, 11, 19), 0),  # due today
        (date(2026, 11, 18), 1),
        (date(2026, 11, 16), 3),  # Mon: Tue, Wed, Thu
        (date(2026, 11, 13), 4),  # Fri: the weekend does not count
        (date(2026, 11, 10), 6),  # Tue: Veterans Day does not count
        (date(2026, 11, 20), -1),  # a day late
        (date(2026, 11, 21), -1),  # Saturday after a Thursday deadline: still late
        (date(2026, 11, 23), -2),
    ],
)
def test_business_days_left_until_a_thursday_deadline(today, left):
    assert business_days_until(today, date(2026, 11, 19), HOLIDAYS) == left


def test_roll_forward_keeps_a_business_day_and_moves_others():
    assert roll_forward(date(2026, 11, 10), HOLIDAYS) == date(2026, 11, 10)
    assert roll_forward(VETERANS_DAY, HOLIDAYS) == date(2026, 11, 12)
    with pytest.raises(ValueError):
        add_business_days(date(2026, 11, 10), -1, HOLIDAYS)
