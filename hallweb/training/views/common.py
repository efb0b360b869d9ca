"""Helpers the training views share: loading records (404 when missing) and reading typed times."""

from datetime import time

from hallweb.errors import DomainError, NotFound
from hallweb.extensions import db


def record_or_404(model, record_id: int, noun: str):
    found = db.session.get(model, record_id)
    if found is None:
        raise NotFound(f"There is no such {noun}.")
    return found


def typed_time(text: str | None, field: str) -> time | None:
    """A time typed as HH:MM (what <input type=time> sends); empty is None."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        hours, minutes = text.split(":")[:2]
        return time(int(hours), int(minutes))
    except (ValueError, TypeError):
        raise DomainError("Enter a time like 18:30.", field=field) from None


def typed_version(text: str | None) -> int | None:
    try:
        value = int(text or "")
    except ValueError:
        return None
    return value if 0 <= value < 2**31 else None
