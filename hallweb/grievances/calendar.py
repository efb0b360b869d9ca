"""The hall's calendar: today in the local's time zone, the holiday list, US federal holidays to seed it."""

from datetime import date

import holidays as holiday_calendars
from flask import current_app
from sqlalchemy import bindparam, select

from hallweb.db.plain_rows import plain_rows
from hallweb.grievances.deadlines import DeadlineRules
from hallweb.grievances.models import Holiday


def rules() -> DeadlineRules:
    return DeadlineRules.from_config(current_app.config)


_BETWEEN = select(Holiday.day).where(Holiday.day.between(bindparam("first"), bindparam("last")))


def holidays_between(first: date, last: date) -> frozenset[date]:
    """The holidays from first to last, inclusive: what a deadline counted in that span skips."""
    return frozenset(plain_rows(_BETWEEN, {"first": first, "last": last}).scalars())


def federal_holidays(year: int) -> dict[date, str]:
    """The US federal holidays of a year, with the days they are observed on when they fall on a weekend."""
    return dict(sorted(holiday_calendars.country_holidays("US", years=year).items()))
