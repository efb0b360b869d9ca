"""Class session lists: filters (course, cohort, instructor, dates), sorted by date, course or instructor,
keyset pages, CSV."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager

from hallweb.auth.models import User
from hallweb.db.keyset import Page, keyset_page
from hallweb.extensions import db
from hallweb.training.models import ClassSession, Course

PER_PAGE = 50
# A cursor holds dates, names and numbers, not times of day: sessions of one day follow in the order made.
BY_DATE = (ClassSession.held_on, ClassSession.id)
BY_COURSE = (Course.code, *BY_DATE)
BY_INSTRUCTOR = (User.last_name, User.first_name, *BY_DATE)
SORTS = {  # name in the URL -> key columns (unique together), descending?
    "date": (BY_DATE, False),
    "-date": (BY_DATE, True),
    "course": (BY_COURSE, False),
    "-course": (BY_COURSE, True),
    "instructor": (BY_INSTRUCTOR, False),
    "-instructor": (BY_INSTRUCTOR, True),
}
DEFAULT_SORT = "date"
# Each key's value in a listed session (for its cursor).
_VALUES = {
    ClassSession.held_on: lambda s: s.held_on,
    ClassSession.id: lambda s: s.id,
    Course.code: lambda s: s.course.code,
    User.last_name: lambda s: s.instructor.last_name,
    User.first_name: lambda s: s.instructor.first_name,
}


@dataclass
class SessionFilters:
    course: int | None = None
    cohort: int | None = None
    instructor: int | None = None
    since: date | None = None
    until: date | None = None
    sort: str = DEFAULT_SORT

    def as_args(self) -> dict:
        args = {
            "course": self.course,
            "cohort": self.cohort,
            "instructor": self.instructor,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "sort": self.sort if self.sort != DEFAULT_SORT else None,
        }
        return {k: v for k, v in args.items() if v not in (None, "")}


def sort_keys(sort: str):
    return SORTS.get(sort, SORTS[DEFAULT_SORT])


def filtered(f: SessionFilters) -> Select:
    """The sessions the filters keep; sorted by course or instructor, that table is joined (and read with
    the session, rather than joined a second time to load it)."""
    stmt = select(ClassSession)
    keys, _ = sort_keys(f.sort)
    if Course.code in keys:
        stmt = stmt.join(ClassSession.course).options(contains_eager(ClassSession.course))
    if User.last_name in keys:
        stmt = stmt.join(ClassSession.instructor).options(contains_eager(ClassSession.instructor))
    if f.course:
        stmt = stmt.where(ClassSession.course_id == f.course)
    if f.cohort:
        stmt = stmt.where(ClassSession.cohort_id == f.cohort)
    if f.instructor:
        stmt = stmt.where(ClassSession.instructor_id == f.instructor)
    if f.since:
        stmt = stmt.where(ClassSession.held_on >= f.since)
    if f.until:
        stmt = stmt.where(ClassSession.held_on <= f.until)
    return stmt


def list_sessions(f: SessionFilters, *, after=None, before=None, last=False) -> Page:
    keys, descending = sort_keys(f.sort)
    return keyset_page(
        filtered(f),
        list(keys),
        lambda s: [_VALUES[k](s) for k in keys],
        after=after,
        before=before,
        last=last,
        descending=descending,
        per_page=PER_PAGE,
        counted=True,
    )


def sessions_for_export(f: SessionFilters):
    keys, descending = sort_keys(f.sort)
    stmt = filtered(f).order_by(*[k.desc() if descending else k for k in keys])
    return db.session.scalars(stmt.execution_options(yield_per=500))


def course_options(include_archived: bool = False) -> list[tuple[int, str]]:
    stmt = select(Course.id, Course.code + " " + Course.title).order_by(Course.code)
    if not include_archived:
        stmt = stmt.where(Course.archived_at.is_(None))
    return db.session.execute(stmt).all()
