"""How values read on every screen, in messages, history and mail: one place for dates, times and money.

Dates read as the browser's own date inputs show them to the hall's users (en-US: 12/03/2026), so a date
typed in a form and the same date on a page look alike; times likewise (10:15 AM), with their zone. CSV
files and form values keep ISO 8601, which machines read.
"""

from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal

DATE = "%m/%d/%Y"


def day(value: date | None) -> str:
    """12/03/2026; empty for no date."""
    return value.strftime(DATE) if value is not None else ""


def clock(value) -> str:
    """10:15 AM (a time or a datetime's time, as en-US time inputs show it)."""
    return f"{value.hour % 12 or 12}:{value.minute:02d} {'AM' if value.hour < 12 else 'PM'}"


def moment(value: datetime | None, zone: tzinfo = UTC, *, with_time: bool = True) -> str:
    """A timestamp in `zone`, labelled with it: 12/03/2026 10:15 AM CST; with_time=False gives its date there."""
    if value is None:
        return ""
    if value.tzinfo is None:  # stored UTC without its zone (SQLite)
        value = value.replace(tzinfo=UTC)
    local = value.astimezone(zone)
    if not with_time:
        return day(local.date())
    return f"{day(local.date())} {clock(local)} {local.strftime('%Z')}"


def span(on: date, start, end, hall: tzinfo, zone: tzinfo = UTC, *, with_date: bool = True) -> str:
    """A meeting timetabled on the hall's wall clock, shown in `zone`: Thu 12/03/2026 6:00 PM–9:00 PM CST."""
    begin = datetime.combine(on, start, hall).astimezone(zone)
    finish = datetime.combine(on, end, hall).astimezone(zone)
    times = f"{clock(begin)}–{clock(finish)} {finish.strftime('%Z')}"
    return f"{begin.strftime('%a')} {day(begin.date())} {times}" if with_date else times


def money(value: Decimal | int | None) -> str:
    """$1,234.56 (negative: -$1,234.56); empty for no amount."""
    if value is None:
        return ""
    value = Decimal(value).quantize(Decimal("0.01"))
    return f"{'-' if value < 0 else ''}${abs(value):,.2f}"
