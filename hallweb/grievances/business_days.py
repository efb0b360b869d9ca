"""Business days: weekends and the hall's holidays are not counted. Pure: the holidays come as a set of dates.

A contract counts its time limits in business days ("within 10 business days of the answer"): the days after
the starting day that are neither a Saturday, a Sunday nor a holiday. A limit counted in calendar days
(arbitration's 30) ends on a calendar date; either way a deadline that falls on a day that is not a business
day moves to the next business day.
"""

from collections.abc import Collection
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)
SATURDAY = 5


def is_business_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < SATURDAY and day not in holidays


def roll_forward(day: date, holidays: Collection[date]) -> date:
    """The day itself if it is a business day, else the next business day."""
    while not is_business_day(day, holidays):
        day += ONE_DAY
    return day


def add_business_days(start: date, count: int, holidays: Collection[date]) -> date:
    """The count-th business day after start (start itself is not counted; count >= 0). With count 0, start
    rolled forward to a business day."""
    if count < 0:
        raise ValueError("count must be 0 or more")
    day = start
    for _ in range(count):
        day = roll_forward(day + ONE_DAY, holidays)
    return roll_forward(day, holidays)


def add_calendar_days(start: date, count: int, holidays: Collection[date]) -> date:
    """start + count calendar days, moved to the next business day if it falls on a weekend or holiday."""
    return roll_forward(start + timedelta(days=count), holidays)


def business_days_until(today: date, deadline: date, holidays: Collection[date]) -> int:
    """Business days left from today to the deadline: 0 when it is today, 1 when it is the next business day;
    negative when it has passed (-1: the deadline was the last business day before today)."""
    if deadline >= today:
        return _count_between(today, deadline, holidays)
    return -max(1, _count_between(deadline, today, holidays))  # a weekend after a Friday deadline is still late


def _count_between(first: date, last: date, holidays: Collection[date]) -> int:
    """Business days after first, up to and including last."""
    count, day = 0, first
    while day < last:
        day += ONE_DAY
        if is_business_day(day, holidays):
            count += 1
    return count
