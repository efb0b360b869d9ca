"""The fund summary: requested, approved and paid by month and by reason for a year, and its bar chart."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import extract, func, select

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


def _in_year(column, year: int):
    return column.between(date(year, 1, 1), date(year, 12, 31))


def _sums(key, year: int):
    """(key, requested, approved) of the applications made in the year (drafts aside)."""
    return (
        select(
            key,
            func.sum(Application.amount_requested),
            func.coalesce(func.sum(Application.amount_approved).filter(Application.status.in_(AWARDED)), 0),
        )
        .where(_in_year(Application.application_date, year), Application.status != Status.DRAFT)
        .group_by(key)
    )


def _paid(key, year: int):
    """(key, paid) of the awards paid in the year."""
    return (
        select(key, func.sum(Application.amount_approved))
        .where(_in_year(Application.paid_on, year), Application.status == Status.PAID)
        .group_by(key)
    )


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


def fund_summary(year: int) -> Summary:
    """Four statements whatever the data: sums by month and by reason, of applications made and of payments."""
    summary = Summary(year)
    months = {m: Row(MONTHS[m - 1]) for m in range(1, 13)}
    month_of_application = extract("month", Application.application_date)
    for month, requested, approved in plain_rows(_sums(month_of_application, year)):
        months[int(month)].requested, months[int(month)].approved = _money(requested), _money(approved)
    for month, paid in plain_rows(_paid(extract("month", Application.paid_on), year)):
        months[int(month)].paid = _money(paid)
    reasons = {r.value: Row(REASON_LABELS[r]) for r in Reason}
    for reason, requested, approved in plain_rows(_sums(Application.reason, year)):
        reasons[reason].requested, reasons[reason].approved = _money(requested), _money(approved)
    for reason, paid in plain_rows(_paid(Application.reason, year)):
        reasons[reason].paid = _money(paid)
    summary.by_month = list(months.values())
    summary.by_reason = list(reasons.values())
    for name in SERIES:
        setattr(summary.total, name, sum((getattr(r, name) for r in summary.by_month), ZERO))
    return summary
