"""Member lists and search, shared by the page, the fragment and the CSV export."""

from dataclasses import dataclass

from sqlalchemy import Select, and_, exists, or_, select

from hallweb.archiving import archived_condition
from hallweb.extensions import db
from hallweb.keyset import Page, keyset_page
from hallweb.members.models import Classification, Employment, LinkRequestStatus, Member, MemberLinkRequest
from hallweb.organizations.models import EMPLOYER_KINDS, Organization
from hallweb.search_keys import prefix_range, search_key

PER_PAGE = 50
SORTS = {  # name in the URL -> key columns (unique together), descending?
    "name": ((Member.last_name_key, Member.first_name_key, Member.id), False),
    "-name": ((Member.last_name_key, Member.first_name_key, Member.id), True),
    "card": ((Member.card_number, Member.id), False),
    "-card": ((Member.card_number, Member.id), True),
}


@dataclass
class MemberFilters:
    q: str = ""
    status: str = ""
    classification_id: int | None = None
    employer_id: int | None = None
    archived: str = ""
    sort: str = "name"

    def as_args(self) -> dict:
        """The filters as URL arguments (empty ones left out), for links that keep the list as it is."""
        args = {"q": self.q, "status": self.status, "classification_id": self.classification_id,
                "employer_id": self.employer_id, "archived": self.archived,
                "sort": self.sort if self.sort != "name" else None}
        return {k: v for k, v in args.items() if v not in (None, "")}


def search_condition(q: str):
    """Every word must start a first name, last name, card number or email (index-friendly prefix ranges)."""
    words = [search_key(w) for w in q.split()][:5]
    conditions = []
    for word in filter(None, words):
        conditions.append(
            or_(
                prefix_range(Member.last_name_key, word),
                prefix_range(Member.first_name_key, word),
                prefix_range(Member.card_number, word.upper()),
                prefix_range(Member.email, word),
            )
        )
    return and_(*conditions) if conditions else None


def filtered(filters: MemberFilters) -> Select:
    stmt = select(Member)
    if filters.q and (condition := search_condition(filters.q)) is not None:
        stmt = stmt.where(condition)
    if filters.status:
        stmt = stmt.where(Member.status == filters.status)
    if filters.classification_id:
        stmt = stmt.where(Member.classification_id == filters.classification_id)
    if filters.employer_id:
        stmt = stmt.where(
            exists().where(
                Employment.member_id == Member.id,
                Employment.employer_id == filters.employer_id,
                Employment.end_date.is_(None),
            )
        )
    if (condition := archived_condition(Member.archived_at, filters.archived)) is not None:
        stmt = stmt.where(condition)
    return stmt


def sort_keys(sort: str):
    return SORTS.get(sort, SORTS["name"])


def unindexed(column):
    """The same values as column, in an expression no index orders.

    A search sorts by these: the database then collects the few matches through the prefix indexes and
    sorts them. Sorting by the columns themselves invites PostgreSQL to walk the whole name index in list
    order, filtering as it goes (50 ms on 100,000 members for "smi" instead of 5 ms).
    """
    return column + 0 if column.type.python_type is int else column.concat("")


LIST_COLUMNS = (Member.id, Member.card_number, Member.first_name, Member.last_name, Member.first_name_key,
                Member.last_name_key, Member.status, Member.email, Member.phone, Member.archived_at,
                Classification.name.label("classification_name"))


def list_members(filters: MemberFilters, *, after=None, before=None, last=False) -> Page:
    """A page of the list as plain rows (the columns of LIST_COLUMNS): a list page shows many members and
    building mapped objects for them would cost more than the rest of the page."""
    keys, descending = sort_keys(filters.sort)
    stmt = filtered(filters).with_only_columns(*LIST_COLUMNS).join(
        Classification, Classification.id == Member.classification_id)
    return keyset_page(
        stmt, list(keys), lambda row: [getattr(row, k.key) for k in keys],
        after=after, before=before, last=last, descending=descending, per_page=PER_PAGE,
        order=[unindexed(k) for k in keys] if filters.q.strip() else None,
    )


def members_for_export(filters: MemberFilters):
    """Every matching member in list order, streamed in batches (with current employer)."""
    keys, descending = sort_keys(filters.sort)
    stmt = filtered(filters).order_by(*[k.desc() if descending else k for k in keys])
    current = (
        select(Employment.member_id, Organization.name)
        .join(Organization, Organization.id == Employment.employer_id)
        .where(Employment.end_date.is_(None))
        .subquery()
    )
    stmt = stmt.outerjoin(current, current.c.member_id == Member.id).add_columns(current.c.name)
    return db.session.execute(stmt.execution_options(yield_per=1000))


# Pick lists, read whenever the list page or a member form is drawn. Built once: building a statement and its
# cache key costs more than running one of these.
_CLASSIFICATION_OPTIONS = (
    select(Classification.id, Classification.name)
    .where(Classification.active.is_(True))
    .order_by(Classification.sort_order)
)
_EMPLOYER_OPTIONS = (
    select(Organization.id, Organization.name)
    .where(Organization.kind.in_(EMPLOYER_KINDS), Organization.archived_at.is_(None))
    .order_by(Organization.name_key)
)


def classification_options() -> list[tuple[int, str]]:
    """(id, name) of the classifications in use, for pick lists."""
    return db.session.execute(_CLASSIFICATION_OPTIONS).all()


def employer_options() -> list[tuple[int, str]]:
    """(id, name) of the employers a member can work for, for pick lists."""
    return db.session.execute(_EMPLOYER_OPTIONS).all()


def current_employees(organization: Organization) -> list[Member]:
    return db.session.scalars(
        select(Member)
        .join(Employment, and_(Employment.member_id == Member.id, Employment.end_date.is_(None)))
        .where(Employment.employer_id == organization.id, Member.archived_at.is_(None))
        .order_by(Member.last_name_key, Member.first_name_key, Member.id)
    ).all()


def pending_link_requests() -> list[MemberLinkRequest]:
    return db.session.scalars(
        select(MemberLinkRequest)
        .where(MemberLinkRequest.status == LinkRequestStatus.PENDING)
        .order_by(MemberLinkRequest.created_at)
    ).all()


def member_of(user) -> Member | None:
    return db.session.scalar(select(Member).where(Member.user_id == user.id))
