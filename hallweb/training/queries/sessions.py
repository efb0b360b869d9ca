"""Class session lists: filters (course, cohort, instructor, dates), keyset pages, CSV."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select

from hallweb.db.keyset import Page, keyset_page
from hallweb.extensions import db
from hallweb.training.models import ClassSession, Course

PER_PAGE = 50
KEYS = [ClassSession.held_on, ClassSession.id]  # a cursor holds dates and numbers, not times of day


@dataclass
class SessionFilters:
    course: int | None = None
    cohort: int | None = None
    instructor: int | None = None
    since: date | None = None
    until: date | None = None

    def as_args(self) -> dict:
        args = {
            "course": self.course,
            "cohort": self.cohort,
            "instructor": self.instructor,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }
        return {k: v for k, v in args.items() if v not in (None, "")}


def filtered(f: SessionFilters) -> Select:
    stmt = select(ClassSession)
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
    return keyset_page(
        filtered(f),
        KEYS,
        lambda s: [s.held_on, s.id],
        after=after,
        before=before,
        last=last,
        per_page=PER_PAGE,
        counted=True,
    )


def sessions_for_export(f: SessionFilters):
    return db.session.scalars(filtered(f).order_by(*KEYS).execution_options(yield_per=500))


def course_options(include_archived: bool = False) -> list[tuple[int, str]]:
    stmt = select(Course.id, Course.code + " " + Course.title).order_by(Course.code)
    if not include_archived:
        stmt = stmt.where(Course.archived_at.is_(None))
    return db.session.execute(stmt).all()
