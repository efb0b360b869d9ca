"""Models and migrations agree, and the schema goes down to nothing and up again, on both backends."""

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text

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


def test_upgrade_gives_members_already_there_their_phone_key(empty_app):
    flask_migrate.upgrade(revision="0008_member_phone_key-1")
    classification = db.session.scalar(text("SELECT id FROM classifications LIMIT 1"))
    for card, phone in (("P1", "+1 (555) 867-5309"), ("P2", None), ("P3", "555.0100 x 12")):
        db.session.execute(
            text(
                "INSERT INTO members (card_number, first_name, last_name, first_name_key, last_name_key, phone,"
                " classification_id, status, version, created_at, updated_at)"
                " VALUES (:card, 'Pat', 'Phone', 'pat', 'phone', :phone, :classification, 'active', 1,"
                " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            ),
            {"card": card, "phone": phone, "classification": classification},
        )
    db.session.commit()
    flask_migrate.upgrade()
    keys = db.session.execute(text("SELECT card_number, phone_key FROM members ORDER BY card_number")).all()
    assert [tuple(row) for row in keys] == [("P1", "5558675309"), ("P2", None), ("P3", "5550100")]
