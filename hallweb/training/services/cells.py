"""One saved cell of a grid (an attendance mark, a grade): its optimistic lock.

A cell's form carries the version of the row it was drawn from (0: no row yet). A save from another
version is refused with the value stored now and who stored it, so two people editing one cell never
overwrite each other unseen."""

from sqlalchemy.exc import IntegrityError

from hallweb.auth.models import User
from hallweb.errors import Conflict
from hallweb.extensions import db


class StaleCell(Conflict):
    """A cell saved from an old value: `row` is the one stored now (None: cleared)."""

    def __init__(self, row, shown: str):
        by_id = getattr(row, "marked_by_id", None) or getattr(row, "graded_by_id", None)
        who = db.session.get(User, by_id) if by_id else None
        by = f" by {who.first_name} {who.last_name}" if who else ""
        super().__init__(f"Changed meanwhile{by}: now {shown}. Your entry was not saved.")
        self.row = row
        self.by = who


def check_cell_version(row, expected_version, shown) -> None:
    """Refuse the save unless it starts from the row's version (0 when there was no row)."""
    stored = row.version if row is not None else 0
    if type(expected_version) is not int or expected_version != stored:
        if row is None:
            raise Conflict("This cell's version is missing or unknown: reload the page.")
        raise StaleCell(row, shown(row))


def insert_cell(row, reload, shown) -> None:
    """Add a new row for a cell; if another request added one first (the unique key), report theirs."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        stored = reload()
        if stored is None:
            raise
        raise StaleCell(stored, shown(stored)) from None


def update_cell(row, expected_version, reload, shown) -> None:
    """Flush an update of a row read at expected_version; a concurrent writer makes it fail: report theirs."""
    from sqlalchemy.orm.exc import StaleDataError

    try:
        with db.session.begin_nested():
            db.session.flush()
    except StaleDataError:
        db.session.expire(row)
        stored = reload()
        raise StaleCell(stored, shown(stored)) from None
