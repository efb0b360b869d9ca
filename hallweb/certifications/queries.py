"""Certification lists and reads, shared by the pages, their fragments, the CSV, the home card and the
transcript (certifications_of). Expired is asked in SQL as validity.validity_of decides it in Python."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import Date, Select, and_, bindparam, func, or_, select

from hallweb.certifications.models import TYPE_LABELS, Certification, CertificationType, StoredStatus, expiry_order
from hallweb.certifications.validity import EXPIRING_WINDOWS, Validity, days_left, validity_of
from hallweb.db.keyset import Page, Position, Window, count_statement, read_page, windowed, with_count
from hallweb.db.plain_rows import plain_rows
from hallweb.db.search_keys import prefix_end, search_key
from hallweb.extensions import db
from hallweb.hall_clock import hall_today
from hallweb.members.models import Member

PER_PAGE = 50
MAX_WORDS = 5
SORTS = {  # name in the URL -> key columns (unique together), descending?
    "expiry": ((expiry_order, Certification.id), False),
    "-expiry": ((expiry_order, Certification.id), True),
    "name": ((Member.last_name_key, Member.first_name_key, Certification.id), False),
    "-name": ((Member.last_name_key, Member.first_name_key, Certification.id), True),
    "issued": ((Certification.issue_date, Certification.id), False),
    "-issued": ((Certification.issue_date, Certification.id), True),
}
DEFAULT_SORT = "expiry"
STATUSES = tuple(v.value for v in Validity)


@dataclass
class CertificationFilters:
    q: str = ""
    type: str = ""
    status: str = ""  # a Validity: "expired" is asked of the dates
    expiring: int | None = None  # within this many days (EXPIRING_WINDOWS)
    issued_from: date | None = None
    issued_to: date | None = None
    expires_from: date | None = None
    expires_to: date | None = None
    sort: str = DEFAULT_SORT

    def as_args(self) -> dict:
        """The filters as URL arguments (empty ones left out), for links that keep the list as it is."""
        args = {
            "q": self.q,
            "type": self.type,
            "status": self.status,
            "expiring": self.expiring,
            "issued_from": self.issued_from,
            "issued_to": self.issued_to,
            "expires_from": self.expires_from,
            "expires_to": self.expires_to,
            "sort": self.sort if self.sort != DEFAULT_SORT else None,
        }
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in args.items() if v not in (None, "")}

    def words(self) -> list[str]:
        """The search words as search keys: each must start the member's last or first name, card number, or
        the certificate number."""
        return [w for w in (search_key(w) for w in self.q.replace(",", " ").split()[:MAX_WORDS]) if w]

    def shape(self) -> "Shape":
        return Shape(
            words=len(self.words()),
            type=self.type in set(CertificationType),
            status=self.status if self.status in STATUSES else "",
            expiring=self.expiring in EXPIRING_WINDOWS,
            dates=tuple(getattr(self, name) is not None for name in DATE_FILTERS),
            sort=self.sort if self.sort in SORTS else DEFAULT_SORT,
        )

    def params(self, today: date) -> dict:
        """The values for the bind parameters of this shape's statement."""
        params = {"type": self.type, "today": today}
        if self.expiring in EXPIRING_WINDOWS:
            params["horizon"] = today + timedelta(days=self.expiring)
        for name in DATE_FILTERS:
            params[name] = getattr(self, name)
        for i, word in enumerate(self.words()):
            params |= {
                f"word_{i}": word,
                f"word_{i}_end": prefix_end(word),
                f"card_{i}": word.upper(),
                f"card_{i}_end": prefix_end(word.upper()),
            }
        return params


DATE_FILTERS = ("issued_from", "issued_to", "expires_from", "expires_to")


@dataclass(frozen=True)
class Shape:
    """What the SQL of a list depends on; the values go in bind parameters (CertificationFilters.params)."""

    words: int
    type: bool
    status: str
    expiring: bool
    dates: tuple[bool, ...]  # which of DATE_FILTERS are set
    sort: str


def validity_condition(validity: str, today):
    """validity.validity_of as a WHERE clause (`today` a date or a bind parameter)."""
    if validity == Validity.EXPIRED:
        return and_(Certification.status == StoredStatus.ACTIVE, Certification.expiry_date < today)
    if validity == Validity.ACTIVE:
        return and_(
            Certification.status == StoredStatus.ACTIVE,
            or_(Certification.expiry_date.is_(None), Certification.expiry_date >= today),
        )
    return Certification.status == validity


def expiring_condition(today, horizon):
    """In force today and expiring by `horizon` (today included)."""
    return and_(
        Certification.status == StoredStatus.ACTIVE,
        Certification.expiry_date >= today,
        Certification.expiry_date <= horizon,
    )


def _starts(column, param: str):
    """column starts with the search key in parameter `param`: a range on it (see search_keys)."""
    return and_(column >= bindparam(param), column < bindparam(f"{param}_end"))


DATE_CONDITIONS = {
    "issued_from": lambda p: Certification.issue_date >= p,
    "issued_to": lambda p: Certification.issue_date <= p,
    "expires_from": lambda p: Certification.expiry_date >= p,
    "expires_to": lambda p: Certification.expiry_date <= p,
}


