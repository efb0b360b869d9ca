"""Search keys: lower-cased copies of names kept beside them, indexed with bytewise order on both backends.

A prefix search becomes a range on the key (`key >= 'smi' AND key < 'smj'`), which a plain B-tree index
answers on SQLite and PostgreSQL alike; `ILIKE '%smi%'` would read every row.
"""

import re
import unicodedata

from sqlalchemy import String, and_


def key_string(length: int = 120):
    """A string column with bytewise ("C") collation on PostgreSQL, whatever the database's locale
    (SQLite's default is already bytewise), so range scans on it follow the index."""
    return String(length).with_variant(String(length, collation="C"), "postgresql")


def search_key(value: str | None) -> str:
    """Lower-case, accents folded, control characters dropped, spaces collapsed: 'José  Núñez' -> 'jose nunez'."""
    if not value:
        return ""
    folded = unicodedata.normalize("NFKD", value)
    folded = "".join(c for c in folded if not unicodedata.combining(c) and unicodedata.category(c) != "Cc")
    return " ".join(folded.lower().split())[:120]


_EXTENSION = re.compile(r"(x|ext).*$", re.IGNORECASE)


def phone_key(value: str | None) -> str | None:
    """The digits of a phone number however it was written, for prefix search: '+1 (555) 867-5309 x12' ->
    '5558675309'. The extension is left out, and so is North America's country code 1 (no area code starts
    with 1), so "555 867" finds the number written with or without it. None when there are no digits."""
    digits = "".join(c for c in _EXTENSION.sub("", value or "") if c in "0123456789")
    return digits.removeprefix("1")[:40] or None


def prefix_end(prefix: str) -> str:
    """The first string after every string that starts with prefix: 'smi' -> 'smj'."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def prefix_range(column, prefix: str):
    """column starts with prefix, as an index-friendly range (prefix must already be a search key)."""
    return and_(column >= prefix, column < prefix_end(prefix))
