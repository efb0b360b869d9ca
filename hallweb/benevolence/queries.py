"""Benevolence lists: the filtered list (page and CSV), the review queue, a member's applications."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, bindparam, exists, func, or_, select

from hallweb.benevolence.models import WAITING, Application, Review
from hallweb.db.keyset import Page, Position, count_statement, read_page, windowed, with_count
from hallweb.db.plain_rows import plain_rows
from hallweb.extensions import db
from hallweb.members.models import Member

PER_PAGE = 50
QUEUE_LIMIT = 200


@dataclass
class ApplicationFilters:
    status: str = ""
    reason: str = ""
    level: str = ""
    since: date | None = None
    until: date | None = None
    least: Decimal | None = None
    most: Decimal | None = None

    def as_args(self) -> dict:
        args = {
            "status": self.status,
            "reason": self.reason,
            "level": self.level,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "least": str(self.least) if self.least is not None else None,
            "most": str(self.most) if self.most is not None else None,
        }
        return {k: v for k, v in args.items() if v not in (None, "")}


def filtered(filters: ApplicationFilters, *columns) -> Select:
    """The applications the filters keep: as objects, or as `columns` when given."""
    stmt = select(*columns) if columns else select(Application)
    if filters.status:
        stmt = stmt.where(Application.status == filters.status)
    if filters.reason:
        stmt = stmt.where(Application.reason == filters.reason)
    if filters.level:
        stmt = stmt.where(Application.awaiting_level == filters.level)
    if filters.since:
        stmt = stmt.where(Application.application_date >= filters.since)
    if filters.until:
        stmt = stmt.where(Application.application_date <= filters.until)
    if filters.least is not None:
        stmt = stmt.where(Application.amount_requested >= filters.least)
    if filters.most is not None:
        stmt = stmt.where(Application.amount_requested <= filters.most)
    return stmt


# What a row of the list draws (its words come from the codes, in the template).
LIST_COLUMNS = (
    Application.id,
    Application.application_date,
    Application.reason,
    Application.status,
    Application.awaiting_level,
    Application.amount_requested,
    Application.amount_approved,
    Application.override_at,
    (Member.last_name + ", " + Member.first_name).label("member_name"),
)
KEYS = [Application.id]  # newest first


def list_applications(filters: ApplicationFilters, *, after=None, before=None, last=False) -> Page:
    """One page of the list, newest first, as rows of columns, with where it sits in the list."""
    position = Position.from_args(KEYS, after=after, before=before, last=last)
    rows = filtered(filters, *LIST_COLUMNS).join(Member, Member.id == Application.member_id)
    page = read_page(
        windowed(rows, KEYS, position.window, descending=True, per_page=PER_PAGE),
        position,
        lambda row: [row.id],
        per_page=PER_PAGE,
    )
    count = count_statement(filtered(filters, Application.id), KEYS, position.window, descending=True)
    return with_count(page, count, position)


def applications_for_export(filters: ApplicationFilters):
    stmt = filtered(filters).order_by(Application.id.desc())
    return db.session.scalars(stmt.execution_options(yield_per=1000))


def _awaiting(reviewer_id: int, levels: list[str]) -> Select:
    """Applications whose next level is one of `levels`, that are not the reviewer's own and at no other level
    of which the reviewer has decided."""
    decided_elsewhere = exists().where(
        Review.application_id == Application.id,
        Review.reviewer_id == reviewer_id,
        Review.level != Application.awaiting_level,
    )
    return (
        select(Application)
        .join(Member, Member.id == Application.member_id)
        .where(
            Application.status.in_(WAITING),
            Application.awaiting_level.in_(levels),
            or_(Member.user_id.is_(None), Member.user_id != reviewer_id),
            ~decided_elsewhere,
        )
    )


def awaiting_review(reviewer_id: int, levels: list[str]) -> list[Application]:
    """The review queue, longest waiting first."""
    if not levels:
        return []
    stmt = _awaiting(reviewer_id, levels).order_by(Application.submitted_at, Application.id).limit(QUEUE_LIMIT)
    return list(db.session.scalars(stmt).unique())


def count_awaiting_review(reviewer_id: int, levels: list[str]) -> int:
    if not levels:
        return 0
    stmt = _awaiting(reviewer_id, levels).with_only_columns(func.count(Application.id)).order_by(None)
    return db.session.scalar(stmt) or 0


def applications_of_member(member_id: int) -> list[Application]:
    return list(
        db.session.scalars(
            select(Application).where(Application.member_id == member_id).order_by(Application.id.desc())
        ).unique()
    )


_MEMBER_ROWS = (
    select(
        Application.id,
        Application.application_date,
        Application.reason,
        Application.status,
        Application.amount_requested,
        Application.amount_approved,
    )
    .where(Application.member_id == bindparam("member_id"))
    .order_by(Application.id.desc())
)


def member_rows(member_id: int) -> list:
    """A member's applications as rows of columns, newest first (the member page's panel: one statement)."""
    return plain_rows(_MEMBER_ROWS, {"member_id": member_id}).all()
