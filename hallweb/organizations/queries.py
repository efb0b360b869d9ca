"""Organization lists and search, shared by the page, the fragment and the CSV export."""

from dataclasses import dataclass

from sqlalchemy import Select, select

from hallweb.db.archiving import archived_condition
from hallweb.db.keyset import Page, keyset_page
from hallweb.db.plain_rows import plain_rows
from hallweb.db.search_keys import prefix_range, search_key
from hallweb.extensions import db
from hallweb.organizations.models import EMPLOYER_KINDS, Organization, OrganizationKind

PER_PAGE = 50
SORTS = {
    "name": ((Organization.name_key, Organization.id), False),
    "-name": ((Organization.name_key, Organization.id), True),
}


@dataclass
class OrganizationFilters:
    q: str = ""
    kind: str = ""
    archived: str = ""
    sort: str = "name"

    def as_args(self) -> dict:
        args = {
            "q": self.q,
            "kind": self.kind,
            "archived": self.archived,
            "sort": self.sort if self.sort != "name" else None,
        }
        return {k: v for k, v in args.items() if v not in (None, "")}


def filtered(filters: OrganizationFilters) -> Select:
    stmt = select(Organization)
    words = [w for w in (search_key(w) for w in filters.q.split()[:5]) if w]
    if words:
        # A name matches when it starts with the whole query ("acme el" matches "Acme Electric").
        stmt = stmt.where(prefix_range(Organization.name_key, " ".join(words)))
    if filters.kind in set(OrganizationKind):
        stmt = stmt.where(Organization.kind == filters.kind)
    if (condition := archived_condition(Organization.archived_at, filters.archived)) is not None:
        stmt = stmt.where(condition)
    return stmt


def list_organizations(filters: OrganizationFilters, *, after=None, before=None, last=False) -> Page:
    keys, descending = SORTS.get(filters.sort, SORTS["name"])
    return keyset_page(
        filtered(filters),
        list(keys),
        lambda o: [o.name_key, o.id],
        after=after,
        before=before,
        last=last,
        descending=descending,
        per_page=PER_PAGE,
        counted=True,
    )


def organizations_for_export(filters: OrganizationFilters):
    keys, descending = SORTS.get(filters.sort, SORTS["name"])
    stmt = filtered(filters).order_by(*[k.desc() if descending else k for k in keys])
    return db.session.scalars(stmt.execution_options(yield_per=1000))


# Built once: the employers pick list is drawn on many pages.
_EMPLOYER_OPTIONS = (
    select(Organization.id, Organization.name)
    .where(Organization.kind.in_(EMPLOYER_KINDS), Organization.archived_at.is_(None))
    .order_by(Organization.name_key)
)


def employer_options() -> list[tuple[int, str]]:
    """(id, name) of the employers a member can work for, for pick lists."""
    return plain_rows(_EMPLOYER_OPTIONS).all()
