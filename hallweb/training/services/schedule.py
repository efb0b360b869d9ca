"""Training schedule: class sessions of a course for a cohort, one at a time or a weekly series."""

from datetime import date, time, timedelta

from sqlalchemy import func, or_, select

from hallweb.audit import services as audit
from hallweb.auth.models import RoleName, User
from hallweb.db.db_types import utcnow
from hallweb.db.versioning import apply_change, check_version, ensure_editable
from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.formats import clock, day
from hallweb.policies import ensure
from hallweb.training.models import Attendance, ClassSession, Cohort, Course
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


def marks_taken(session: ClassSession) -> int:
    """How many students' attendance has been taken for the session."""
    return db.session.scalar(select(func.count(Attendance.id)).where(Attendance.session_id == session.id))


def update_session(
    session: ClassSession,
    *,
    actor,
    expected_version: int | None,
    today: date,
    held_on: date,
    starts_at: time,
    ends_at: time,
    instructor: User | None,
    location: str | None,
) -> dict:
    """Correct a session's date, times, instructor or location (its course and cohort stay: attendance and
    grades hang on them). As when scheduling, the date falls within the cohort's dates and the instructor
    holds the instructor role (kept as they are if unchanged). Once attendance has been taken the marks stay
    as they are, so the session must stay one they fit: held by today, and the times still covering every
    arrival and departure recorded. Contact hours follow the new times."""
    ensure(can_manage_training(actor))
    if instructor is not None and instructor.id == session.instructor_id:
        ensure_editable(session.course)
        if ends_at <= starts_at:
            raise DomainError("A session ends after it starts.", field="ends_at")
    else:
        _check(session.course, session.cohort, instructor, starts_at, ends_at)
    cohort = session.cohort
    if not cohort.start_date <= held_on <= cohort.end_date:
        raise DomainError(
            f"A session falls within its cohort's dates ({day(cohort.start_date)} to {day(cohort.end_date)}).",
            field="held_on",
        )
    values = {
        "held_on": held_on,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "instructor_id": instructor.id,
        "location": (location or "").strip() or None,
    }
    check_version(session, expected_version, values)
    if marks_taken(session):
        _check_marks_fit(session, held_on, starts_at, ends_at, today)
    changes = apply_change(
        session, values, actor=actor, action="training.session_updated", expected_version=expected_version
    )
    db.session.expire(session, ["instructor"])  # the relationship follows the new instructor_id
    return changes


def _check_marks_fit(session: ClassSession, held_on: date, starts_at: time, ends_at: time, today: date) -> None:
    if held_on > today:
        raise DomainError(
            f"Attendance has been taken for this session, so it was held: its date is {day(today)} or earlier.",
            field="held_on",
        )
    outside = db.session.execute(
        select(Attendance.arrived_at, Attendance.left_at).where(
            Attendance.session_id == session.id,
            or_(
                Attendance.arrived_at < starts_at,
                Attendance.arrived_at > ends_at,
                Attendance.left_at < starts_at,
                Attendance.left_at > ends_at,
            ),
        )
    ).all()
    if outside:
        times = sorted({t for row in outside for t in row if t is not None and not starts_at <= t <= ends_at})
        early = times[0] < starts_at
        count = len(outside)
        raise DomainError(
            f"{count} attendance mark{'s' if count != 1 else ''} record{'' if count != 1 else 's'} an arrival or "
            f"departure outside {clock(starts_at)}–{clock(ends_at)} (at {', '.join(clock(t) for t in times[:5])}). "
            "Choose times that cover them, or correct those marks on the roster first.",
            field="starts_at" if early else "ends_at",
        )


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
