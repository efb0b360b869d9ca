"""Certification lists and reads, shared by the pages, their fragments, the CSV, the home card and the
transcript (certifications_of). Expired is asked in SQL as validity.validity_of decides it in Python."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, func, or_, select

from hallweb.certifications.models import TYPE_LABELS, Certification, CertificationType, StoredStatus
from hallweb.certifications.validity import EXPIRING_WINDOWS, Validity, days_left, hall_today, validity_of
from hallweb.db.keyset import Page, Position, count_statement, read_page, windowed, with_count
from hallweb.db.plain_rows import plain_rows
from hallweb.db.search_keys import prefix_range, search_key
from hallweb.extensions import db
from hallweb.members.models import Member

PER_PAGE = 50
MAX_WORDS = 5
SORTS = {  # name in the URL -> key columns (unique together), descending?
    "expiry": ((Certification.expiry_key, Certification.id), False),
    "-expiry": ((Certification.expiry_key, Certification.id), True),
    "name": ((Member.last_name_key, Member.first_name_key, Certification.id), False),
    "-name": ((Member.last_name_key, Member.first_name_key, Certification.id), True),
    "issued": ((Certification.issue_key, Certification.id), False),
    "-issued": ((Certification.issue_key, Certification.id), True),
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
        return [w for w in (search_key(w) for w in self.q.replace(",", " ").split()[:MAX_WORDS]) if w]


def validity_condition(validity: str, today: date):
    """validity.validity_of as a WHERE clause."""
    if validity == Validity.EXPIRED:
        return and_(Certification.status == StoredStatus.ACTIVE, Certification.expiry_date < today)
    if validity == Validity.ACTIVE:
        return and_(
            Certification.status == StoredStatus.ACTIVE,
            or_(Certification.expiry_date.is_(None), Certification.expiry_date >= today),
        )
    return Certification.status == validity


def expiring_condition(days: int, today: date):
    """In force today and expiring within `days` (today included)."""
    return and_(
        Certification.status == StoredStatus.ACTIVE,
        Certification.expiry_date >= today,
        Certification.expiry_date <= today + timedelta(days=days),
    )


def _filtered(filters: CertificationFilters, today: date) -> Select:
    stmt = select(Certification).join(Member, Member.id == Certification.member_id)
    stmt = stmt.where(Member.archived_at.is_(None))
    for word in filters.words():
        stmt = stmt.where(
            or_(
                prefix_range(Member.last_name_key, word),
                prefix_range(Member.first_name_key, word),
                prefix_range(Certification.number_key, word),
                prefix_range(Member.card_number, word.upper()),
            )
        )
    if filters.type in set(CertificationType):
        stmt = stmt.where(Certification.type == filters.type)
    if filters.status in STATUSES:
        stmt = stmt.where(validity_condition(filters.status, today))
    if filters.expiring in EXPIRING_WINDOWS:
        stmt = stmt.where(expiring_condition(filters.expiring, today))
    if filters.issued_from:
        stmt = stmt.where(Certification.issue_date >= filters.issued_from)
    if filters.issued_to:
        stmt = stmt.where(Certification.issue_date <= filters.issued_to)
    if filters.expires_from:
        stmt = stmt.where(Certification.expiry_date >= filters.expires_from)
    if filters.expires_to:
        stmt = stmt.where(Certification.expiry_date <= filters.expires_to)
    return stmt


LIST_COLUMNS = (
    Certification.id,
    Certification.type,
    Certification.status,
    Certification.issue_date,
    Certification.expiry_date,
    Certification.issue_key,
    Certification.expiry_key,
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
    """A list row with what the screens say of it."""

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


def list_certifications(filters: CertificationFilters, today: date, *, after=None, before=None, last=False) -> Page:
    keys, descending = sort_keys(filters.sort)
    keys = list(keys)
    position = Position.from_args(keys, after=after, before=before, last=last)
    stmt = _filtered(filters, today)
    rows = stmt.with_only_columns(*LIST_COLUMNS, maintain_column_froms=True)
    page = read_page(
        windowed(rows, keys, position.window, descending=descending, per_page=PER_PAGE),
        position,
        lambda row: [getattr(row, k.key) for k in keys],
        per_page=PER_PAGE,
    )
    page = with_count(page, count_statement(stmt, keys, position.window, descending=descending), position)
    page.items = [Listed(row, today) for row in page.items]
    return page


def certifications_for_export(filters: CertificationFilters, today: date):
    """Every matching certificate in list order, streamed in batches."""
    keys, descending = sort_keys(filters.sort)
    stmt = _filtered(filters, today).with_only_columns(*LIST_COLUMNS, maintain_column_froms=True)
    stmt = stmt.order_by(*[k.desc() if descending else k for k in keys])
    for row in db.session.execute(stmt.execution_options(yield_per=1000)):
        yield Listed(row, today)


def expiring_counts(today: date) -> dict:
    """How many certificates in force expire within each window, and how many have expired: one statement."""
    columns = [
        func.count().filter(expiring_condition(days, today)).label(f"within_{days}") for days in EXPIRING_WINDOWS
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
