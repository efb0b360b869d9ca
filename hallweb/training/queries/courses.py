"""The course catalogue list: search by code, type and archived filters, sorted by code, title or type, keyset
pages, CSV."""

from dataclasses import dataclass

from sqlalchemy import Select, select

from hallweb.db.archiving import archived_condition
from hallweb.db.keyset import Page, keyset_page
from hallweb.extensions import db
from hallweb.training.models import Course, CourseType

PER_PAGE = 50
SORTS = {  # name in the URL -> key columns (unique together), descending?
    "code": ((Course.code, Course.id), False),
    "-code": ((Course.code, Course.id), True),
    "title": ((Course.title, Course.id), False),
    "-title": ((Course.title, Course.id), True),
    "type": ((Course.course_type, Course.code, Course.id), False),
    "-type": ((Course.course_type, Course.code, Course.id), True),
}
DEFAULT_SORT = "code"


@dataclass
class CourseFilters:
    q: str = ""
    course_type: str = ""
    archived: str = ""
    sort: str = DEFAULT_SORT

    def as_args(self) -> dict:
        args = {
            "q": self.q,
            "course_type": self.course_type,
            "archived": self.archived,
            "sort": self.sort if self.sort != DEFAULT_SORT else None,
        }
        return {k: v for k, v in args.items() if v}


def sort_keys(sort: str):
    return SORTS.get(sort, SORTS[DEFAULT_SORT])


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
    keys, descending = sort_keys(f.sort)
    return keyset_page(
        filtered(f),
        list(keys),
        lambda c: [getattr(c, k.key) for k in keys],
        after=after,
        before=before,
        last=last,
        descending=descending,
        per_page=PER_PAGE,
        counted=True,
    )


def courses_for_export(f: CourseFilters):
    keys, descending = sort_keys(f.sort)
    return db.session.scalars(filtered(f).order_by(*[k.desc() if descending else k for k in keys]))
