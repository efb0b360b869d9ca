"""The course catalogue list: search by code, type and archived filters, keyset pages, CSV."""

from dataclasses import dataclass

from sqlalchemy import Select, select

from hallweb.db.archiving import archived_condition
from hallweb.db.keyset import Page, keyset_page
from hallweb.extensions import db
from hallweb.training.models import Course, CourseType

PER_PAGE = 50
KEYS = [Course.code, Course.id]


@dataclass
class CourseFilters:
    q: str = ""
    course_type: str = ""
    archived: str = ""

    def as_args(self) -> dict:
        args = {"q": self.q, "course_type": self.course_type, "archived": self.archived}
        return {k: v for k, v in args.items() if v}


def filtered(f: CourseFilters) -> Select:
    stmt = select(Course)
    if f.q:
        stmt = stmt.where(Course.code.startswith(f.q.strip().upper(), autoescape=True))
    if f.course_type in set(CourseType):
        stmt = stmt.where(Course.course_type == f.course_type)
    if (condition := archived_condition(Course.archived_at, f.archived)) is not None:
        stmt = stmt.where(condition)
    return stmt


def list_courses(f: CourseFilters, *, after=None, before=None, last=False) -> Page:
    return keyset_page(
        filtered(f), KEYS, lambda c: [c.code, c.id], after=after, before=before, last=last, per_page=PER_PAGE,
        counted=True,
    )  # fmt: skip


def courses_for_export(f: CourseFilters):
    return db.session.scalars(filtered(f).order_by(*KEYS))
