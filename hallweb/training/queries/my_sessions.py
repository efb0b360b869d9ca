"""An instructor's sessions: today's and the coming ones, and past ones whose attendance nobody has taken."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, exists, select

from hallweb.db.plain_rows import plain_rows
from hallweb.training.models import Attendance, ClassSession, Cohort, Course

UPCOMING_SHOWN = 20

_COLUMNS = (
    ClassSession.id,
    ClassSession.held_on,
    ClassSession.starts_at,
    ClassSession.ends_at,
    ClassSession.location,
    ClassSession.course_id,
    ClassSession.cohort_id,
    Course.code,
    Course.title,
    Cohort.name.label("cohort_name"),
)
_taken = exists().where(Attendance.session_id == ClassSession.id)
_BASE = (
    select(*_COLUMNS, _taken.label("taken"))
    .join(Course, Course.id == ClassSession.course_id)
    .join(Cohort, Cohort.id == ClassSession.cohort_id)
    .where(ClassSession.instructor_id == bindparam("user_id"))
)
_COMING = (
    _BASE.where(ClassSession.held_on >= bindparam("today"))
    .order_by(ClassSession.held_on, ClassSession.starts_at, ClassSession.id)
    .limit(UPCOMING_SHOWN)
)
_NOT_TAKEN = _BASE.where(ClassSession.held_on < bindparam("today"), ~_taken).order_by(
    ClassSession.held_on, ClassSession.starts_at, ClassSession.id
)


@dataclass
class MySessions:
    today: date
    coming: list
    not_taken: list

    @property
    def todays(self) -> list:
        return [s for s in self.coming if s.held_on == self.today]

    @property
    def later(self) -> list:
        return [s for s in self.coming if s.held_on > self.today]


def my_sessions(user_id: int, today: date) -> MySessions:
    """Two statements, whatever the number of sessions."""
    params = {"user_id": user_id, "today": today}
    return MySessions(today, plain_rows(_COMING, params).all(), plain_rows(_NOT_TAKEN, params).all())
