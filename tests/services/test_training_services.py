"""Training services: cohorts, courses and weights, sessions, students and their numbers, enrollments."""

from datetime import date, time
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from hallweb.errors import Conflict, DomainError, NotAllowed
from hallweb.extensions import db
from hallweb.training.models import ClassSession, Course, Enrollment
from hallweb.training.services.catalogue import archive_course, create_course, set_weights, update_course, weights_of
from hallweb.training.services.schedule import schedule_sessions
from hallweb.training.services.students import create_student, enroll_cohort, enroll_student
from tests.factories import make_member, user
from tests.support import audit_rows
from tests.training_factories import course, make_cohort, make_student, offering


def test_the_five_default_courses_are_in_the_catalogue(app):
    codes = dict(db.session.execute(select(Course.code, Course.hours)).all())
    assert codes == {"ELEC-101": 80, "MATH-100": 40, "SAFE-101": 16, "TOOL-101": 40, "READ-101": 40}
    assert course("ELEC-101").credits == 3 and course("ELEC-101").pass_mark == 70


def test_course_codes_are_unique_and_the_course_is_audited(app):
    staff = user("staff")
    made = create_course(
        actor=staff,
        code="weld-110",
        title="Welding",
        course_type="elective",
        hours=D(24),
        credits=1,
        pass_mark=D(70),
        active=True,
    )
    assert made.code == "WELD-110"
    assert audit_rows(made, "training.course_created")
    with pytest.raises(Conflict, match="code"):
        create_course(
            actor=staff, code="ELEC-101", title="Again", course_type="core", hours=D(1), credits=0, pass_mark=D(70)
        )


def test_an_archived_course_is_read_only(app):
    staff = user("staff")
    c = course("READ-101")
    archive_course(c, actor=staff)
    with pytest.raises(DomainError, match="archived"):
        update_course(c, actor=staff, expected_version=c.version, title="Other")


def test_only_staff_manage_the_catalogue(app):
    with pytest.raises(NotAllowed):
        create_course(
            actor=user("instructor"), code="X-1", title="X", course_type="core", hours=D(1), credits=0, pass_mark=D(70)
        )


def test_weights_must_total_100_and_replace_the_old_ones(app):
    staff = user("staff")
    c = course("MATH-100")
    assert weights_of(c) is None  # equal by default
    with pytest.raises(DomainError, match="total 100"):
        set_weights(c, {"quiz": D(30), "exam": D(60)}, actor=staff, expected_version=c.version)
    version = c.version
    set_weights(c, {"quiz": D(40), "exam": D(60)}, actor=staff, expected_version=version)
    db.session.commit()
    assert weights_of(c) == {"quiz": 40, "exam": 60}
    assert c.version == version + 1
    with pytest.raises(Conflict):  # a form opened before that change is stale
        set_weights(c, {"exam": D(100)}, actor=staff, expected_version=version)


def test_a_weekly_series_adds_one_session_a_week_within_the_cohort(app):
    staff, teacher = user("staff"), user("instructor")
    cohort = make_cohort(staff, start=date(2026, 1, 5), end=date(2026, 2, 28))
    made = schedule_sessions(
        actor=staff,
        course=course(),
        cohort=cohort,
        instructor=teacher,
        first_date=date(2026, 1, 6),
        starts_at=time(18),
        ends_at=time(21, 30),
        weeks=4,
    )
    assert [s.held_on for s in made] == [date(2026, 1, 6), date(2026, 1, 13), date(2026, 1, 20), date(2026, 1, 27)]
    assert made[0].hours == D("3.5")
    with pytest.raises(DomainError, match="cohort's dates"):
        schedule_sessions(
            actor=staff,
            course=course(),
            cohort=cohort,
            instructor=teacher,
            first_date=date(2026, 2, 17),
            starts_at=time(18),
            ends_at=time(21),
            weeks=3,
        )
    with pytest.raises(DomainError, match="instructor"):
        schedule_sessions(
            actor=staff,
            course=course(),
            cohort=cohort,
            instructor=staff,
            first_date=date(2026, 1, 6),
            starts_at=time(18),
            ends_at=time(21),
        )
    with pytest.raises(DomainError, match="ends after"):
        schedule_sessions(
            actor=staff,
            course=course(),
            cohort=cohort,
            instructor=teacher,
            first_date=date(2026, 1, 6),
            starts_at=time(18),
            ends_at=time(17),
        )
    db.session.rollback()
    assert db.session.scalar(select(func.count(ClassSession.id)).where(ClassSession.cohort_id == cohort.id)) == 0


