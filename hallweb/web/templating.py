"""Jinja filters and globals shared by every template."""

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app
from flask_login import current_user

from hallweb.db_types import utcnow


def local_time(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A UTC timestamp shown in the signed-in user's time zone (the hall's default otherwise)."""
    if value is None:
        return ""
    name = getattr(current_user, "timezone", None) or current_app.config["DEFAULT_TIMEZONE"]
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return value.astimezone(zone).strftime(fmt)


def register(app):
    app.add_template_filter(local_time)
    app.add_template_global(utcnow, "now")

    @app.context_processor
    def hall():
        return {"local_name": app.config["LOCAL_NAME"]}
