"""The training demo data: cohorts, students, a schedule with attendance (two sessions left to take),
grades with EX and missing ones, two instructors with sign-ins."""

from sqlalchemy import exists, func, select

from hallweb.extensions import db
from hallweb.hall_clock import hall_today
from hallweb.seed import seed_demo
from hallweb.training.models import Attendance, ClassSession, Cohort, Grade, Student


def test_demo_adds_cohorts_students_schedule_attendance_and_grades(app):
    report = seed_demo(members=60, employers=5, user_password=lambda role: f"pw-{role}-long enough")
    db.session.commit()
    assert set(db.session.scalars(select(Cohort.name))) == {"2025-Fall", "2026-Spring"}
    assert db.session.scalar(select(func.count(Student.id))) == 24
    assert {"instructor@example.org", "instructor2@example.org"} <= set(report.users)
    today = hall_today()
    marked = exists().where(Attendance.session_id == ClassSession.id)
    not_taken = db.session.scalar(select(func.count(ClassSession.id)).where(ClassSession.held_on < today, ~marked))
    assert not_taken == 2
    assert db.session.scalar(select(func.count(ClassSession.id)).where(ClassSession.held_on >= today)) > 0
    assert db.session.scalar(select(func.count(Grade.id)).where(Grade.excused)) > 0
    assert db.session.scalar(select(func.count(Grade.id)).where(Grade.points.is_not(None))) > 50
