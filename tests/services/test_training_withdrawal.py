"""Withdrawing a student from one course: the rule, who may, twice and stale, and what it means for the
student's record, the rosters, the gradebook and closing the course."""

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from hallweb.db.versioning import MissingVersion
from hallweb.errors import Conflict, DomainError, InvalidTransition, NotAllowed, NotFound
from hallweb.extensions import db
from hallweb.training.attendance_math import AtRiskPolicy
from hallweb.training.grading import parse_scale
from hallweb.training.models import Enrollment
from hallweb.training.queries.gradebook import gradebook
from hallweb.training.queries.records import student_record
from hallweb.training.queries.roster import offering_marks, roster
from hallweb.training.services.attendance import mark_attendance, mark_rest_present
from hallweb.training.services.grades import add_assessment, save_grade
from hallweb.training.services.students import archive_student, record_final_grades, withdraw_enrollment
from tests.factories import user
from tests.support import audit_rows
from tests.training_factories import offering

WITHDRAWN_ON = date(2026, 1, 15)  # after the sessions of Jan 6 and 13, before those of Jan 20 and 27
TODAY = date(2026, 2, 1)
SCALE = parse_scale("A:90,B:80,C:70,D:60,F:0")


@pytest.fixture
def plan(app):
    staff, teacher = user("staff"), user("instructor")
    made = offering(staff, teacher, students=2, sessions=4, first=date(2026, 1, 6))
    a = made.students[0]
    mark_attendance(made.sessions[0], a.id, actor=teacher, status="present", expected_version=0)
    mark_attendance(made.sessions[1], a.id, actor=teacher, status="absent", expected_version=0)
    db.session.commit()
    made.staff, made.teacher = staff, teacher
    return made


def _enrollment(student) -> Enrollment:
    return db.session.scalar(select(Enrollment).where(Enrollment.student_id == student.id))


def _withdraw(plan, student, **kw):
    e = _enrollment(student)
    args = {"actor": plan.staff, "expected_version": e.version, "on": WITHDRAWN_ON, **kw}
    return withdraw_enrollment(e, **args)


def test_withdrawing_sets_the_status_and_date_and_is_audited_on_the_student(plan):
    a = plan.students[0]
    changes = _withdraw(plan, a)
    e = _enrollment(a)
    assert (e.status, e.withdrawn_on, e.version) == ("withdrawn", WITHDRAWN_ON, 2)
    assert changes["status"] == ["enrolled", "withdrawn"]
    (row,) = audit_rows(a, "training.withdrawn")
    assert row.changes == {
        "course": "ELEC-101",
        "status": ["enrolled", "withdrawn"],
        "withdrawn_on": [None, "2026-01-15"],
    }
    assert row.actor_id == plan.staff.id


def test_only_office_staff_withdraw(plan):
    for role in ("instructor", "officer", "member"):
        with pytest.raises(NotAllowed):
            _withdraw(plan, plan.students[0], actor=user(role))
    assert _enrollment(plan.students[0]).status == "enrolled"


def test_withdrawing_twice_is_refused_not_applied_twice(plan):
    a = plan.students[0]
    _withdraw(plan, a)
    with pytest.raises(Conflict, match="withdrawn from ELEC-101 already"):
        withdraw_enrollment(_enrollment(a), actor=plan.staff, expected_version=1, on=WITHDRAWN_ON)
    assert len(audit_rows(a, "training.withdrawn")) == 1 and _enrollment(a).version == 2


def test_a_withdrawal_from_a_stale_page_is_refused(plan):
    a = plan.students[0]
    e = _enrollment(a)
    e.final_letter = "B"  # another change to the enrollment since the page was drawn
    db.session.flush()
    with pytest.raises(Conflict, match="changed since this page was opened"):
        withdraw_enrollment(e, actor=plan.staff, expected_version=1, on=WITHDRAWN_ON)
    with pytest.raises(MissingVersion):
        withdraw_enrollment(e, actor=plan.staff, expected_version=None, on=WITHDRAWN_ON)
    assert _enrollment(a).status == "enrolled" and not audit_rows(a, "training.withdrawn")


def test_only_a_course_in_progress_is_withdrawn_from(plan):
    a = plan.students[0]
    e = _enrollment(a)
    e.status = "completed"
    db.session.flush()
    with pytest.raises(InvalidTransition, match="is completed"):
        withdraw_enrollment(e, actor=plan.staff, expected_version=e.version, on=WITHDRAWN_ON)


