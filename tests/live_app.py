"""An app on a database of its own, for tests of real concurrency: each request commits for real, on its
own connection, as in production (the `app` fixture's requests share one connection and never commit)."""

import threading
from contextlib import contextmanager

import flask_migrate

from hallweb import create_app
from hallweb.extensions import db
from tests.conftest import config_for
from tests.support import Client, ScratchDatabase


@contextmanager
def scratch_app(request, tmp_path_factory, smtp, label: str):
    """A migrated app on a new database (a SQLite file, or a PostgreSQL database, after --db); dropped after."""
    scratch = ScratchDatabase(request.config.getoption("--db"), tmp_path_factory.mktemp(label), label)
    config = config_for(scratch.url, smtp.port)
    config["PROPAGATE_EXCEPTIONS"] = False  # an error is a 500 answer, as a browser would get it
    app = create_app(config)
    app.test_client_class = Client
    with app.app_context():
        flask_migrate.upgrade()
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()
        scratch.drop()


def at_once(*calls) -> list:
    """Run the calls in threads released together; their results (or the exceptions they raised) in order."""
    start = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        start.wait()
        try:
            results[i] = call()
        except Exception as err:  # noqa: BLE001 - reported to the test as the result
            results[i] = err

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results
