"""Helpers for the organization page tests."""

from tests.html import row_ids


def org_rows(html: str) -> list[int]:
    return row_ids(html, "organization")
