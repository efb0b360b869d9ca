"""Training arithmetic (DOMAIN.md, Pre-apprenticeship training): worked examples, edges included."""

from datetime import date, time
from decimal import Decimal as D

import pytest

from hallweb.training.attendance_math import (
    AtRiskPolicy,
    Presence,
    at_risk,
    attendance_rate,
    contact_hours,
    contact_hours_of,
    duration_hours,
)
from hallweb.training.grading import (
    BadScore,
    Mark,
    check_weights,
    course_grade,
    letter,
    parse_scale,
    parse_score,
    passed,
    rounded,
    type_percentage,
)

TODAY = date(2026, 3, 10)
POLICY = AtRiskPolicy(minimum_rate=D(80), after_sessions=3)

# Duration, attendance rate, contact hours, at risk


def test_duration_is_the_hours_between_start_and_end():
    assert duration_hours(time(18, 0), time(21, 30)) == D("3.50")
    assert duration_hours(time(8, 0), time(8, 20)) == D("0.33")
    with pytest.raises(ValueError):
        duration_hours(time(9), time(9))


def test_attendance_rate_counts_present_late_and_left_early_over_held_minus_excused():
    # 5 held: P, L, D attended; A absent; E excused -> 3 / (5 - 1) = 75%
    assert attendance_rate(["present", "late", "left_early", "absent", "excused"]) == D("75.00")


def test_no_session_held_yet_gives_no_rate():
    assert attendance_rate([]) is None


def test_every_absence_excused_gives_no_rate_rather_than_zero():
    assert attendance_rate(["excused", "excused"]) is None


def test_a_session_not_taken_does_not_count_either_way():
    assert attendance_rate(["present", None, "absent"]) == D("50.00")
    assert attendance_rate([None, None]) is None


def test_contact_hours_full_when_present_partial_when_late_or_left_early():
    s, e = time(18), time(21)
    assert contact_hours_of(Presence("present", s, e)) == D("3.00")
    assert contact_hours_of(Presence("late", s, e, arrived_at=time(18, 30))) == D("2.50")
    assert contact_hours_of(Presence("left_early", s, e, left_at=time(20))) == D("2.00")
    assert contact_hours_of(Presence("late", s, e, arrived_at=time(19), left_at=time(20, 30))) == D("1.50")
    assert contact_hours_of(Presence("absent", s, e)) == 0
    assert contact_hours_of(Presence("excused", s, e)) == 0
    assert contact_hours_of(Presence(None, s, e)) == 0
    # times outside the session are clamped to it
    assert contact_hours_of(Presence("late", s, e, arrived_at=time(17))) == D("3.00")
    total = contact_hours([Presence("present", s, e), Presence("late", s, e, arrived_at=time(20))])
    assert total == D("4.00")


def test_below_the_rate_after_three_sessions_is_at_risk():
    assert at_risk(["present", "present", "absent"], 20, POLICY)  # 66.67% after 3
    assert not at_risk(["present", "absent"], 20, POLICY)  # only 2 counted sessions
    assert not at_risk(["present", "present", "present", "present", "absent"], 20, POLICY)  # 80%


def test_a_student_who_can_no_longer_reach_the_rate_is_at_risk_early():
    # 2 absences of 10 sessions: best possible is 8/10 = 80%: still reachable
    assert not at_risk(["absent", "absent"], 8, POLICY)
    # 2 absences of 9: at best 7/9 = 77.8%, though only 2 sessions have counted yet
    assert at_risk(["absent", "absent"], 7, POLICY)


def test_excused_and_not_taken_sessions_are_left_out_of_at_risk():
    assert not at_risk(["present", "excused", None, "present", "present"], 5, POLICY)


def test_the_policy_states_its_numbers():
    words = POLICY.wording()
    assert "80%" in words and "after 3 sessions" in words


# Grades


def mark(points, possible="10", due=date(2026, 3, 1), excused=False):
    return Mark(None if points is None else D(points), excused, D(possible), due)


