"""Whether a certificate is valid today: the one rule, as a pure function, and its defaults.

Valid = active and not past expiry (DOMAIN.md). A certificate expires at the end of its expiry date: on that
day it is still valid, the next day it is expired, without anyone touching the record. Expired is therefore
never stored; the lists ask the same question in SQL (queries.py, which follows this function).
"""

from collections.abc import Mapping
from datetime import date
from enum import StrEnum

from flask import current_app

from hallweb.certifications.models import StoredStatus

EXPIRING_WINDOWS = (30, 60, 90)  # days: the "expiring within" filters and the home card's counts


class Validity(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    PENDING = "pending"
    REVOKED = "revoked"
    RENEWED = "renewed"

    @property
    def label(self) -> str:
        return VALIDITY_LABELS[self]

    @property
    def badge(self) -> str:
        """The status_badge kind that draws it."""
        return {"active": "ok", "expired": "danger", "revoked": "danger"}.get(self.value, "neutral")


VALIDITY_LABELS = {
    Validity.ACTIVE: "Active",
    Validity.EXPIRED: "Expired",
    Validity.PENDING: "Pending",
    Validity.REVOKED: "Revoked",
    Validity.RENEWED: "Renewed",
}


def validity_of(status: str, expiry_date: date | None, today: date) -> Validity:
    """A certificate's state on `today`: what a person decided (revoked, renewed, pending) first, then time
    (an active one past its expiry date is expired; on the expiry date itself it is still active)."""
    if status == StoredStatus.REVOKED:
        return Validity.REVOKED
    if status == StoredStatus.RENEWED:
        return Validity.RENEWED
    if status == StoredStatus.PENDING:
        return Validity.PENDING
    if expiry_date is not None and expiry_date < today:
        return Validity.EXPIRED
    return Validity.ACTIVE


def days_left(expiry_date: date | None, today: date) -> int | None:
    """Days until the expiry date (0 on the day itself, negative once past), None without one."""
    return None if expiry_date is None else (expiry_date - today).days


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a year without it, so a certificate
    never outlives its period. Past year 9999, the last day a date can hold."""
    year = day.year + years
    if year > date.max.year:
        return date.max
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February into a common year
        return date(year, 2, 28)


def default_expiry(cert_type: str, issue_date: date, validity_years: Mapping[str, int | None]) -> date | None:
    """The expiry date a certificate of this type gets by default (setting CERTIFICATION_VALIDITY_YEARS):
    issue date plus the type's years of validity; None for a type that does not expire."""
    years = validity_years.get(cert_type)
    if not isinstance(years, int) or isinstance(years, bool) or years <= 0:
        return None
    return add_years(issue_date, years)


def validity_years() -> Mapping[str, int | None]:
    return current_app.config.get("CERTIFICATION_VALIDITY_YEARS") or {}
