"""The members list's own index: members not archived, by name

Revision ID: 0015_members_listed_index
Revises: 0014_training
Create Date: 2026-12-03

The list counts what it shows ("51–100 of 100,000") and, from a cursor, the rows before it. Both counts are of
members not archived, which the name index could not tell without reading each row from the table: with
100,000 members the list page cost ten times the bare page. A partial index holding only the listed members
lets both counts, and the list itself, read the index alone.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_members_listed_index"
down_revision = "0014_training"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index(
            "ix_members_listed_name",
            ["last_name_key", "first_name_key", "id"],
            unique=False,
            sqlite_where=sa.text("archived_at IS NULL"),
            postgresql_where=sa.text("archived_at IS NULL"),
        )


def downgrade():
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index("ix_members_listed_name")
