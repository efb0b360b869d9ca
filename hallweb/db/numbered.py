"""Numbered pages (OFFSET) for the short admin lists, with the pager interface of keyset pages."""

from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import Select

from hallweb.extensions import db


class NumberedPage(SelectPagination):
    """Flask-SQLAlchemy's page (items, total, first, last) with the links the shared pager draws."""

    def links(self) -> list[tuple[str, str | None, dict]]:
        """(label, rel, URL arguments) of the pager's links: the same labels as a keyset Page's."""
        links = []
        if self.has_prev:
            links += [("First", None, {}), ("Previous", "prev", {"page": self.prev_num})]
        if self.has_next:
            links += [("Next", "next", {"page": self.next_num}), ("Last", None, {"page": self.pages})]
        return links


def numbered_page(stmt: Select, *, page: int, per_page: int) -> NumberedPage:
    """One page of stmt's mapped objects and their total (two statements); past the end, an empty page."""
    return NumberedPage(select=stmt, session=db.session(), page=page, per_page=per_page, error_out=False)
