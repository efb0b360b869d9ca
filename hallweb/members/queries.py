"""Member lists and search, shared by the page, the fragment and the CSV export.

The list runs on every keystroke of the search box, so its statements are built once per shape (which
filters are set, how many search words, the sort, the page window) and run with the values as parameters:
building a statement costs more than SQLite takes to run it.
"""

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from sqlalchemy import Integer, Select, String, and_, bindparam, exists, func, literal_column, or_, select
from sqlalchemy.orm import joinedload

from hallweb.auth.models import User
from hallweb.classifications.models import Classification
from hallweb.db.archiving import ARCHIVED_CHOICES, archived_condition
from hallweb.db.keyset import Page, Position, Window, count_statement, read_page, windowed, windowed_union, with_count
from hallweb.db.plain_rows import plain_rows
from hallweb.db.search_keys import phone_key, prefix_end, search_key
from hallweb.extensions import db
from hallweb.members.models import Employment, LinkRequestStatus, Member, MemberLinkRequest
from hallweb.members.policies import can_see_archived_members
from hallweb.organizations.models import Organization

PER_PAGE = 50
MAX_WORDS = 5
SORTS = {  # name in the URL -> key columns (unique together), descending?
    "name": ((Member.last_name_key, Member.first_name_key, Member.id), False),
    "-name": ((Member.last_name_key, Member.first_name_key, Member.id), True),
    "card": ((Member.card_number, Member.id), False),
    "-card": ((Member.card_number, Member.id), True),
}
# What a search word may start, and the parameter holding the word in that column's form.
SEARCHED = (
    (Member.last_name_key, "word"),
    (Member.first_name_key, "word"),
    (Member.card_number, "card"),
    (Member.email, "word"),
)
# A search that could be a phone number (digits, spaces, brackets, dashes, dots, a leading +) is also looked
# for at the start of the phone numbers' digits, once it has as many digits as an area code: fewer would
# match a tenth of all numbers.
PHONE_SEARCH = (Member.phone_key, "phone")
PHONE_LIKE = re.compile(r"\+?[0-9 ().\-]+")
MIN_PHONE_DIGITS = 3


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
        args = {
            "q": self.q,
            "status": self.status,
            "classification_id": self.classification_id,
            "employer_id": self.employer_id,
            "archived": self.archived,
            "sort": self.sort if self.sort != "name" else None,
        }
        return {k: v for k, v in args.items() if v not in (None, "")}

    def words(self) -> list[str]:
        """The search words as search keys: each must start a first name, last name, card number or email.
        A search with a comma is a name as the list writes it instead (name_parts)."""
        if "," in self.q:
            return []
        return [w for w in (search_key(w) for w in self.q.split()[:MAX_WORDS]) if w]

    def name_parts(self) -> tuple[str, str]:
        """A search in the list's own "Last, First" form ("Smith, B"): the starts of the last and the first
        name as search keys, "" for a part left out; ("", "") for a search without a comma."""
        if "," not in self.q:
            return "", ""
        last, _, first = self.q.partition(",")
        return search_key(last), search_key(first)

    def phone_digits(self) -> str:
        """The digits to look for at the start of phone numbers (as search_keys.phone_key writes them), or ""
        when the search is not a phone number."""
        if not PHONE_LIKE.fullmatch(self.q):
            return ""
        digits = phone_key(self.q) or ""
        return digits if len(digits) >= MIN_PHONE_DIGITS else ""

    def shape(self) -> "Shape":
        last, first = self.name_parts()
        return Shape(
            words=len(self.words()),
            last=bool(last),
            first=bool(first),
            phone=bool(self.phone_digits()),
            status=bool(self.status),
            classification=bool(self.classification_id),
            employer=bool(self.employer_id),
            archived=self.archived if self.archived in ARCHIVED_CHOICES else "",
            sort=self.sort if self.sort in SORTS else "name",
        )

    def params(self) -> dict:
        """The values for the bind parameters of this shape's statement."""
        params = {"status": self.status, "classification_id": self.classification_id, "employer_id": self.employer_id}
        for i, word in enumerate(self.words()):
            card = word.upper()
            params |= {
                f"word_{i}": word,
                f"word_{i}_end": prefix_end(word),
                f"card_{i}": card,
                f"card_{i}_end": prefix_end(card),
            }
        for name, start in zip(("last", "first"), self.name_parts(), strict=True):
            if start:
                params |= {name: start, f"{name}_end": prefix_end(start)}
        if digits := self.phone_digits():
            params |= {"phone": digits, "phone_end": prefix_end(digits)}
        return params


