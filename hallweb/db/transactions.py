"""How a request's database transaction ends: COMMIT when it only read, ROLLBACK otherwise.

Flask-SQLAlchemy ends every request with a ROLLBACK. On a ROLLBACK psycopg forgets the statements it has
prepared on the connection, so PostgreSQL parsed and planned every statement of every request afresh, and
planning the member page's joins costs the server more than running them. Ending a transaction that only
read with COMMIT is the same for the database and lets psycopg keep them (it prepares a statement the
fifth time a connection runs it). A transaction that wrote anything, or a request that failed, still ends
with ROLLBACK: views commit their changes themselves, and nothing half-done is ever committed here.
"""

from flask import Flask
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError

from hallweb.extensions import db

_WROTE = "hallweb.wrote"  # in Session.info: the session's current transaction has sent a write


def _note_write(session) -> None:
    session.info[_WROTE] = True


@event.listens_for(db.session, "after_flush")
def _flushed(session, _flush_context):
    _note_write(session)


@event.listens_for(db.session, "do_orm_execute")
def _executed(state):
    if not state.is_select:  # update(), delete(), insert(), text(): counted as writes
        _note_write(state.session)


@event.listens_for(db.session, "after_transaction_end")
def _ended(session, transaction):
    if transaction.parent is None:
        session.info.pop(_WROTE, None)


def _only_read(session) -> bool:
    """The session's open transaction has sent nothing but SELECTs and holds no unsaved change."""
    return (
        session.in_transaction()
        and not session.info.get(_WROTE)
        and not (session.new or session.dirty or session.deleted)
    )


def init_app(app: Flask) -> None:
    # Registered after Flask-SQLAlchemy's own teardown, so it runs before it (teardowns run in reverse).
    @app.teardown_appcontext
    def commit_if_only_read(exc):
        if exc is not None or not db.session.registry.has():
            return
        session = db.session()
        if _only_read(session):
            try:
                session.commit()
            except SQLAlchemyError:  # e.g. the connection dropped: Flask-SQLAlchemy's rollback follows
                session.rollback()
