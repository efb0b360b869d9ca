"""An enrollment's withdrawal date

Revision ID: 0016_enrollment_withdrawn_on
Revises: 0015_members_listed_index
Create Date: 2026-12-03

A student withdrawn from one course keeps the sessions held before the day they withdrew (their marks, their
rate) and leaves the course's rosters from that day on: the day is kept with the enrollment.
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_enrollment_withdrawn_on"
down_revision = "0015_members_listed_index"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("training_enrollments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn_on", sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            "withdrawn_on_when_withdrawn", sa.text("withdrawn_on IS NULL OR status = 'withdrawn'")
        )


def downgrade():
    with op.batch_alter_table("training_enrollments", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_training_enrollments_withdrawn_on_when_withdrawn"), type_="check")
        batch_op.drop_column("withdrawn_on")
