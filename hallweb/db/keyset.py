"""Keyset pagination: every page, first, middle or last, is one indexed range scan (no OFFSET).

A page is read in two steps, so that a hot list can build its statement once and run it many times:
`windowed()` narrows a statement to one page's window, with the cursor's values as bind parameters, and
`read_page()` runs it for a `Position` (where the page starts, from the URL), as rows of columns.
`keyset_page()` does both in one call, for a statement that selects mapped objects. `count_statement()` and
`with_count()` add where the page sits in the whole list ("51–100 of 487"), in one more statement.
"""

import base64
import json
import math
from collections import namedtuple
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from functools import cache

from sqlalchemy import BigInteger, Integer, Select, bindparam, func, literal_column, select, tuple_, union

from hallweb.db.plain_rows import plain_rows
from hallweb.extensions import db


@dataclass
class Page:
    items: list
    next_cursor: str | None  # pass as ?after= for the next page
    prev_cursor: str | None  # pass as ?before= for the previous page
    has_next: bool
    has_prev: bool
    total: int | None = None  # rows in the whole list, when counted (with_count)
    offset: int = 0  # rows of the list before this page's first, when counted

    @property
    def first(self) -> int:
        """The position of the page's first row in the list, from 1 (0 for an empty page)."""
        return self.offset + 1 if self.items else 0

    @property
    def last(self) -> int:
        return self.offset + len(self.items)

    def links(self) -> list[tuple[str, str | None, dict]]:
        """(label, rel, URL arguments) of the pager's links: the same labels as a NumberedPage's."""
        links = []
        if self.has_prev:
            links += [("First", None, {}), ("Previous", "prev", {"before": self.prev_cursor})]
        if self.has_next:
            links += [("Next", "next", {"after": self.next_cursor}), ("Last", None, {"last": 1})]
        return links


class Window(Enum):
    FIRST = "first"
    AFTER = "after"  # the rows after a cursor, read forward
    BEFORE = "before"  # the rows before a cursor, read backward
    LAST = "last"  # the final rows, read backward

    @property
    def backward(self) -> bool:
        return self in (Window.BEFORE, Window.LAST)


