"""Wrong passwords racing each other: the failure limit holds whatever the timing.

Real concurrency: each attempt runs in its own thread, request context and database connection, against a
database of its own (the per-test transaction would serialise everything), as several workers would. On
SQLite the attempts queue for the write lock, as the sign-in POSTs of several workers do.
"""

import threading

import bcrypt
import flask_migrate
import pytest

from hallweb import create_app
from hallweb.auth import services
from hallweb.errors import DomainError
from hallweb.extensions import db
from tests import factories
from tests.support import ScratchDatabase

ATTEMPTS = 24
MAX_FAILURES = 5


@pytest.fixture
def racing_app(request, base_config, tmp_path):
    url = request.config.getoption("--db")
    scratch = ScratchDatabase(url, tmp_path, "race")
    app = create_app(
        {
            **base_config,
            "SQLALCHEMY_DATABASE_URI": scratch.url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": ATTEMPTS, "max_overflow": 0},
            "LOGIN_MAX_FAILURES": MAX_FAILURES,
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


def race(app, email, password, ip):
    """ATTEMPTS sign-ins at once, each committed as the view would; returns the name of each outcome."""
    start = threading.Barrier(ATTEMPTS)
    outcomes = []

    def attempt():
        with app.test_request_context("/auth/login", method="POST"):  # as the sign-in view runs it
            start.wait()
            try:
                services.sign_in(email, password, ip=ip, user_agent="race")
                outcomes.append("signed in")
            except DomainError as err:
                outcomes.append(type(err).__name__)
            db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=attempt) for _ in range(ATTEMPTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(outcomes) == ATTEMPTS
    return outcomes


def test_parallel_wrong_passwords_reach_the_password_check_only_up_to_the_limit(racing_app, monkeypatch):
    with racing_app.app_context():
        user = factories.user()
        # A slower hash than the tests' usual one widens the window between reading the count and writing it.
        user.password_hash = bcrypt.hashpw(factories.PASSWORD.encode(), bcrypt.gensalt(8)).decode()
        db.session.commit()
        email, real_hash = user.email, user.password_hash.encode()

    checked = []
    real_checkpw = bcrypt.checkpw

    def counting(password, hashed):
        if hashed == real_hash:
            checked.append(password)
        return real_checkpw(password, hashed)

    monkeypatch.setattr(bcrypt, "checkpw", counting)

    outcomes = race(racing_app, email, "not the right password", "192.0.2.10")

    assert len(checked) == MAX_FAILURES
    assert outcomes.count("SignInFailed") == MAX_FAILURES - 1
    assert outcomes.count("AccountLocked") == ATTEMPTS - MAX_FAILURES + 1
