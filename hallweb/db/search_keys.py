"""Search keys: lower-cased copies of names kept beside them, indexed with bytewise order on both backends.

A prefix search becomes a range on the key (`key >= 'smi' AND key < 'smj'`), which a plain B-tree index
answers on SQLite and PostgreSQL alike; `ILIKE '%smi%'` would read every row.
"""

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


def prefix_end(prefix: str) -> str:
    """The first string after every string that starts with prefix: 'smi' -> 'smj'."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def prefix_range(column, prefix: str):
    """column starts with prefix, as an index-friendly range (prefix must already be a search key)."""
    return and_(column >= prefix, column < prefix_end(prefix))
