"""Keyset pagination: every page, first, middle or last, is one indexed range scan (no OFFSET)."""

import base64
import json
from dataclasses import dataclass

from sqlalchemy import Select, tuple_

from hallweb.extensions import db


@dataclass
class Page:
    items: list
    next_cursor: str | None  # pass as ?after= for the next page
    prev_cursor: str | None  # pass as ?before= for the previous page
    has_next: bool
    has_prev: bool


def encode_cursor(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(values), separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(token: str | None, keys: list) -> list | None:
    """The key values in a cursor, or None for a missing or malformed one (then the first page is shown).

    Each value must have its key column's type: a crafted cursor must not reach the SQL (PostgreSQL
    refuses to compare an integer column with a string)."""
    if not token:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, TypeError):
        return None
    if not isinstance(values, list) or len(values) != len(keys):
        return None
    if not all(type(v) is k.type.python_type for v, k in zip(values, keys, strict=True)):
        return None
    if any(isinstance(v, str) and "\x00" in v for v in values):  # PostgreSQL refuses NUL in text
        return None
    return values


def _one_entity(stmt: Select) -> bool:
    """The statement selects mapped objects (else plain rows of columns, which cost less to build)."""
    described = stmt.column_descriptions
    return len(described) == 1 and isinstance(described[0]["type"], type)


def keyset_page(stmt: Select, keys: list, key_of, *, after: str | None = None, before: str | None = None,
                last: bool = False, descending: bool = False, per_page: int = 50, order: list | None = None) -> Page:
    """One page of stmt ordered by `keys` (unique together: end with the id).

    The items are mapped objects, or rows when stmt selects columns; key_of(item) gives an item's key values.
    `after` reads forward from a cursor, `before` backward, `last` the final page; with none of them, the
    first page. `order` sorts by other expressions with the same values as keys (see members.queries: a
    search sorts its few matches rather than walk an index).
    """
    after_values = decode_cursor(after, keys)
    before_values = None if after_values else decode_cursor(before, keys)
    backward = bool(before_values) or (last and not after_values)
    row = tuple_(*keys)
    if after_values:
        stmt = stmt.where(row < tuple_(*after_values) if descending else row > tuple_(*after_values))
    elif before_values:
        stmt = stmt.where(row > tuple_(*before_values) if descending else row < tuple_(*before_values))
    reverse = backward != descending  # the direction the database reads in
    stmt = stmt.order_by(*[k.desc() if reverse else k.asc() for k in order or keys]).limit(per_page + 1)
    result = db.session.execute(stmt)
    items = list(result.scalars().unique()) if _one_entity(stmt) else result.all()
    more = len(items) > per_page
    items = items[:per_page]
    if backward:
        items.reverse()
        has_prev, has_next = more, bool(before_values)
    else:
        has_prev, has_next = bool(after_values), more
    return Page(
        items=items,
        next_cursor=encode_cursor(key_of(items[-1])) if items and has_next else None,
        prev_cursor=encode_cursor(key_of(items[0])) if items and has_prev else None,
        has_next=has_next,
        has_prev=has_prev,
    )
