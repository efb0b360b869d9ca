"""Training test data, made through the services (so audit rows and numbers are what the app writes).

staff = user("staff"); teacher = user("instructor")
plan = offering(staff, teacher, students=3, sessions=2)   # cohort, ELEC-101, enrolled students, sessions
"""

from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

from sqlalchemy import select

from hallweb.extensions import db
from hallweb.training.models import ClassSession, Cohort, Course, Student
from hallweb.training.services.catalogue import create_cohort
from hallweb.training.services.grades import add_assessment
from hallweb.training.services.schedule import schedule_sessions
from hallweb.training.services.students import create_student, enroll_cohort
from tests.factories import make_member, user

_names = iter(range(1, 10**6))


def course(code: str = "ELEC-101") -> Course:
    """One of the seeded default courses."""
    return db.session.scalar(select(Course).where(Course.code == code))


def make_cohort(staff, *, start=date(2026, 1, 5), end=date(2026, 6, 30), name=None) -> Cohort:
    cohort = create_cohort(actor=staff, name=name or f"Cohort-{next(_names)}", start_date=start, end_date=end)
    db.session.commit()
    return cohort


def make_student(staff, cohort, *, year=2026, **member_fields) -> Student:
    student = create_student(actor=staff, member=make_member(**member_fields), cohort=cohort, year=year)
    db.session.commit()
    return student


@dataclass
class Offering:
    cohort: Cohort
    course: Course
    students: list[Student]
    sessions: list[ClassSession] = field(default_factory=list)


def offering(
    staff, teacher, *, students=3, sessions=2, code="ELEC-101", first=date(2026, 1, 6), enrolled_on=date(2026, 1, 5)
):
    """A cohort with `students` students enrolled in a course, and a weekly series of `sessions` sessions
    taught by `teacher` from `first` (18:00–21:00)."""
    cohort = make_cohort(staff)
    made = [make_student(staff, cohort, first_name="Stu", last_name=f"Dent{i:03d}") for i in range(students)]
    c = course(code)
    enroll_cohort(actor=staff, course=c, cohort=cohort, on=enrolled_on)
    planned = []
    if sessions:
        planned = schedule_sessions(
            actor=staff,
            course=c,
            cohort=cohort,
            instructor=teacher,
            first_date=first,
            starts_at=time(18),
            ends_at=time(21),
            location="Hall B",
            weeks=sessions,
        )
    db.session.commit()
    return Offering(cohort, c, made, planned)


def offering_with_quiz(teacher):
    """Two students in a course `teacher` teaches, one session, and a quiz of 10 points due 01/20/2026."""
    made = offering(user("staff"), teacher, students=2, sessions=1)
    made.teacher = teacher
    made.quiz = add_assessment(
        actor=teacher, course=made.course, cohort=made.cohort, name="Quiz 1", assessment_type="quiz",
        points_possible=Decimal(10), due_on=date(2026, 1, 20),
    )  # fmt: skip
    db.session.commit()
    return made
