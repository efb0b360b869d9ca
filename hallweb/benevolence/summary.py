"""The fund summary: requested, approved and paid by month and by reason for a year, and its bar chart."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import bindparam, extract, func, select

from hallweb.benevolence.models import REASON_LABELS, Application, Reason, Status
from hallweb.db.plain_rows import plain_rows

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
ZERO = Decimal("0.00")
SERIES = ("requested", "approved", "paid")
AWARDED = (Status.APPROVED, Status.PAID)


@dataclass
class Row:
    label: str
    requested: Decimal = ZERO
    approved: Decimal = ZERO
    paid: Decimal = ZERO


@dataclass
class Summary:
    year: int
    by_month: list[Row] = field(default_factory=list)
    by_reason: list[Row] = field(default_factory=list)
    total: Row = field(default_factory=lambda: Row("Total"))


# Two statements whatever the data, built once: the year's sums by month and reason, of the applications made
# (drafts aside) and of the awards paid; the page adds them up both ways.
_MADE = (
    select(
        extract("month", Application.application_date),
        Application.reason,
        func.sum(Application.amount_requested),
        func.coalesce(func.sum(Application.amount_approved).filter(Application.status.in_(AWARDED)), 0),
    )
    .where(Application.application_date.between(bindparam("first"), bindparam("last")))
    .where(Application.status != Status.DRAFT)
    .group_by(extract("month", Application.application_date), Application.reason)
)
_PAID = (
    select(extract("month", Application.paid_on), Application.reason, func.sum(Application.amount_approved))
    .where(Application.paid_on.between(bindparam("first"), bindparam("last")), Application.status == Status.PAID)
    .group_by(extract("month", Application.paid_on), Application.reason)
)


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


def fund_summary(year: int) -> Summary:
    """The year's figures by month and by reason, and their total."""
    summary = Summary(year)
    months = {m: Row(MONTHS[m - 1]) for m in range(1, 13)}
    reasons = {r.value: Row(REASON_LABELS[r]) for r in Reason}
    year_span = {"first": date(year, 1, 1), "last": date(year, 12, 31)}
    for month, reason, requested, approved in plain_rows(_MADE, year_span):
        for row in (months[int(month)], reasons[reason]):
            row.requested += _money(requested)
            row.approved += _money(approved)
    for month, reason, paid in plain_rows(_PAID, year_span):
        for row in (months[int(month)], reasons[reason]):
            row.paid += _money(paid)
    summary.by_month = list(months.values())
    summary.by_reason = list(reasons.values())
    for name in SERIES:
        setattr(summary.total, name, sum((getattr(r, name) for r in summary.by_month), ZERO))
    return summary