def test_an_archived_students_courses_are_not_withdrawn_from(plan):
    a = plan.students[0]
    archive_student(a, actor=plan.staff)
    with pytest.raises(DomainError, match="archived"):
        _withdraw(plan, a)


def test_the_record_keeps_the_sessions_before_the_withdrawal_and_no_more(plan):
    a = plan.students[0]
    policy = AtRiskPolicy(D(80), 1)
    before = student_record(a, today=TODAY, scale=SCALE, policy=policy).courses[0]
    assert before.sessions_not_taken == 2 and before.at_risk  # 1 of 2 counted sessions attended
    _withdraw(plan, a)
    after = student_record(a, today=TODAY, scale=SCALE, policy=policy).courses[0]
    assert after.status == "withdrawn" and after.withdrawn_on == WITHDRAWN_ON
    assert after.attendance_rate == D(50) and after.sessions_counted == 2
    assert after.sessions_not_taken == 0 and after.sessions_to_come == 0
    assert after.contact_hours == D(3) and not after.at_risk


def test_a_withdrawn_student_leaves_the_rosters_of_later_sessions_only(plan):
    a, b = plan.students
    _withdraw(plan, a)
    first, second, third, fourth = plan.sessions
    assert [r.student_id for r in roster(first)] == [a.id, b.id]
    assert [r.student_id for r in roster(second)] == [a.id, b.id]
    assert [r.student_id for r in roster(third)] == [b.id]
    assert [r.student_id for r in roster(fourth)] == [b.id]
    marks = offering_marks(plan.course.id, plan.cohort.id, TODAY)
    assert len(marks[a.id]) == 2 and len(marks[b.id]) == 4


def test_a_withdrawn_student_is_not_marked_for_later_sessions(plan):
    a, b = plan.students
    _withdraw(plan, a)
    with pytest.raises(NotFound, match="withdrew"):
        mark_attendance(plan.sessions[2], a.id, actor=plan.teacher, status="present", expected_version=0)
    assert mark_rest_present(plan.sessions[2], actor=plan.teacher) == 1
    assert [(r.student_id, r.status) for r in roster(plan.sessions[2])] == [(b.id, "present")]
    # a mark of a session before the withdrawal may still be corrected
    row = roster(plan.sessions[1])[0]
    mark_attendance(plan.sessions[1], a.id, actor=plan.teacher, status="excused", expected_version=row.version)


def test_a_mark_given_before_the_withdrawal_was_recorded_stays(plan):
    a = plan.students[0]
    mark_attendance(plan.sessions[2], a.id, actor=plan.teacher, status="present", expected_version=0)
    _withdraw(plan, a)
    assert a.id in [r.student_id for r in roster(plan.sessions[2])]
    record = student_record(a, today=TODAY, scale=SCALE, policy=AtRiskPolicy()).courses[0]
    assert record.sessions_counted == 3


def test_the_gradebook_keeps_a_withdrawn_students_grades_and_takes_no_more(plan):
    a, b = plan.students
    quiz = add_assessment(
        actor=plan.teacher, course=plan.course, cohort=plan.cohort, name="Quiz 1", assessment_type="quiz",
        points_possible=D(10), due_on=date(2026, 1, 10),
    )  # fmt: skip
    save_grade(quiz, a.id, "8", actor=plan.teacher, expected_version=0)
    _withdraw(plan, a)
    book = gradebook(plan.course, plan.cohort, today=TODAY, scale=SCALE)
    statuses = {r.student_id: (r.status, r.cells[0].shown) for r in book.rows}
    assert statuses == {a.id: ("withdrawn", "8"), b.id: ("enrolled", "")}
    with pytest.raises(DomainError, match="withdrew from this course"):
        save_grade(quiz, a.id, "9", actor=plan.teacher, expected_version=book.rows[0].cells[0].version)
    save_grade(quiz, b.id, "9", actor=plan.teacher, expected_version=0)


def test_closing_the_course_leaves_a_withdrawal_as_it_is(plan):
    a, b = plan.students
    _withdraw(plan, a)
    count = record_final_grades(
        actor=plan.staff, course=plan.course, cohort=plan.cohort, on=TODAY, today=TODAY, scale=SCALE
    )
    assert count == 1
    assert (_enrollment(a).status, _enrollment(a).final_letter) == ("withdrawn", None)
    assert _enrollment(b).status == "incomplete"
