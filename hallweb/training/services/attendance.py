"""Attendance: one mark per student and session, saved one row at a time or the rest at once."""

from datetime import time

from sqlalchemy import exists, or_, select

from hallweb.audit import services as audit
from hallweb.db.db_types import utcnow
from hallweb.errors import DomainError, NotFound
from hallweb.extensions import db
from hallweb.formats import clock, day
from hallweb.policies import ensure
from hallweb.training.models import ATTENDANCE_LABELS, Attendance, AttendanceStatus, ClassSession, Enrollment, Student
from hallweb.training.policies import can_mark_session
from hallweb.training.services.cells import check_cell_version, insert_cell, update_cell

NEEDS_ARRIVAL = {AttendanceStatus.LATE}
NEEDS_DEPARTURE = {AttendanceStatus.LEFT_EARLY}
MAY_HAVE_DEPARTURE = {AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY}


def shown_mark(row: Attendance | None) -> str:
    if row is None:
        return "not marked"
    label = ATTENDANCE_LABELS[row.status]
    times = [
        f"arrived {clock(row.arrived_at)}" if row.arrived_at else "",
        f"left {clock(row.left_at)}" if row.left_at else "",
    ]
    return ", ".join([label, *(t for t in times if t)])


def enrolled_student(session: ClassSession, student_id: int) -> Student:
    """A student enrolled in the course the session teaches, to that session's cohort, and not withdrawn from
    it before the session was held (a mark given before the withdrawal may still be corrected)."""
    marked = exists().where(Attendance.session_id == session.id, Attendance.student_id == Student.id)
    student = db.session.scalar(
        select(Student)
        .join(Enrollment, Enrollment.student_id == Student.id)
        .where(
            Student.id == student_id,
            Enrollment.course_id == session.course_id,
            Enrollment.cohort_id == session.cohort_id,
            or_(_not_withdrawn_by(session), marked),
        )
    )
    if student is None:
        raise NotFound("That student is not enrolled in this session's course, or withdrew before it.")
    return student


def _not_withdrawn_by(session: ClassSession):
    return or_(Enrollment.withdrawn_on.is_(None), Enrollment.withdrawn_on > session.held_on)


def _stored(session_id: int, student_id: int) -> Attendance | None:
    return db.session.scalar(
        select(Attendance).where(Attendance.session_id == session_id, Attendance.student_id == student_id)
    )


def _check_times(session: ClassSession, status: str, arrived_at: time | None, left_at: time | None):
    if status not in set(AttendanceStatus):
        raise DomainError("Choose present, absent, excused, late or left early.", field="status")
    if status in NEEDS_ARRIVAL and arrived_at is None:
        raise DomainError("Give the time the student arrived.", field="arrived_at")
    if status in NEEDS_DEPARTURE and left_at is None:
        raise DomainError("Give the time the student left.", field="left_at")
    arrived_at = arrived_at if status in NEEDS_ARRIVAL else None
    left_at = left_at if status in MAY_HAVE_DEPARTURE else None
    for value, field in ((arrived_at, "arrived_at"), (left_at, "left_at")):
        if value is not None and not session.starts_at <= value <= session.ends_at:
            raise DomainError(
                f"Give a time during the session ({clock(session.starts_at)}–{clock(session.ends_at)}).", field=field
            )
    if arrived_at and left_at and left_at < arrived_at:
        raise DomainError("The student left after arriving.", field="left_at")
    return arrived_at, left_at


def mark_attendance(
    session: ClassSession,
    student_id: int,
    *,
    actor,
    status: str,
    arrived_at: time | None = None,
    left_at: time | None = None,
    expected_version: int | None,
) -> Attendance:
    """Mark one student for one session. Only the session's instructor (or staff) may; a mark based on an
    old version of the row is refused (StaleCell) showing the mark stored now and who made it."""
    ensure(can_mark_session(actor, session), "Only the session's instructor or office staff mark its attendance.")
    student = enrolled_student(session, student_id)
    row = _stored(session.id, student.id)
    check_cell_version(row, expected_version, shown_mark)
    arrived_at, left_at = _check_times(session, status, arrived_at, left_at)
    before = (row.status, row.arrived_at, row.left_at) if row else (None, None, None)
    after = (status, arrived_at, left_at)
    if before == after:
        return row
    reload = lambda: _stored(session.id, student.id)  # noqa: E731
    if row is None:
        row = Attendance(
            session_id=session.id,
            student_id=student.id,
            status=status,
            arrived_at=arrived_at,
            left_at=left_at,
            marked_by_id=actor.id,
        )
        insert_cell(row, reload, shown_mark)
    else:
        row.status, row.arrived_at, row.left_at = after
        row.marked_by_id, row.marked_at = actor.id, utcnow()
        update_cell(row, expected_version, reload, shown_mark)
    _audit(actor, student, session, before, after)
    return row


def _audit(actor, student, session, before, after) -> None:
    changes = {"session": f"{session.course.code} on {day(session.held_on)}"}
    for name, old, new in zip(("attendance", "arrived_at", "left_at"), before, after, strict=True):
        if old != new:
            changes[name] = [
                old.isoformat("minutes") if isinstance(old, time) else old,
                new.isoformat("minutes") if isinstance(new, time) else new,
            ]
    audit.record(actor, "training.attendance_marked", student, changes)


def mark_rest_present(session: ClassSession, *, actor) -> int:
    """Mark present every enrolled student not yet marked for the session (not those withdrawn before it);
    marks already made stay.
    Returns how many were marked."""
    ensure(can_mark_session(actor, session), "Only the session's instructor or office staff mark its attendance.")
    marked = select(Attendance.student_id).where(Attendance.session_id == session.id)
    students = db.session.scalars(
        select(Student)
        .join(Enrollment, Enrollment.student_id == Student.id)
        .where(
            Enrollment.course_id == session.course_id,
            Enrollment.cohort_id == session.cohort_id,
            _not_withdrawn_by(session),
            Student.id.not_in(marked),
        )
    ).all()
    rows = [
        Attendance(session_id=session.id, student_id=s.id, status=AttendanceStatus.PRESENT, marked_by_id=actor.id)
        for s in students
    ]
    db.session.add_all(rows)
    db.session.flush()
    for s in students:
        _audit(actor, s, session, (None, None, None), (AttendanceStatus.PRESENT, None, None))
    return len(rows)