def test_student_numbers_run_per_year(app):
    staff = user("staff")
    cohort = make_cohort(staff)
    first = make_student(staff, cohort, year=2031)
    second = make_student(staff, cohort, year=2031)
    other_year = make_student(staff, cohort, year=2032)
    assert (first.number, second.number, other_year.number) == ("2031-0001", "2031-0002", "2032-0001")


def test_a_member_is_a_student_once(app):
    staff = user("staff")
    member = make_member()
    create_student(actor=staff, member=member, cohort=None, year=2026)
    with pytest.raises(Conflict, match="student already"):
        create_student(actor=staff, member=member, cohort=None, year=2026)


def test_enrolling_a_cohort_enrols_each_current_student_once(app):
    staff = user("staff")
    cohort = make_cohort(staff)
    a, b = make_student(staff, cohort), make_student(staff, cohort)
    enroll_student(actor=staff, student=a, course=course("SAFE-101"), cohort=cohort, on=date(2026, 1, 5))
    made = enroll_cohort(actor=staff, course=course("SAFE-101"), cohort=cohort, on=date(2026, 1, 5))
    assert [e.student_id for e in made] == [b.id]
    with pytest.raises(Conflict, match="already"):
        enroll_student(actor=staff, student=a, course=course("SAFE-101"), cohort=cohort, on=date(2026, 1, 5))
    enrolled = db.session.scalars(
        select(Enrollment.student_id).where(
            Enrollment.course_id == course("SAFE-101").id, Enrollment.cohort_id == cohort.id
        )
    ).all()
    assert sorted(enrolled) == sorted([a.id, b.id])
    assert audit_rows(b, "training.enrolled")


def test_offering_factory_builds_a_schedule(app):
    plan = offering(user("staff"), user("instructor"), students=2, sessions=3)
    assert len(plan.students) == 2 and len(plan.sessions) == 3


def test_final_grades_complete_those_who_pass_fail_the_others_and_leave_the_ungraded_incomplete(app):
    from hallweb.training.grading import DEFAULT_SCALE
    from hallweb.training.services.grades import add_assessment, save_grade
    from hallweb.training.services.students import record_final_grades

    staff, teacher = user("staff"), user("instructor")
    plan = offering(staff, teacher, students=3, sessions=1)
    quiz = add_assessment(
        actor=teacher, course=plan.course, cohort=plan.cohort, name="Q", assessment_type="quiz",
        points_possible=D(10), due_on=date(2030, 1, 1),
    )  # fmt: skip
    a, b, c = plan.students
    save_grade(quiz, a.id, "8.5", actor=teacher, expected_version=0)
    save_grade(quiz, b.id, "6", actor=teacher, expected_version=0)
    count = record_final_grades(
        actor=staff, course=plan.course, cohort=plan.cohort, on=date(2026, 5, 1), today=date(2026, 5, 1),
        scale=DEFAULT_SCALE,
    )  # fmt: skip
    assert count == 3
    rows = {
        e.student_id: (e.status, e.final_percentage, e.final_letter, e.completed_on)
        for e in db.session.scalars(select(Enrollment).where(Enrollment.cohort_id == plan.cohort.id))
    }
    assert rows[a.id] == ("completed", D("85.00"), "B", date(2026, 5, 1))
    assert rows[b.id] == ("failed", D("60.00"), "D", date(2026, 5, 1))
    assert rows[c.id] == ("incomplete", None, None, None)
    assert audit_rows(a, "training.final_grade_recorded")
