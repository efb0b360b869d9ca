"""Twenty grievances filed at the same moment get twenty distinct, gapless numbers.

Real concurrency, as in test_lockout_races.py: each filing runs in its own thread, request context and
database connection, against a database of its own. On PostgreSQL the counter row's lock makes each filing
wait for the one before; on SQLite the POSTs queue for the write lock (BEGIN IMMEDIATE).
"""

import threading
from datetime import date

import flask_migrate
import pytest
from sqlalchemy import select

from hallweb import create_app
from hallweb.extensions import db
from hallweb.grievances.filing import file_grievance
from hallweb.grievances.models import Grievance, GrievanceCounter
from tests.factories import make_employer, make_member
from tests.support import ScratchDatabase

FILINGS = 20


@pytest.fixture
def racing_app(request, base_config, tmp_path):
    scratch = ScratchDatabase(request.config.getoption("--db"), tmp_path, "grievance_race")
    app = create_app(
        {
            **base_config,
            "SQLALCHEMY_DATABASE_URI": scratch.url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": FILINGS, "max_overflow": 0},
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()
        scratch.drop()


def test_twenty_filings_at_once_get_twenty_distinct_gapless_numbers(racing_app):
    with racing_app.app_context():
        employer_id = make_employer().id
        card_numbers = [make_member().card_number for _ in range(FILINGS)]
    start = threading.Barrier(FILINGS)
    numbers, failures = [], []

    def file_one(card_number):
        with racing_app.test_request_context("/grievances/new", method="POST"):  # as the filing view runs it
            start.wait()
            try:
                g = file_grievance(
                    actor=None,
                    card_number=card_number,
                    employer_id=employer_id,
                    incident_date=date(2026, 11, 2),
                    filed_date=date(2026, 11, 4),
                    article="Article 4",
                    violation="V",
                    remedy="R",
                )
                db.session.commit()
                numbers.append(g.number)
            except Exception as err:  # noqa: BLE001 - the test reports any failure
                failures.append(repr(err))
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=file_one, args=(c,)) for c in card_numbers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert failures == []
    assert sorted(numbers) == [f"GR-2026-{n:04d}" for n in range(1, FILINGS + 1)]
    with racing_app.app_context():
        stored = db.session.scalars(select(Grievance.sequence).order_by(Grievance.sequence)).all()
        assert stored == list(range(1, FILINGS + 1))
        assert db.session.get(GrievanceCounter, 2026).last_number == FILINGS
