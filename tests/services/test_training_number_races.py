"""Student numbers made at the same moment: each gets its own, consecutive, whatever the timing.

Each creation runs in its own thread, request context and connection against a database of its own, as
several workers would (the per-test transaction would serialise everything)."""

import threading

import flask_migrate
import pytest

from hallweb import create_app
from hallweb.auth.models import User
from hallweb.extensions import db
from hallweb.members.models import Member
from hallweb.training.services.students import create_student
from tests import factories
from tests.support import ScratchDatabase

AT_ONCE = 8


@pytest.fixture
def racing_app(request, base_config, tmp_path):
    scratch = ScratchDatabase(request.config.getoption("--db"), tmp_path, "numbers")
    app = create_app(
        {
            **base_config,
            "SQLALCHEMY_DATABASE_URI": scratch.url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": AT_ONCE, "max_overflow": 0},
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


def test_students_made_at_once_get_distinct_consecutive_numbers(racing_app):
    with racing_app.app_context():
        staff_id = factories.user("staff").id
        member_ids = [factories.make_member().id for _ in range(AT_ONCE)]
    start = threading.Barrier(AT_ONCE)
    numbers, errors = [], []

    def make(member_id):
        with racing_app.test_request_context("/training/students/new", method="POST"):
            start.wait()  # before the first statement: on SQLite a POST's transaction holds the write lock
            try:
                staff = db.session.get(User, staff_id)
                member = db.session.get(Member, member_id)
                numbers.append(create_student(actor=staff, member=member, cohort=None, year=2027).number)
                db.session.commit()
            except Exception as err:  # noqa: BLE001 - reported below
                errors.append(repr(err))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=make, args=(m,)) for m in member_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(numbers) == [f"2027-{n:04d}" for n in range(1, AT_ONCE + 1)]