@dataclass(frozen=True)
class Shape:
    """What the SQL of a list depends on; the values go in bind parameters (MemberFilters.params)."""

    words: int
    last: bool  # a "Last, First" search: the last name starts with one value ...
    first: bool  # ... and the first name with another
    phone: bool  # the search may also be the start of a phone number
    status: bool
    classification: bool
    employer: bool
    archived: str
    sort: str


def _starts(column, param: str):
    """column starts with the search key in parameter `param`: a range on it (see search_keys)."""
    return and_(column >= bindparam(param), column < bindparam(f"{param}_end"))


def _starts_with(column, param: str, i: int):
    return _starts(column, f"{param}_{i}")


def _word_matches(i: int):
    return or_(*[_starts_with(column, param, i) for column, param in SEARCHED])


def _words_match(shape: Shape, first_word_in=None) -> list:
    """The conditions of the search's words (or "Last, First" parts); with first_word_in, the first word is
    looked for in that column only."""
    conditions = []
    for i in range(shape.words):
        if i == 0 and first_word_in is not None:
            column, param = first_word_in
            conditions.append(_starts_with(column, param, 0))
        else:
            conditions.append(_word_matches(i))
    if shape.last:
        conditions.append(_starts(Member.last_name_key, "last"))
    if shape.first:
        conditions.append(_starts(Member.first_name_key, "first"))
    return conditions


def _filtered(shape: Shape, *, branch=None) -> Select:
    """Members matching the filters and the search. A `branch` of the search's union (see list_statement)
    matches it one way only: the first word in one column of SEARCHED, or the phone (PHONE_SEARCH)."""
    stmt = select(Member)
    if branch is PHONE_SEARCH:
        stmt = stmt.where(_starts(*PHONE_SEARCH))
    elif shape.phone and branch is None:  # the branches' conditions, each of which an index answers (SQLite too)
        stmt = stmt.where(or_(*[and_(*_words_match(shape, b)) for b in SEARCHED], _starts(*PHONE_SEARCH)))
    else:
        stmt = stmt.where(*_words_match(shape, branch))
    if shape.status:
        stmt = stmt.where(Member.status == bindparam("status"))
    if shape.classification:
        stmt = stmt.where(Member.classification_id == bindparam("classification_id"))
    if shape.employer:
        stmt = stmt.where(
            exists().where(
                Employment.member_id == Member.id,
                Employment.employer_id == bindparam("employer_id"),
                Employment.end_date.is_(None),
            )
        )
    if (condition := archived_condition(Member.archived_at, shape.archived)) is not None:
        stmt = stmt.where(condition)
    return stmt


def sort_keys(sort: str):
    return SORTS.get(sort, SORTS["name"])


def unindexed(column):
    """The same values as column, in an expression no index orders.

    A search branch sorts by these when its index is not in list order: the database then collects the
    branch's matches through its prefix index and sorts them, instead of walking the name index in list order
    and filtering as it goes, the far slower plan PostgreSQL otherwise picks for a common prefix.
    """
    if column.type.python_type is int:
        return column + literal_column("0", Integer)  # constants in the SQL, not parameters (see keyset._literal_limit)
    return column.concat(literal_column("''", String))


LIST_COLUMNS = (
    Member.id,
    Member.card_number,
    Member.first_name,
    Member.last_name,
    Member.first_name_key,
    Member.last_name_key,
    Member.status,
    Member.email,
    Member.phone,
    Member.archived_at,
    Classification.name.label("classification_name"),
)


@lru_cache(maxsize=256)
def list_statement(shape: Shape, window: Window) -> Select:
    """One page window of the list as plain rows (the columns of LIST_COLUMNS): a list page shows many members
    and building mapped objects for them would cost more than the rest of the page.

    A search is a union with one branch per column the first word may start (last name, first name, card,
    email; and the phone's digits for a search that may be a phone number), each cut to one page: the branch
    whose index is in list order (last name, sorting by name) stops after a page, the others sort only their
    own matches. An OR of the branches would collect and sort every match to show 50.
    A "Last, First" search is one range of the name index.
    """
    keys, descending = sort_keys(shape.sort)

    def rows(stmt):
        return stmt.with_only_columns(*LIST_COLUMNS).join(Classification, Classification.id == Member.classification_id)

    if not shape.words:
        return windowed(rows(_filtered(shape)), list(keys), window, descending=descending, per_page=PER_PAGE)
    searched = SEARCHED + ((PHONE_SEARCH,) if shape.phone else ())
    branches = [rows(_filtered(shape, branch=branch)) for branch in searched]
    orders = [None if column.key == keys[0].key else [unindexed(k) for k in keys] for column, _ in searched]
    return windowed_union(branches, list(keys), window, descending=descending, per_page=PER_PAGE, orders=orders)


