"""How a request's database transaction ends: COMMIT when it only read, ROLLBACK otherwise.

Flask-SQLAlchemy ends every request with a ROLLBACK. On a ROLLBACK psycopg forgets the statements it has
prepared on the connection, so PostgreSQL parsed and planned every statement of every request afresh, and
planning the member page's joins costs the server more than running them. Ending a transaction that only
read with COMMIT is the same for the database and lets psycopg keep them (it prepares a statement the
fifth time a connection runs it). A transaction that wrote anything, or a request that failed, still ends
with ROLLBACK: views commit their changes themselves, and nothing half-done is ever committed here.

On SQLite, also how a transaction begins: as a writer, holding the write lock, when it belongs to a request
that may write (takes_write_lock).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from flask import Flask, current_app, has_request_context, request
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError

from hallweb.extensions import db

_WROTE = "hallweb.wrote"  # in Session.info: the session's current transaction has sent a write
_WRITING: ContextVar[bool] = ContextVar("hallweb_writing", default=False)  # inside write_transaction()
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


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


def only_read() -> bool:
    """The session has no transaction open, or its open transaction has only read."""
    session = db.session()
    return not session.in_transaction() or _only_read(session)


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


def takes_write_lock() -> bool:
    """The transaction about to begin will write, so on SQLite it begins with the write lock (BEGIN IMMEDIATE).

    SQLite lets one writer in at a time. A transaction begun with a plain BEGIN reads a snapshot, and when it
    then writes after another writer has committed, SQLite cannot wait for anything: it fails at once with
    "database is locked" (the busy timeout does not apply). A transaction that takes the lock at BEGIN waits
    there, up to the busy timeout, and then reads what the writer before it committed. So: every transaction
    of a request that may write (any method but GET, HEAD and OPTIONS, and a GET view marked @writes), and
    those of write_transaction(). Reads keep the plain BEGIN and run beside writers (WAL).
    """
    if _WRITING.get():
        return True
    if not has_request_context():
        return False
    if request.method not in READ_ONLY_METHODS:
        return True
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return getattr(view, "writes", False)


def writes(view):
    """Marks a GET view that writes (an emailed link that confirms something): its transactions take the
    write lock as a POST's do."""
    view.writes = True
    return view


@contextmanager
def write_transaction():
    """Run the block in a transaction of its own that begins as a writer (see takes_write_lock) and commits
    at the end, or rolls back if the block fails. For the few writes a reading request makes (a session's
    last-seen time). What the session's open transaction has done must only be reads: it is ended first."""
    if not only_read():
        raise RuntimeError("write_transaction() inside a transaction that has written")
    session = db.session()
    if session.in_transaction():
        session.commit()
    token = _WRITING.set(True)
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        _WRITING.reset(token)
