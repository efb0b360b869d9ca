"""Attendance marks and grades, cell by cell: who may, what is refused, and no lost update."""

from datetime import time
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from hallweb.errors import DomainError, NotAllowed, NotFound
from hallweb.extensions import db
from hallweb.training.models import Attendance, Grade
from hallweb.training.services.attendance import mark_attendance, mark_rest_present
from hallweb.training.services.cells import StaleCell
from hallweb.training.services.grades import add_assessment, save_grade
from tests.factories import user
from tests.support import audit_rows
from tests.training_factories import offering


@pytest.fixture
def plan(app):
    staff, teacher = user("staff"), user("instructor", first_name="Ida", last_name="Teach")
    made = offering(staff, teacher, students=3, sessions=2)
    made.staff, made.teacher = staff, teacher
    return made


def marks(session_id):
    return dict(
        db.session.execute(
            select(Attendance.student_id, Attendance.status).where(Attendance.session_id == session_id)
        ).all()
    )


def test_the_instructor_marks_a_row_and_the_rest_present(plan):
    s, (a, b, c) = plan.sessions[0], plan.students
    row = mark_attendance(s, a.id, actor=plan.teacher, status="absent", expected_version=0)
    assert row.marked_by_id == plan.teacher.id
    assert mark_rest_present(s, actor=plan.teacher) == 2
    db.session.commit()
    assert marks(s.id) == {a.id: "absent", b.id: "present", c.id: "present"}
    assert audit_rows(a, "training.attendance_marked")[0].changes["attendance"] == [None, "absent"]


def test_late_needs_an_arrival_time_within_the_session(plan):
    s, a = plan.sessions[0], plan.students[0]
    with pytest.raises(DomainError) as refused:
        mark_attendance(s, a.id, actor=plan.teacher, status="late", expected_version=0)
    assert refused.value.field == "arrived_at"
    with pytest.raises(DomainError, match="during the session"):
        mark_attendance(s, a.id, actor=plan.teacher, status="late", arrived_at=time(22), expected_version=0)
    with pytest.raises(DomainError) as refused:
        mark_attendance(s, a.id, actor=plan.teacher, status="left_early", expected_version=0)
    assert refused.value.field == "left_at"
    row = mark_attendance(s, a.id, actor=plan.teacher, status="late", arrived_at=time(18, 40), expected_version=0)
    assert row.arrived_at == time(18, 40)
    present = mark_attendance(
        s, a.id, actor=plan.teacher, status="present", arrived_at=time(18, 40), expected_version=row.version
    )
    assert present.arrived_at is None  # times are kept only for late and left early


def test_another_instructor_may_not_mark_or_grade(plan):
    other = user("instructor")
    with pytest.raises(NotAllowed):
        mark_attendance(plan.sessions[0], plan.students[0].id, actor=other, status="present", expected_version=0)
    with pytest.raises(NotAllowed):
        mark_rest_present(plan.sessions[0], actor=other)
    with pytest.raises(NotAllowed):
        add_assessment(
            actor=other,
            course=plan.course,
            cohort=plan.cohort,
            name="Quiz",
            assessment_type="quiz",
            points_possible=D(10),
            due_on=None,
        )
    with pytest.raises(NotAllowed):
        add_assessment(
            actor=user("member"),
            course=plan.course,
            cohort=plan.cohort,
            name="Quiz",
            assessment_type="quiz",
            points_possible=D(10),
            due_on=None,
        )


def test_a_student_not_enrolled_is_not_on_the_roster(plan):
    other = offering(plan.staff, plan.teacher, students=1, sessions=0)
    with pytest.raises(NotFound):
        mark_attendance(
            plan.sessions[0], other.students[0].id, actor=plan.teacher, status="present", expected_version=0
        )


def test_a_stale_mark_is_refused_with_the_stored_one_and_who_made_it(plan):
    s, a = plan.sessions[0], plan.students[0]
    mark_attendance(s, a.id, actor=plan.staff, status="excused", expected_version=0)
    db.session.commit()
    with pytest.raises(StaleCell) as refused:
        mark_attendance(s, a.id, actor=plan.teacher, status="present", expected_version=0)
    assert "Excused" in refused.value.message and plan.staff.last_name in refused.value.message
    assert marks(s.id) == {a.id: "excused"}


def test_grades_save_excuse_clear_and_refuse_bad_values(plan):
    quiz = add_assessment(
        actor=plan.teacher,
        course=plan.course,
        cohort=plan.cohort,
        name="Quiz 1",
        assessment_type="quiz",
        points_possible=D(10),
        due_on=None,
    )
    a = plan.students[0]
    g = save_grade(quiz, a.id, "7.5", actor=plan.teacher, expected_version=0)
    assert (g.points, g.excused) == (D("7.5"), False)
    g = save_grade(quiz, a.id, "ex", actor=plan.teacher, expected_version=g.version)
    assert (g.points, g.excused) == (None, True)
    for bad in ("11", "-1", "abc"):
        with pytest.raises(DomainError) as refused:
            save_grade(quiz, a.id, bad, actor=plan.teacher, expected_version=g.version)
        assert refused.value.field == "score"
    g = save_grade(quiz, a.id, "", actor=plan.teacher, expected_version=g.version)
    assert (g.points, g.excused) == (None, False)
    db.session.commit()
    assert [r.changes["grade"] for r in audit_rows(a, "training.grade_saved")] == [
        [None, "7.5"],
        ["7.5", "EX"],
        ["EX", None],
    ]


def test_a_stale_grade_is_refused_showing_the_stored_value_and_who(plan):
    quiz = add_assessment(
        actor=plan.staff,
        course=plan.course,
        cohort=plan.cohort,
        name="Quiz 1",
        assessment_type="quiz",
        points_possible=D(10),
        due_on=None,
    )
    a = plan.students[0]
    first = save_grade(quiz, a.id, "8", actor=plan.teacher, expected_version=0).version
    db.session.commit()
    with pytest.raises(StaleCell) as refused:
        save_grade(quiz, a.id, "6", actor=plan.staff, expected_version=0)
    assert "now 8" in refused.value.message and "Ida Teach" in refused.value.message
    save_grade(quiz, a.id, "9", actor=plan.staff, expected_version=first)
    with pytest.raises(StaleCell):
        save_grade(quiz, a.id, "5", actor=plan.teacher, expected_version=first)
    db.session.commit()
    assert db.session.scalar(select(Grade.points).where(Grade.student_id == a.id)) == 9
