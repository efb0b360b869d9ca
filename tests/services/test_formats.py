"""Dates, times and money read the same everywhere (hallweb/formats.py), as the browser's en-US inputs show them."""

from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from hallweb.formats import clock, day, moment, money, span

CHICAGO = ZoneInfo("America/Chicago")


def test_a_date_reads_month_day_year_like_a_date_input():
    assert day(date(2026, 12, 3)) == "12/03/2026"
    assert day(None) == ""


@pytest.mark.parametrize(
    ("at", "said"),
    [(time(0, 5), "12:05 AM"), (time(9, 30), "9:30 AM"), (time(12, 0), "12:00 PM"), (time(23, 59), "11:59 PM")],
)
def test_a_time_reads_on_the_twelve_hour_clock(at, said):
    assert clock(at) == said


def test_a_moment_is_shown_in_the_zone_and_named_with_it():
    at = datetime(2026, 12, 3, 16, 15, tzinfo=UTC)
    assert moment(at, CHICAGO) == "12/03/2026 10:15 AM CST"
    assert moment(at.replace(tzinfo=None)) == "12/03/2026 4:15 PM UTC"  # stored without its zone: UTC
    assert moment(datetime(2026, 12, 4, 3, 0, tzinfo=UTC), CHICAGO, with_time=False) == "12/03/2026"  # Chicago's day
    assert moment(None) == ""


@pytest.mark.parametrize(
    ("amount", "said"),
    [
        (Decimal("1234.5"), "$1,234.50"),
        (Decimal("0"), "$0.00"),
        (500, "$500.00"),
        (Decimal("-12.345"), "-$12.34"),
        (Decimal("7500.00"), "$7,500.00"),
        (None, ""),
    ],
)
def test_money_reads_in_dollars_and_cents(amount, said):
    assert money(amount) == said


def test_a_class_session_on_the_halls_clock_reads_in_the_viewers_zone():
    held = (date(2026, 12, 3), time(18, 0), time(21, 0))  # 6 to 9 PM at a Chicago hall
    assert span(*held, CHICAGO, CHICAGO) == "Thu 12/03/2026 6:00 PM–9:00 PM CST"
    assert span(*held, CHICAGO, ZoneInfo("America/New_York")) == "Thu 12/03/2026 7:00 PM–10:00 PM EST"
    assert span(*held, CHICAGO, ZoneInfo("Asia/Tokyo")) == "Fri 12/04/2026 9:00 AM–12:00 PM JST"
    assert span(*held, CHICAGO, CHICAGO, with_date=False) == "6:00 PM–9:00 PM CST"
