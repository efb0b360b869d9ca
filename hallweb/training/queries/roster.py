"""The attendance roster of a session: every student enrolled in its course for its cohort, with the mark;
a student withdrawn before the session was held is left out (unless they were marked for it)."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import Date, and_, bindparam, or_, select
from sqlalchemy.orm import aliased

from hallweb.auth.models import User
from hallweb.db.plain_rows import plain_rows
from hallweb.members.models import Member
from hallweb.training.models import ATTENDANCE_LABELS, Attendance, ClassSession, Enrollment, Student

Marker = aliased(User)


def still_theirs(held_on, attendance=Attendance):
    """A session (held on `held_on`) is an enrolled student's unless they withdrew from the course before it
    was held; a mark they were given stays on their record whatever the date."""
    return or_(Enrollment.withdrawn_on.is_(None), held_on < Enrollment.withdrawn_on, attendance.status.is_not(None))


_ROSTER = (
    select(
        Student.id.label("student_id"),
        Student.number,
        Member.first_name,
        Member.last_name,
        Attendance.status,
        Attendance.arrived_at,
        Attendance.left_at,
        Attendance.version,
        Attendance.marked_at,
        Marker.first_name.label("marker_first"),
        Marker.last_name.label("marker_last"),
    )
    .select_from(Enrollment)
    .join(Student, Student.id == Enrollment.student_id)
    .join(Member, Member.id == Student.member_id)
    .outerjoin(
        Attendance,
        and_(Attendance.student_id == Student.id, Attendance.session_id == bindparam("session_id")),
    )
    .outerjoin(Marker, Marker.id == Attendance.marked_by_id)
    .where(
        Enrollment.course_id == bindparam("course_id"),
        Enrollment.cohort_id == bindparam("cohort_id"),
        still_theirs(bindparam("held_on", type_=Date)),
    )
    .order_by(Member.last_name_key, Member.first_name_key, Student.id)
)


@dataclass
class RosterRow:
    student_id: int
    number: str
    name: str
    status: str | None
    arrived_at: time | None
    left_at: time | None
    version: int  # 0: not marked yet
    marked_at: datetime | None
    marked_by: str | None
    error: str | None = None
    error_field: str | None = None
    saved: bool = False

    @property
    def status_label(self) -> str:
        return ATTENDANCE_LABELS.get(self.status or "", "Not marked")


def _row(r) -> RosterRow:
    return RosterRow(
        student_id=r.student_id,
        number=r.number,
        name=f"{r.last_name}, {r.first_name}",
        status=r.status,
        arrived_at=r.arrived_at,
        left_at=r.left_at,
        version=r.version or 0,
        marked_at=r.marked_at,
        marked_by=f"{r.marker_first} {r.marker_last}" if r.marker_first else None,
    )


def _params(session: ClassSession) -> dict:
    return {
        "session_id": session.id,
        "course_id": session.course_id,
        "cohort_id": session.cohort_id,
        "held_on": session.held_on,
    }


def roster(session: ClassSession) -> list[RosterRow]:
    """The roster's rows in name order: one statement for any number of students."""
    params = _params(session)
    return [_row(r) for r in plain_rows(_ROSTER, params)]


def roster_row(session: ClassSession, student_id: int) -> RosterRow | None:
    return next((r for r in roster_rows_of(session, [student_id])), None)


def roster_rows_of(session: ClassSession, student_ids: list[int]) -> list[RosterRow]:
    params = _params(session)
    stmt = _ROSTER.where(Student.id.in_(student_ids))
    return [_row(r) for r in plain_rows(stmt, params)]


def summary(rows: list[RosterRow]) -> list[tuple[str, int]]:
    """(label, count) of each status, then those not marked yet."""
    counts = Counter(r.status for r in rows)
    said = [(label, counts.get(status, 0)) for status, label in ATTENDANCE_LABELS.items()]
    return [*said, ("Not marked", counts.get(None, 0))]


def summary_counts(session: ClassSession) -> list[tuple[str, int]]:
    return summary(roster(session))


_OFFERING_MARKS = (
    select(
        Enrollment.student_id,
        ClassSession.held_on,
        ClassSession.starts_at,
        ClassSession.ends_at,
        Attendance.status,
        Attendance.arrived_at,
        Attendance.left_at,
    )
    .select_from(Enrollment)
    .join(
        ClassSession,
        and_(ClassSession.course_id == Enrollment.course_id, ClassSession.cohort_id == Enrollment.cohort_id),
    )
    .outerjoin(
        Attendance, and_(Attendance.session_id == ClassSession.id, Attendance.student_id == Enrollment.student_id)
    )
    .where(
        Enrollment.course_id == bindparam("course_id"),
        Enrollment.cohort_id == bindparam("cohort_id"),
        ClassSession.held_on >= Enrollment.enrolled_on,
        ClassSession.held_on <= bindparam("today"),
        still_theirs(ClassSession.held_on),
    )
)


def offering_marks(course_id: int, cohort_id: int, today) -> dict[int, list]:
    """Each enrolled student's marks of the sessions held since they enrolled (status None: not taken)."""
    marks: dict[int, list] = {}
    params = {"course_id": course_id, "cohort_id": cohort_id, "today": today}
    for r in plain_rows(_OFFERING_MARKS, params):
        marks.setdefault(r.student_id, []).append(r)
    return marks
