"""The hall's own clock: its time zone (HALLWEB_DEFAULT_TIMEZONE), and now and today there.

A certificate expires, a grievance deadline ends and a class meets by the hall's calendar, whoever looks;
screens then show those moments in the viewer's zone (web/templating.py).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app


def hall_zone() -> ZoneInfo:
    try:
        return ZoneInfo(current_app.config["DEFAULT_TIMEZONE"])
    except (ZoneInfoNotFoundError, ValueError, KeyError):
        return ZoneInfo("UTC")


def hall_now() -> datetime:
    """Now on the hall's wall clock (class sessions are timetabled in it)."""
    return datetime.now(hall_zone())


def hall_today() -> date:
    """Today where the hall is: a day ends at the hall's midnight."""
    return hall_now().date()