def encode_cursor(values) -> str:
    """A row's key values as URL text; a date is written as its ISO text and read back as a date."""
    text = json.dumps([v.isoformat() if isinstance(v, date) else v for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


MAX_CURSOR = 2000  # characters: a cursor holds a row's few key values (search keys are at most 120 long)


def decode_cursor(token: str | None, keys: list) -> list | None:
    """The key values in a cursor, or None for a missing or malformed one (then the first page is shown).

    A cursor comes from the URL, so anyone can write one: it is refused unless it is short, decodes, and holds
    one value per key that the key's column can hold (type, and for integers the range; strings without NUL,
    which PostgreSQL refuses, or lone surrogates, which no database encodes). Whatever reaches the SQL is a
    value the database takes."""
    if not token or len(token) > MAX_CURSOR:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, TypeError, RecursionError):
        return None
    if not isinstance(values, list) or len(values) != len(keys):
        return None
    values = [_as_date(v) if k.type.python_type is date else v for v, k in zip(values, keys, strict=True)]
    if not all(_fits(v, k.type) for v, k in zip(values, keys, strict=True)):
        return None
    return values


def _as_date(value):
    """A cursor's ISO date text as a date; anything else is left for _fits to refuse."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else value
    except ValueError:
        return value


def _fits(value, column_type) -> bool:
    """value has the column's Python type, and the column can hold it."""
    if type(value) is not column_type.python_type:
        return False
    if isinstance(value, int):
        bits = 64 if isinstance(column_type, BigInteger) else 32
        return -(2 ** (bits - 1)) <= value < 2 ** (bits - 1)
    if isinstance(value, str):
        if "\x00" in value or (column_type.length and len(value) > column_type.length):
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
    if isinstance(value, float):
        return math.isfinite(value)
    return True


@dataclass(frozen=True)
class Position:
    """Where a page starts: the window and, for AFTER and BEFORE, the cursor's key values."""

    window: Window
    values: list | None = None

    @classmethod
    def from_args(
        cls, keys: list, *, after: str | None = None, before: str | None = None, last: bool = False
    ) -> "Position":
        """`after` reads forward from a cursor, `before` backward, `last` the final page; otherwise (or for a
        malformed cursor) the first page."""
        if values := decode_cursor(after, keys):
            return cls(Window.AFTER, values)
        if values := decode_cursor(before, keys):
            return cls(Window.BEFORE, values)
        return cls(Window.LAST if last else Window.FIRST)

    def params(self) -> dict:
        """The bind parameters windowed() declared for the cursor."""
        return {f"cursor_{i}": value for i, value in enumerate(self.values or ())}


def _cursor_range(keys: list, window: Window, descending: bool):
    cursor = tuple_(*[bindparam(f"cursor_{i}", type_=k.type) for i, k in enumerate(keys)])
    row = tuple_(*keys)
    if window is Window.AFTER:
        return row < cursor if descending else row > cursor
    return row > cursor if descending else row < cursor


def windowed(
    stmt: Select, keys: list, window: Window, *, descending: bool = False, per_page: int = 50, order: list | None = None
) -> Select:
    """stmt narrowed to one page in `window`, plus one row to tell whether there is more, in the order the
    database reads (reversed for a backward window). `keys` are unique together (end with the id); `order`
    sorts by other expressions with the same values (see members.queries: a search sorts its few matches
    rather than walk an index). Values come from Position.params() at execution."""
    if window in (Window.AFTER, Window.BEFORE):
        stmt = stmt.where(_cursor_range(keys, window, descending))
    reverse = window.backward != descending
    ordering = [k.desc() if reverse else k.asc() for k in order or keys]
    return stmt.order_by(*ordering).limit(_literal_limit(per_page + 1))


def windowed_union(
    branches: list[Select],
    keys: list,
    window: Window,
    *,
    descending: bool = False,
    per_page: int = 50,
    orders: list[list | None] | None = None,
) -> Select:
    """The union of several statements' windows, as one window: what an OR of conditions on different
    indexes becomes when each branch can read its own index in order and stop after one page."""
    parts = [
        windowed(b, keys, window, descending=descending, per_page=per_page, order=o)
        for b, o in zip(branches, orders or [None] * len(branches), strict=True)
    ]
    combined = union(*[select(*part.subquery().c) for part in parts]).subquery()
    reverse = window.backward != descending
    ordered = [combined.c[k.key] for k in keys]
    ordering = [c.desc() if reverse else c.asc() for c in ordered]
    return select(*combined.c).order_by(*ordering).limit(_literal_limit(per_page + 1))


def count_statement(stmt: Select, keys: list, window: Window, *, descending: bool = False) -> Select:
    """How many rows stmt selects and, for a window read from a cursor, how many of them lie beyond the
    cursor: with the page's length, that places the page in the list (with_count). One statement whatever
    the page; its cursor values come from Position.params() at execution, as windowed()'s do."""
    beyond = (
        func.count().filter(_cursor_range(keys, window, descending))
        if window in (Window.AFTER, Window.BEFORE)
        else literal_column("0", Integer)
    )
    return stmt.with_only_columns(func.count(), beyond, maintain_column_froms=True).order_by(None)


def with_count(page: Page, stmt: Select, position: Position, *, params: dict | None = None) -> Page:
    """page with the list's total and the rows before it, from a count_statement() for position's window."""
    total, beyond = plain_rows(stmt, {**(params or {}), **position.params()}).one()
    shown = len(page.items)
    offset = {
        Window.FIRST: 0,
        Window.AFTER: total - beyond,  # the cursor is the last row of the page before
        Window.BEFORE: beyond - shown,  # the page is the last rows before the cursor
        Window.LAST: total - shown,
    }[position.window]
    return replace(page, total=total, offset=max(0, offset))


def _literal_limit(n: int):
    """A LIMIT written into the SQL, not sent as a parameter. PostgreSQL keeps one plan for a prepared
    statement only when the plan does not hinge on its parameters; with the page size unknown a page's plan
    does, and it planned the list afresh on every request."""
    return literal_column(str(int(n)), Integer)


def read_page(stmt: Select, position: Position, key_of, *, params: dict | None = None, per_page: int = 50) -> Page:
    """Run a windowed() statement that selects columns, for position; key_of(item) gives an item's key values
    (for cursors). The items are named tuples of the columns, read past the ORM: cheaper to build than
    objects, and cheaper to read than SQLAlchemy's rows (a template reads every field of 50)."""
    result = plain_rows(stmt, {**(params or {}), **position.params()})
    row_type = _row_type(tuple(result.keys()))
    return _page(list(map(row_type._make, result.all())), position, key_of, per_page)


def keyset_page(
    stmt: Select,
    keys: list,
    key_of,
    *,
    after: str | None = None,
    before: str | None = None,
    last: bool = False,
    descending: bool = False,
    per_page: int = 50,
    order: list | None = None,
    counted: bool = False,
) -> Page:
    """One page of mapped objects, stmt ordered by `keys`, from the URL's after/before/last (see Position and
    windowed()); `counted` adds the list's total and the page's place in it (with_count)."""
    position = Position.from_args(keys, after=after, before=before, last=last)
    window = windowed(stmt, keys, position.window, descending=descending, per_page=per_page, order=order)
    items = list(db.session.execute(window, position.params()).scalars().unique())
    page = _page(items, position, key_of, per_page)
    if counted:
        page = with_count(page, count_statement(stmt, keys, position.window, descending=descending), position)
    return page


def _page(items: list, position: Position, key_of, per_page: int) -> Page:
    """A window's items (one more than a page when there are more) as a Page in list order."""
    more = len(items) > per_page
    items = items[:per_page]
    if position.window.backward:
        items.reverse()
        has_prev, has_next = more, position.window is Window.BEFORE
    else:
        has_prev, has_next = position.window is Window.AFTER, more
    return Page(
        items=items,
        next_cursor=encode_cursor(key_of(items[-1])) if items and has_next else None,
        prev_cursor=encode_cursor(key_of(items[0])) if items and has_prev else None,
        has_next=has_next,
        has_prev=has_prev,
    )


@cache
def _row_type(fields: tuple[str, ...]):
    return namedtuple("Row", fields)
