"""Fixtures: one migrated database per run (SQLite or PostgreSQL), per-test isolation, SMTP, clients."""

import os
from contextlib import contextmanager

import flask_migrate
import pytest
from flask import session as flask_session

from hallweb import background, create_app
from hallweb.extensions import db
from tests import factories
from tests.support import Client, ScratchDatabase, SMTPServer


def pytest_addoption(parser):
    parser.addoption(
        "--db",
        default=os.environ.get("HALLWEB_TEST_DATABASE_URL", "sqlite"),
        help="'sqlite' (a temp file) or a PostgreSQL URL to create scratch databases in",
    )


def pytest_report_header(config):
    return f"hallweb database: {config.getoption('--db')}"


@pytest.fixture(scope="session")
def smtp():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def database(request, tmp_path_factory):
    scratch = ScratchDatabase(request.config.getoption("--db"), tmp_path_factory.mktemp("db"), "unit")
    yield scratch
    scratch.drop()


def config_for(database_url: str, smtp_port: int) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "BCRYPT_ROUNDS": 4,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_port,
        "MAIL_SUPPRESS_SEND": False,  # Flask-Mail suppresses sending under TESTING; we use a real server
        "BASE_URL": "http://hall.test",
        "PROXY_FIX_X_FOR": 0,
    }


@pytest.fixture(scope="session")
def base_config(database, smtp):
    return config_for(database.url, smtp.port)


@pytest.fixture(scope="session")
def session_app(base_config):
    app = create_app(base_config)
    with app.app_context():
        flask_migrate.upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(request, session_app, base_config):
    """The session's app, or a fresh one when the test is marked `settings(...)` or `csrf`."""
    overrides = {}
    for mark in request.node.iter_markers("settings"):
        overrides = {**mark.kwargs, **overrides}
    if request.node.get_closest_marker("csrf"):
        overrides["WTF_CSRF_ENABLED"] = True
    app = create_app({**base_config, **overrides}) if overrides else session_app
    app.test_client_class = Client
    with app.app_context(), _one_transaction():
        yield app
        assert background.wait_idle(app), "background mail jobs still running after 10 s"
    if app is not session_app:
        with app.app_context():
            db.engine.dispose()


@contextmanager
def _one_transaction():
    """Everything the test and its requests write lives in one outer transaction, rolled back after.

    The app's commits only release savepoints (join_transaction_mode="create_savepoint" on the session),
    see flask-sqlalchemy issue 1171.
    """
    engines = db.engines
    engine = engines[None]
    connection = engine.connect()
    outer = connection.begin()
    engines[None] = connection
    try:
        yield
    finally:
        db.session.remove()
        engines[None] = engine
        outer.rollback()
        connection.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def mailbox(smtp):
    smtp.mailbox.clear()
    return smtp.mailbox


@pytest.fixture
def make(app):
    """Factories bound to this test's database: make.user(role=...), make.password."""
    return factories


@pytest.fixture
def login_as(client):
    """Sign the client in as a new verified user holding `roles`; returns the user."""

    def sign_in(*roles, **fields):
        user = factories.user(*roles, **fields)
        response = client.post("/auth/login", data={"email": user.email, "password": factories.PASSWORD})
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
        return user

    return sign_in


__all__ = ["flask_session"]
