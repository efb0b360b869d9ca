"""Models and migrations agree, and the schema goes down to nothing and up again, on both backends."""

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from hallweb import create_app
from hallweb.auth.models import Role, RoleName
from hallweb.extensions import db
from tests.conftest import config_for
from tests.support import ScratchDatabase


@pytest.fixture
def empty_app(request, tmp_path, smtp):
    scratch = ScratchDatabase(request.config.getoption("--db"), tmp_path, "migrations")
    app = create_app(config_for(scratch.url, smtp.port))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    scratch.drop()


def _diff(app):
    with db.engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), db.metadata)


def test_upgrade_from_empty_builds_every_table_and_matches_the_models(empty_app):
    flask_migrate.upgrade()
    tables = set(inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables
    assert _diff(empty_app) == []


def test_upgrade_creates_the_six_system_roles(empty_app):
    flask_migrate.upgrade()
    roles = db.session.scalars(select(Role)).all()
    assert {r.name for r in roles} == {r.value for r in RoleName}
    assert all(r.system for r in roles)


def test_downgrade_to_base_then_upgrade_again(empty_app):
    flask_migrate.upgrade()
    flask_migrate.downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    flask_migrate.upgrade()
    assert _diff(empty_app) == []
