"""Training demo data for `flask seed demo`: two cohorts, about 24 students, enrollments, a weekly schedule
(past sessions with attendance, two left not taken), assessments with grades (a few EX and missing), and a
second instructor. Students, enrollments and sessions go through the services; marks and grades, being
many, are inserted in bulk."""

from datetime import time, timedelta
from decimal import Decimal

from sqlalchemy import insert, select

from hallweb.auth.accounts import create_user
from hallweb.auth.models import RoleName, User
from hallweb.auth.services import find_user_by_email
from hallweb.extensions import db
from hallweb.hall_clock import hall_today
from hallweb.members.models import Member, MemberStatus
from hallweb.training.models import Attendance, Course, Grade, Student
from hallweb.training.services.catalogue import create_cohort
from hallweb.training.services.grades import add_assessment
from hallweb.training.services.schedule import schedule_sessions
from hallweb.training.services.students import create_student, enroll_cohort

STUDENTS_PER_COHORT = 12
# code: (weekday offset from the cohort's first Monday, start, end, which instructor)
TIMETABLE = {
    "ELEC-101": (1, time(18), time(21), 0),
    "MATH-100": (3, time(18), time(20), 1),
    "SAFE-101": (5, time(8), time(12), 0),
}
ASSESSMENTS = [("Quiz 1", "quiz", 10, 2), ("Homework 1", "assignment", 20, 4), ("Midterm", "exam", 50, 8)]


def _instructors(report, user_password) -> list[User]:
    """The role loop's instructor@example.org and a second one."""
    found = []
    for email, first, last in (
        ("instructor@example.org", "Demo", "Instructor"),
        ("instructor2@example.org", "Irene", "Volta"),
    ):
        user = find_user_by_email(email)
        if user is None:
            password = user_password(RoleName.INSTRUCTOR)
            user = create_user(
                actor=None, email=email, first_name=first, last_name=last, roles=["instructor"], password=password
            )
            report.users[email] = password
        found.append(user)
    return found


def _mark(rng):
    roll = rng.random()
    if roll < 0.80:
        return "present", None, None
    if roll < 0.86:
        return "late", time(18, 20), None
    if roll < 0.90:
        return "left_early", None, time(19, 45)
    if roll < 0.96:
        return "absent", None, None
    return "excused", None, None


def seed_training_demo(rng, report, user_password) -> None:
    staff = find_user_by_email("staff@example.org")
    teachers = _instructors(report, user_password)
    if db.session.scalar(select(Student.id).limit(1)) is not None:
        return  # already seeded: training adds nothing twice
    today = hall_today()
    monday = today - timedelta(days=today.weekday())
    cohorts = [
        create_cohort(
            actor=staff,
            name="2025-Fall",
            start_date=monday - timedelta(weeks=40),
            end_date=monday - timedelta(weeks=24),
        ),
        create_cohort(
            actor=staff,
            name="2026-Spring",
            start_date=monday - timedelta(weeks=6),
            end_date=monday + timedelta(weeks=12),
        ),
    ]
    free = db.session.scalars(
        select(Member)
        .where(Member.status == MemberStatus.ACTIVE, Member.archived_at.is_(None), Member.user_id.is_(None))
        .order_by(Member.id)
        .limit(STUDENTS_PER_COHORT * len(cohorts))
    ).all()
    courses = {c.code: c for c in db.session.scalars(select(Course).where(Course.code.in_(TIMETABLE)))}
    marks, grades = [], []
    not_taken_left = 2
    for n, cohort in enumerate(cohorts):
        mine = free[n * STUDENTS_PER_COHORT : (n + 1) * STUDENTS_PER_COHORT]
        finished = cohort.end_date < today
        students = [
            create_student(
                actor=staff,
                member=m,
                cohort=cohort,
                year=cohort.start_date.year,
                status="completed" if finished else "enrolled",
            )
            for m in mine
        ]
        for code, (weekday, starts, ends, who) in TIMETABLE.items():
            course = courses.get(code)
            if course is None:
                continue
            enroll_cohort(actor=staff, course=course, cohort=cohort, on=cohort.start_date)
            weeks = (cohort.end_date - cohort.start_date).days // 7
            sessions = schedule_sessions(
                actor=staff, course=course, cohort=cohort, instructor=teachers[who],
                first_date=cohort.start_date + timedelta(days=weekday), starts_at=starts, ends_at=ends,
                location="Training center, room " + str(1 + who), weeks=weeks,
            )  # fmt: skip
            past = [s for s in sessions if s.held_on < today]
            for s in past:
                if not finished and s is past[-1] and not_taken_left:
                    not_taken_left -= 1  # the latest past session of the first courses: attendance to take
                    continue
                for student in students:
                    status, arrived, left = _mark(rng)
                    if status == "late":
                        arrived = time(starts.hour, 20)
                    if status == "left_early":
                        left = time(ends.hour - 1, 15)
                    marks.append(
                        {"session_id": s.id, "student_id": student.id, "status": status, "arrived_at": arrived,
                         "left_at": left, "marked_by_id": teachers[who].id}
                    )  # fmt: skip
            for name, kind, points, week in ASSESSMENTS:
                due = cohort.start_date + timedelta(weeks=week)
                a = add_assessment(
                    actor=staff, course=course, cohort=cohort, name=name, assessment_type=kind,
                    points_possible=Decimal(points), due_on=due,
                )  # fmt: skip
                if due >= today:
                    continue
                for student in students:
                    roll = rng.random()
                    if roll < 0.04:
                        grades.append(
                            {"assessment_id": a.id, "student_id": student.id, "points": None, "excused": True}
                        )
                    elif roll < 0.08:
                        continue  # missing: counts as 0, being past due
                    else:
                        earned = Decimal(round(points * rng.uniform(0.55, 1.0) * 2) / 2)
                        grades.append(
                            {"assessment_id": a.id, "student_id": student.id, "points": earned, "excused": False,
                             "graded_by_id": teachers[who].id}
                        )  # fmt: skip
    if marks:
        db.session.execute(insert(Attendance), marks)
    if grades:
        db.session.execute(insert(Grade), grades)
    report.training = {"students": STUDENTS_PER_COHORT * len(cohorts), "marks": len(marks), "grades": len(grades)}
