"""Rows of columns read through SQLAlchemy Core, past the ORM."""

from sqlalchemy import Executable
from sqlalchemy.engine import Result

from hallweb.extensions import db


def plain_rows(stmt: Executable, params: dict | None = None) -> Result:
    """Run a statement that selects columns (not mapped objects) on the session's connection, in its
    transaction. For such rows the ORM's execution layer adds cost and nothing else, on every list page that
    reads its statements this way. What the session has pending is flushed first, as
    Session.execute would (nothing to do in the common case, and then nearly free). Only reads:
    hallweb.db.transactions would not notice a write sent this way."""
    if not stmt.is_select:
        raise TypeError("plain_rows() only reads; send writes through the session")
    db.session.flush()
    return db.session.connection().execute(stmt, params or {})
