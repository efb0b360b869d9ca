"""Student lists and search, shared by the page, the fragment and the CSV export."""

from dataclasses import dataclass

from sqlalchemy import Select, or_, select

from hallweb.db.archiving import archived_condition
from hallweb.db.keyset import Page, keyset_page
from hallweb.db.search_keys import prefix_range, search_key
from hallweb.extensions import db
from hallweb.members.models import Member
from hallweb.training.models import Cohort, Student, StudentStatus

PER_PAGE = 50
KEYS = [Member.last_name_key, Member.first_name_key, Student.id]
SORTS = {"name": False, "-name": True}


@dataclass
class StudentFilters:
    q: str = ""
    cohort: int | None = None
    status: str = ""
    archived: str = ""
    sort: str = "name"

    def as_args(self) -> dict:
        args = {
            "q": self.q,
            "cohort": self.cohort,
            "status": self.status,
            "archived": self.archived,
            "sort": self.sort if self.sort != "name" else None,
        }
        return {k: v for k, v in args.items() if v not in (None, "")}


def filtered(filters: StudentFilters) -> Select:
    stmt = select(Student).join(Member, Member.id == Student.member_id)
    q = filters.q.strip()
    if q:
        key = search_key(q)
        number = q.replace(" ", "")
        matches = [Student.number.startswith(number, autoescape=True)]
        if key:
            matches += [prefix_range(Member.last_name_key, key), prefix_range(Member.first_name_key, key)]
        stmt = stmt.where(or_(*matches))
    if filters.cohort:
        stmt = stmt.where(Student.cohort_id == filters.cohort)
    if filters.status in set(StudentStatus):
        stmt = stmt.where(Student.status == filters.status)
    if (condition := archived_condition(Student.archived_at, filters.archived)) is not None:
        stmt = stmt.where(condition)
    return stmt


def list_students(filters: StudentFilters, *, after=None, before=None, last=False) -> Page:
    return keyset_page(
        filtered(filters),
        KEYS,
        lambda s: [s.member.last_name_key, s.member.first_name_key, s.id],
        after=after,
        before=before,
        last=last,
        descending=SORTS.get(filters.sort, False),
        per_page=PER_PAGE,
        counted=True,
    )


def students_for_export(filters: StudentFilters):
    descending = SORTS.get(filters.sort, False)
    stmt = filtered(filters).order_by(*[k.desc() if descending else k for k in KEYS])
    return db.session.scalars(stmt.execution_options(yield_per=500))


def cohort_options() -> list[tuple[int, str]]:
    return db.session.execute(select(Cohort.id, Cohort.name).order_by(Cohort.start_date.desc(), Cohort.id)).all()
