"""Training schedule: class sessions of a course for a cohort, one at a time or a weekly series."""

from datetime import date, time, timedelta

from sqlalchemy import or_, select

from hallweb.audit import services as audit
from hallweb.auth.models import RoleName, User
from hallweb.db.db_types import utcnow
from hallweb.db.versioning import ensure_editable
from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.formats import day
from hallweb.policies import ensure
from hallweb.training.models import ClassSession, Cohort, Course
from hallweb.training.policies import can_manage_training

MAX_WEEKS = 52


def _check(course: Course, cohort: Cohort, instructor: User | None, starts_at: time, ends_at: time) -> None:
    ensure_editable(course)
    if instructor is None or RoleName.INSTRUCTOR not in instructor.role_names():
        raise DomainError("Choose an instructor: a user who holds the instructor role.", field="instructor_id")
    if ends_at <= starts_at:
        raise DomainError("A session ends after it starts.", field="ends_at")


def schedule_sessions(
    *,
    actor,
    course: Course,
    cohort: Cohort,
    instructor: User | None,
    first_date: date,
    starts_at: time,
    ends_at: time,
    location: str | None = None,
    weeks: int = 1,
) -> list[ClassSession]:
    """One session, or a weekly series: the same weekday and times for `weeks` weeks from `first_date`.
    Every date must fall within the cohort's dates; nothing is added if one does not."""
    ensure(can_manage_training(actor))
    _check(course, cohort, instructor, starts_at, ends_at)
    if not 1 <= weeks <= MAX_WEEKS:
        raise DomainError(f"A series runs for 1 to {MAX_WEEKS} weeks.", field="weeks")
    dates = [first_date + timedelta(weeks=n) for n in range(weeks)]
    if dates[0] < cohort.start_date or dates[-1] > cohort.end_date:
        raise DomainError(
            f"Sessions fall within the cohort's dates ({day(cohort.start_date)} to {day(cohort.end_date)}).",
            field="first_date",
        )
    location = (location or "").strip() or None
    sessions = [
        ClassSession(
            course=course,
            cohort=cohort,
            instructor=instructor,
            held_on=d,
            starts_at=starts_at,
            ends_at=ends_at,
            location=location,
        )
        for d in dates
    ]
    db.session.add_all(sessions)
    db.session.flush()
    for s in sessions:
        audit.record(
            actor,
            "training.session_scheduled",
            s,
            {
                "course": course.code,
                "cohort": cohort.name,
                "held_on": [None, s.held_on],
                "starts_at": [None, s.starts_at.isoformat("minutes")],
                "ends_at": [None, s.ends_at.isoformat("minutes")],
                "instructor": [None, f"{instructor.first_name} {instructor.last_name}"],
                **({"location": [None, location]} if location else {}),
            },
        )
    return sessions


def instructor_options() -> list[tuple[int, str]]:
    """(id, name) of the users who hold the instructor role, for pick lists."""
    from hallweb.auth.models import Role, UserRole

    rows = db.session.execute(
        select(User.id, User.first_name, User.last_name)
        .join(UserRole, UserRole.user_id == User.id)
        .join(Role, Role.id == UserRole.role_id)
        .where(Role.name == RoleName.INSTRUCTOR, or_(UserRole.expires_at.is_(None), UserRole.expires_at > utcnow()))
        .order_by(User.last_name, User.first_name, User.id)
    ).all()
    return [(r.id, f"{r.first_name} {r.last_name}") for r in rows]
