"""Rows of columns read through SQLAlchemy Core, past the ORM."""

from sqlalchemy import Executable
from sqlalchemy.engine import Result

from hallweb.extensions import db


def plain_rows(stmt: Executable, params: dict | None = None) -> Result:
    """Run a statement that selects columns (not mapped objects) on the session's connection, in its
    transaction. For such rows the ORM's execution layer adds only cost: about 6 % of the members list,
    whose three statements are read this way. Unlike Session.execute it does not flush first: it is for
    reads that need none of the session's unsaved changes. Only reads: hallweb.transactions would not
    notice a write sent this way."""
    if not stmt.is_select:
        raise TypeError("plain_rows() only reads; send writes through the session")
    return db.session.connection().execute(stmt, params or {})