@lru_cache(maxsize=256)
def list_count_statement(shape: Shape, window: Window) -> Select:
    """The list's total and the rows beyond the cursor (see keyset.count_statement): every match is counted,
    in one statement whatever the page."""
    keys, descending = sort_keys(shape.sort)
    return count_statement(_filtered(shape), list(keys), window, descending=descending)


def visible_to(viewer, filters: MemberFilters) -> MemberFilters:
    """The filters as this viewer may apply them: archived members only for those who may see them."""
    if filters.archived and not can_see_archived_members(viewer):
        return replace(filters, archived="")
    return filters


def list_members(filters: MemberFilters, *, after=None, before=None, last=False) -> Page:
    shape = filters.shape()
    keys, _ = sort_keys(shape.sort)
    position = Position.from_args(list(keys), after=after, before=before, last=last)
    params = filters.params()
    page = read_page(
        list_statement(shape, position.window),
        position,
        lambda row: [getattr(row, k.key) for k in keys],
        params=params,
        per_page=PER_PAGE,
    )
    return with_count(page, list_count_statement(shape, position.window), position, params=params)


def members_for_export(filters: MemberFilters):
    """Every matching member in list order, streamed in batches (with current employer)."""
    shape = filters.shape()
    keys, descending = sort_keys(shape.sort)
    stmt = _filtered(shape).order_by(*[k.desc() if descending else k for k in keys])
    current = (
        select(Employment.member_id, Organization.name)
        .join(Organization, Organization.id == Employment.employer_id)
        .where(Employment.end_date.is_(None))
        .subquery()
    )
    stmt = stmt.outerjoin(current, current.c.member_id == Member.id).add_columns(current.c.name)
    return db.session.execute(stmt.execution_options(yield_per=1000), filters.params())


# A member with the linked account (its roles are not needed). Built once: it runs on every member page.
_MEMBER_BY_ID = (
    select(Member).options(joinedload(Member.user).lazyload(User.grants)).where(Member.id == bindparam("member_id"))
)


def member_by_id(member_id: int) -> Member | None:
    return db.session.scalars(_MEMBER_BY_ID, {"member_id": member_id}).first()


# A member's jobs, newest first, with their employer's and classification's names, built once and read as
# plain rows, because the member page only reads them and three kinds of ORM object per job cost more than
# this statement of their own.
_JOB_ROWS = (
    select(
        Employment.id,
        Employment.employer_id,
        Organization.name.label("employer_name"),
        Classification.name.label("classification_name"),
        Employment.start_date,
        Employment.end_date,
    )
    .join(Organization, Organization.id == Employment.employer_id)
    .join(Classification, Classification.id == Employment.classification_id)
    .where(Employment.member_id == bindparam("member_id"))
    .order_by(Employment.start_date.desc(), Employment.id.desc())
)


def job_rows(member: Member) -> list:
    return plain_rows(_JOB_ROWS, {"member_id": member.id}).all()


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


CARD_SHAPE = re.compile(r"^([A-Z]*)([0-9]+)$")  # letters, then digits: C0001234


def next_card_number() -> str | None:
    """A card number to suggest for a new member: one more than the highest card of the hall's format.

    The hall's format is the newest member's card's (its letters and number of digits, e.g. C0001234); a
    transfer keeping another local's card number does not count. None when there is nothing to go on.
    """
    newest = db.session.scalar(select(Member.card_number).order_by(Member.id.desc()).limit(1))
    shape = CARD_SHAPE.match(newest or "")
    if shape is None:
        return None
    prefix, digits = shape.groups()
    width = len(digits)
    # An index range scan from the top of the format's range: same letters, same length.
    highest = db.session.scalars(
        select(Member.card_number)
        .where(
            Member.card_number.between(prefix + "0" * width, prefix + "9" * width),
            func.length(Member.card_number) == len(prefix) + width,
        )
        .order_by(Member.card_number.desc())
        .limit(20)
    )
    for card in highest:
        found = CARD_SHAPE.match(card)
        if found and found.group(1) == prefix:
            return f"{prefix}{int(found.group(2)) + 1:0{width}d}"
    return None