def _filtered(shape: Shape) -> Select:
    """Certificates of members not archived matching the filters and the search."""
    stmt = select(Certification).join(Member, Member.id == Certification.member_id)
    stmt = stmt.where(Member.archived_at.is_(None))
    for i in range(shape.words):
        stmt = stmt.where(
            or_(
                _starts(Member.last_name_key, f"word_{i}"),
                _starts(Member.first_name_key, f"word_{i}"),
                _starts(Certification.number_key, f"word_{i}"),
                _starts(Member.card_number, f"card_{i}"),
            )
        )
    if shape.type:
        stmt = stmt.where(Certification.type == bindparam("type"))
    if shape.status:
        stmt = stmt.where(validity_condition(shape.status, bindparam("today", type_=Date)))
    if shape.expiring:
        stmt = stmt.where(expiring_condition(bindparam("today", type_=Date), bindparam("horizon", type_=Date)))
    for name, is_set in zip(DATE_FILTERS, shape.dates, strict=True):
        if is_set:
            stmt = stmt.where(DATE_CONDITIONS[name](bindparam(name, type_=Date)))
    return stmt


LIST_COLUMNS = (
    Certification.id,
    Certification.type,
    Certification.status,
    Certification.issue_date,
    Certification.expiry_date,
    expiry_order,
    Certification.issuer,
    Certification.certificate_number,
    Certification.member_id,
    Member.first_name,
    Member.last_name,
    Member.first_name_key,
    Member.last_name_key,
    Member.card_number,
)


@dataclass(frozen=True)
class Listed:
    """A certificate (a row of columns or the record) with what the screens say of it today."""

    row: object
    today: date

    def __getattr__(self, name):
        return getattr(self.row, name)

    @property
    def validity(self) -> Validity:
        return validity_of(self.row.status, self.row.expiry_date, self.today)

    @property
    def days_left(self) -> int | None:
        return days_left(self.row.expiry_date, self.today)

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.row.type, self.row.type)


def sort_keys(sort: str):
    return SORTS.get(sort, SORTS[DEFAULT_SORT])


@lru_cache(maxsize=256)
def list_statement(shape: Shape, window: Window) -> Select:
    """One page window of the list as plain rows (LIST_COLUMNS), built once per shape and window."""
    keys, descending = sort_keys(shape.sort)
    rows = _filtered(shape).with_only_columns(*LIST_COLUMNS, maintain_column_froms=True)
    return windowed(rows, list(keys), window, descending=descending, per_page=PER_PAGE)


@lru_cache(maxsize=256)
def list_count_statement(shape: Shape, window: Window) -> Select:
    keys, descending = sort_keys(shape.sort)
    return count_statement(_filtered(shape), list(keys), window, descending=descending)


def list_certifications(filters: CertificationFilters, today: date, *, after=None, before=None, last=False) -> Page:
    shape = filters.shape()
    keys, _ = sort_keys(shape.sort)
    position = Position.from_args(list(keys), after=after, before=before, last=last)
    params = filters.params(today)
    page = read_page(
        list_statement(shape, position.window),
        position,
        lambda row: [getattr(row, k.key) for k in keys],
        params=params,
        per_page=PER_PAGE,
    )
    page = with_count(page, list_count_statement(shape, position.window), position, params=params)
    page.items = [Listed(row, today) for row in page.items]
    return page


def certifications_for_export(filters: CertificationFilters, today: date):
    """Every matching certificate in list order, streamed in batches."""
    shape = filters.shape()
    keys, descending = sort_keys(shape.sort)
    stmt = _filtered(shape).with_only_columns(*LIST_COLUMNS, maintain_column_froms=True)
    stmt = stmt.order_by(*[k.desc() if descending else k for k in keys])
    for row in db.session.execute(stmt.execution_options(yield_per=1000), filters.params(today)):
        yield Listed(row, today)


def expiring_counts(today: date) -> dict:
    """How many certificates in force expire within each window, and how many have expired: one statement."""
    columns = [
        func.count().filter(expiring_condition(today, today + timedelta(days=days))).label(f"within_{days}")
        for days in EXPIRING_WINDOWS
    ]
    columns.append(func.count().filter(Certification.expiry_date < today).label("expired"))
    stmt = (
        select(*columns)
        .select_from(Certification)
        .join(Member, Member.id == Certification.member_id)
        .where(Certification.status == StoredStatus.ACTIVE, Member.archived_at.is_(None))
    )
    return dict(plain_rows(stmt).one()._mapping)


HELD_COLUMNS = (
    Certification.id,
    Certification.type,
    Certification.status,
    Certification.issue_date,
    Certification.expiry_date,
    Certification.issuer,
    Certification.certificate_number,
    Certification.revocation_reason,
    Certification.renews_id,
    Certification.version,
)


def certifications_of(member_id: int, today: date | None = None) -> list[Listed]:
    """A member's certificates, newest first, each with its validity today: what the member page, My record
    and the transcript show. One statement."""
    stmt = (
        select(*HELD_COLUMNS)
        .where(Certification.member_id == member_id)
        .order_by(Certification.issue_date.desc(), Certification.id.desc())
    )
    day = today or hall_today()
    return [Listed(row, day) for row in plain_rows(stmt)]


def certification_by_id(cert_id: int) -> Certification | None:
    return db.session.get(Certification, cert_id)


def chain_of(cert: Certification, today: date) -> list[Listed]:
    """The renewal chain the certificate belongs to, oldest first (one statement: the member's certificates
    of its type, followed through renews_id)."""
    rows = plain_rows(
        select(*HELD_COLUMNS).where(Certification.member_id == cert.member_id, Certification.type == cert.type)
    ).all()
    by_id = {row.id: row for row in rows}
    renewed_by = {row.renews_id: row for row in rows if row.renews_id}
    first = by_id.get(cert.id)
    if first is None:
        return []
    while first.renews_id in by_id:
        first = by_id[first.renews_id]
    chain = [first]
    while chain[-1].id in renewed_by and len(chain) <= len(rows):
        chain.append(renewed_by[chain[-1].id])
    return [Listed(row, today) for row in chain]
