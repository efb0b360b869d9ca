"""How an app context's transaction ends (hallweb/transactions.py): COMMIT only when it only read.

Each `with app.app_context()` below is what a request gets: its own session, ended by the app's teardowns.
In tests the app's transactions are savepoints of the test's outer transaction, so a COMMIT shows as a
released savepoint and a ROLLBACK as a savepoint rolled back.
"""

import pytest
from sqlalchemy import event, select, update

from hallweb.classifications.models import Classification
from hallweb.db.plain_rows import plain_rows
from hallweb.extensions import db


@pytest.fixture
def endings(app):
    """'commit' or 'rollback' for each transaction the app ends, in order."""
    seen = []
    connection = db.engines[None]
    handlers = {
        "release_savepoint": lambda *a: seen.append("commit"),
        "rollback_savepoint": lambda *a: seen.append("rollback"),
    }
    for name, handler in handlers.items():
        event.listen(connection, name, handler)
    yield seen
    for name, handler in handlers.items():
        event.remove(connection, name, handler)


@pytest.fixture
def trade(app):
    row = Classification(code="glazier", name="Glazier", sort_order=90)
    db.session.add(row)
    db.session.flush()
    return row


def name_of(row) -> str:
    return db.session.scalar(select(Classification.name).where(Classification.id == row.id))


def test_a_transaction_that_only_read_ends_with_commit(app, trade, endings):
    with app.app_context():
        assert db.session.scalar(select(Classification.name).where(Classification.id == trade.id)) == "Glazier"
    assert endings == ["commit"]


def test_a_flushed_change_is_rolled_back_not_committed(app, trade, endings):
    with app.app_context():
        db.session.get(Classification, trade.id).name = "Glass worker"
        db.session.flush()
    assert endings == ["rollback"]
    assert name_of(trade) == "Glazier"


def test_an_unsaved_change_is_rolled_back_not_flushed_by_a_commit(app, trade, endings):
    with app.app_context():
        db.session.get(Classification, trade.id).name = "Glass worker"
    assert endings == ["rollback"]
    assert name_of(trade) == "Glazier"


def test_an_update_statement_counts_as_a_write(app, trade, endings):
    with app.app_context():
        db.session.execute(update(Classification).where(Classification.id == trade.id).values(name="Glass worker"))
    assert endings == ["rollback"]
    assert name_of(trade) == "Glazier"


def test_a_failed_request_rolls_back_even_if_it_only_read(app, trade, endings):
    with pytest.raises(RuntimeError), app.app_context():
        db.session.scalar(select(Classification.name))
        raise RuntimeError("the view failed")
    assert endings == ["rollback"]


def test_reads_after_a_commit_end_with_commit_again(app, trade, endings):
    with app.app_context():
        db.session.get(Classification, trade.id).name = "Glass worker"
        db.session.commit()
        db.session.scalar(select(Classification.name))
    assert endings == ["commit", "commit"]
    assert name_of(trade) == "Glass worker"


def test_postgresql_keeps_its_prepared_statements_from_request_to_request(app, trade, endings):
    """psycopg prepares a statement the fifth time a connection runs it, and forgets all on ROLLBACK."""
    query = select(Classification.name).where(Classification.id == trade.id)
    for _ in range(6):
        with app.app_context():
            db.session.scalar(query)
    assert endings == ["commit"] * 6
    if db.session.get_bind().dialect.name == "postgresql":
        prepared = db.session.scalars(select(db.text("statement")).select_from(db.text("pg_prepared_statements")))
        assert any("FROM classifications" in sql for sql in prepared)


def test_plain_rows_refuses_a_write_the_transaction_would_not_notice(app, trade, endings):
    with pytest.raises(TypeError), app.app_context():
        plain_rows(update(Classification).where(Classification.id == trade.id).values(name="Glass worker"))
    assert name_of(trade) == "Glazier"
    with app.app_context():
        assert plain_rows(select(Classification.name).where(Classification.id == trade.id)).all() == [("Glazier",)]
    assert endings == ["commit"]  # the refused write never reached the database


def test_plain_rows_see_what_the_session_has_pending(app, trade):
    trade.name = "Glass worker"  # not flushed yet
    assert plain_rows(select(Classification.name).where(Classification.id == trade.id)).scalar_one() == "Glass worker"
