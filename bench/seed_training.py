"""The benchmark's training offering at the issue's sizes, added after `flask seed demo` (bench/servers.py):
a cohort of 30 students enrolled in ELEC-101, weekly sessions from twelve weeks ago with attendance taken
for all 30 at each one held (eight more to come), and 20 assessments, all past due, graded the way a
gradebook fills in (about 92 % scored, 4 % excused, 4 % missing).

Kept out of the demo the office sees (`hallweb/training/demo.py`: two cohorts of 12, three assessments):
these sizes only serve the benchmark. The cohort, the course and the students go through the services
(numbers and audit rows as the app writes them); marks and grades, 960 rows, are inserted in bulk, as the
demo does. Run with the app's environment: `python bench/seed_training.py` (same seed, same data)."""

import random
import sys
from datetime import time, timedelta
from decimal import Decimal
from pathlib import Path

COHORT = "Bench-30"
COURSE = "ELEC-101"
STUDENTS = 30
PAST_SESSIONS, NEXT_SESSIONS = 12, 8
ASSESSMENTS = 20
POINTS = Decimal(20)


def seed(seed: int = 1) -> dict:
    from sqlalchemy import insert, select

    from hallweb.auth.services import find_user_by_email
    from hallweb.extensions import db
    from hallweb.hall_clock import hall_today
    from hallweb.members.models import Member, MemberStatus
    from hallweb.training.models import Attendance, Course, Grade, Student
    from hallweb.training.services.catalogue import create_cohort
    from hallweb.training.services.grades import add_assessment
    from hallweb.training.services.schedule import schedule_sessions
    from hallweb.training.services.students import create_student, enroll_cohort

    rng = random.Random(seed)
    staff = find_user_by_email("staff@example.org")
    teacher = find_user_by_email("instructor@example.org")
    today = hall_today()
    monday = today - timedelta(days=today.weekday())
    start = monday - timedelta(weeks=PAST_SESSIONS)
    cohort = create_cohort(
        actor=staff, name=COHORT, start_date=start, end_date=start + timedelta(weeks=PAST_SESSIONS + NEXT_SESSIONS)
    )
    free = db.session.scalars(  # active members with no account who are not students yet: the highest ids
        select(Member)
        .where(
            Member.status == MemberStatus.ACTIVE,
            Member.archived_at.is_(None),
            Member.user_id.is_(None),
            Member.id.not_in(select(Student.member_id)),
        )
        .order_by(Member.id.desc())
        .limit(STUDENTS)
    ).all()
    students = [create_student(actor=staff, member=m, cohort=cohort, year=start.year) for m in free]
    course = db.session.scalar(select(Course).where(Course.code == COURSE))
    enroll_cohort(actor=staff, course=course, cohort=cohort, on=start)
    sessions = schedule_sessions(
        actor=staff, course=course, cohort=cohort, instructor=teacher, first_date=start + timedelta(days=1),
        starts_at=time(18), ends_at=time(21), location="Training center, room 3", weeks=PAST_SESSIONS + NEXT_SESSIONS,
    )  # fmt: skip
    marks = []
    for s in (s for s in sessions if s.held_on < today):
        for student in students:
            roll = rng.random()
            status = "present" if roll < 0.85 else "late" if roll < 0.92 else "absent" if roll < 0.97 else "excused"
            marks.append(
                {"session_id": s.id, "student_id": student.id, "status": status, "marked_by_id": teacher.id,
                 "arrived_at": time(18, 20) if status == "late" else None}
            )  # fmt: skip
    grades = []
    for n in range(ASSESSMENTS):
        kind, name = ("exam", f"Test {n // 5 + 1}") if n % 5 == 4 else ("quiz", f"Quiz {n - n // 5 + 1}")
        a = add_assessment(
            actor=staff, course=course, cohort=cohort, name=name, assessment_type=kind, points_possible=POINTS,
            due_on=start + timedelta(days=3 + n * 4),
        )  # fmt: skip
        for student in students:
            roll = rng.random()
            if roll < 0.04:
                grades.append({"assessment_id": a.id, "student_id": student.id, "points": None, "excused": True})
            elif roll >= 0.08:  # else missing
                grades.append(
                    {"assessment_id": a.id, "student_id": student.id, "excused": False, "graded_by_id": teacher.id,
                     "points": Decimal(round(float(POINTS) * rng.uniform(0.55, 1.0) * 2) / 2)}
                )  # fmt: skip
    db.session.execute(insert(Attendance), marks)
    db.session.execute(insert(Grade), grades)
    db.session.commit()
    return {"students": len(students), "marks": len(marks), "grades": len(grades)}


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from hallweb import create_app

    with create_app().app_context():
        made = seed()
    print(" ".join(f"{k}={v}" for k, v in made.items()))
    return 0 if made["students"] == STUDENTS else 1


if __name__ == "__main__":
    sys.exit(main())
