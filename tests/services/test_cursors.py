"""Keyset cursors come from the URL: one that is not a cursor this app wrote means the first page, never a 500."""

import base64
import json
from datetime import date

import pytest

from hallweb.db.keyset import decode_cursor, encode_cursor
from hallweb.members.models import Member

KEYS = [Member.last_name_key, Member.first_name_key, Member.id]
DATED = [Member.initiation_date, Member.id]


def raw(json_text: str) -> str:
    return base64.urlsafe_b64encode(json_text.encode("utf-8", "surrogatepass")).decode().rstrip("=")


def test_a_cursor_the_app_wrote_is_read_back():
    assert decode_cursor(encode_cursor(["parsons", "lucy", 42]), KEYS) == ["parsons", "lucy", 42]


def test_a_cursor_holds_dates_for_lists_sorted_by_date():
    assert decode_cursor(encode_cursor([date(2026, 12, 3), 42]), DATED) == [date(2026, 12, 3), 42]


@pytest.mark.parametrize("day", ["2026-02-30", "26-12-03", "yesterday", 20261203, None])
def test_a_cursor_with_a_date_that_is_not_one_is_refused(day):
    assert decode_cursor(encode_cursor([day, 42]), DATED) is None


@pytest.mark.parametrize(
    "token",
    [
        encode_cursor(["a", "b", 2**31]),  # past PostgreSQL's integer
        encode_cursor(["a", "b", 10**30]),  # past SQLite's
        encode_cursor(["a", "b", 1e30]),
        encode_cursor(["a", "b", True]),
        encode_cursor(["a" * 121, "b", 1]),  # longer than the column
        encode_cursor(["a\x00", "b", 1]),
        raw(json.dumps(["\ud800", "b", 1])),  # a lone surrogate: no database encodes it
        raw("[" * 1500 + "]" * 1500),
        raw('{"a":' * 1500 + "1" + "}" * 1500),
        raw('["a", "b", NaN]'),
        "x" * 5000,
        "!!!",
        "1e30",
    ],
)
def test_a_crafted_cursor_is_refused(token):
    assert decode_cursor(token, KEYS) is None
