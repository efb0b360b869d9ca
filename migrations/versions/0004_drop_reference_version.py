"""Drop reference_version and its triggers: the pick lists are read with each page again

Revision ID: 0004_drop_reference_version
Revises: 0003_reference_version
Create Date: 2026-12-03

The per-worker pick-list cache saved little and cost a trigger for every pick-list table and a row lock
on every organization write. Downgrade restores 0003's table and triggers by running its upgrade.
"""

import importlib.util
from pathlib import Path

from alembic import op

revision = "0004_drop_reference_version"
down_revision = "0003_reference_version"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in ("classifications", "organizations"):
            op.execute(f"DROP TRIGGER {table}_bump_reference_version ON {table}")
        op.execute("DROP FUNCTION bump_reference_version()")
    else:
        for table in ("classifications", "organizations"):
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER {table}_{event}_bumps_reference_version")
    op.drop_table("reference_version")


def downgrade():
    _previous().upgrade()


def _previous():
    """Migration 0003, whose upgrade made what this one drops (loaded by path: its name starts with a digit)."""
    path = Path(__file__).with_name("0003_reference_version.py")
    spec = importlib.util.spec_from_file_location("reference_version_0003", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