def test_type_percentage_is_earned_over_possible():
    assert type_percentage([mark("8"), mark("18", "20")], TODAY) == D(260) / 3  # 26/30


def test_excused_is_left_out_of_the_math():
    assert type_percentage([mark("8"), mark(None, excused=True)], TODAY) == D(80)


def test_missing_grade_counts_as_zero_only_after_the_due_date():
    before_due = mark(None, due=date(2026, 3, 20))
    past_due = mark(None, due=date(2026, 3, 9))
    assert type_percentage([mark("8"), before_due], TODAY) == D(80)
    assert type_percentage([mark("8"), past_due], TODAY) == D(40)
    due_today = mark(None, due=TODAY)
    assert type_percentage([mark("8"), due_today], TODAY) == D(80)  # past due starts the day after


def test_no_grades_yet_gives_no_percentage():
    assert type_percentage([], TODAY) is None
    assert type_percentage([mark(None, due=date(2026, 4, 1))], TODAY) is None
    assert course_grade({"quiz": None, "exam": None}, None) is None


def test_course_grade_weights_type_percentages():
    weights = {"quiz": D(20), "exam": D(50), "assignment": D(30), "project": 0, "participation": 0, "final": 0}
    grade = course_grade({"quiz": D(90), "exam": D(70), "assignment": D(80)}, weights)
    assert grade == D(77)  # (18 + 35 + 24) / 100


def test_a_type_with_no_grades_is_left_out_of_the_weights():
    weights = {"quiz": D(20), "exam": D(50), "assignment": D(30)}
    # exam not yet given: (20*90 + 30*80) / 50 = 84
    assert course_grade({"quiz": D(90), "exam": None, "assignment": D(80)}, weights) == D(84)


def test_equal_weights_by_default_average_the_types():
    assert course_grade({"quiz": D(90), "exam": D(70)}, None) == D(80)


def test_weights_must_total_100():
    check_weights({"quiz": D(40), "exam": D(60)})
    with pytest.raises(ValueError, match="total 100"):
        check_weights({"quiz": D(40), "exam": D(50)})
    with pytest.raises(ValueError):
        check_weights({"quiz": D(-10), "exam": D(110)})
    with pytest.raises(ValueError):
        check_weights({"homework": D(100)})


def test_letters_follow_the_scale_on_the_shown_value():
    assert [letter(D(p)) for p in (100, 90, "89.99", 80, 79, 70, "60", "59.99", 0)] == [
        "A", "A", "B", "B", "C", "C", "D", "F", "F"
    ]  # fmt: skip
    assert letter(D("89.996")) == "A"  # shown as 90.00
    assert letter(None) is None


def test_a_letter_scale_needs_unique_thresholds_starting_at_zero():
    assert parse_scale("A:90, B:80, C:70, D:60, F:0")[0] == ("A", D(90))
    assert letter(D(85), parse_scale("P:75,F:0")) == "P"
    for bad in ("A:90,B:90,F:0", "A:90,B:50", "A:90,:0"):
        with pytest.raises(ValueError):
            parse_scale(bad)


def test_pass_when_the_grade_reaches_the_pass_mark():
    assert passed(D(70), D(70)) is True
    assert passed(D("69.994"), D(70)) is False
    assert passed(None, D(70)) is None
    assert rounded(D("69.995")) == D("70.00")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", (None, False)),
        (" ex ", (None, True)),
        ("EX", (None, True)),
        ("7.5", (D("7.50"), False)),
        ("10", (D(10), False)),
    ],
)
def test_a_cell_reads_a_score_ex_or_nothing(typed, expected):
    assert parse_score(typed, D(10)) == expected


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("-1", "negative"), ("10.5", "most"), ("abc", "number"), ("nan", "number"), ("1e999", "most"), ("7.555", "two")],
)
def test_a_bad_cell_value_is_refused_with_the_reason(typed, reason):
    with pytest.raises(BadScore, match=reason):
        parse_score(typed, D(10))
