"""sign_in_throttles: failed sign-ins per typed email address (its SHA-256) and client address

Revision ID: 0005_sign_in_throttles
Revises: 0004_drop_reference_version
Create Date: 2026-12-03

Sign-in failures were counted on the user row, so a stranger could lock an account for everyone and the
lock answered only for real accounts. They are now counted per email digest and client address (see
hallweb/auth/throttle.py); users.failed_login_count and users.locked_until remain as a summary for the
admin pages.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_sign_in_throttles"
down_revision = "0004_drop_reference_version"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sign_in_throttles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email_digest", sa.String(length=64), nullable=False),
        sa.Column("client", sa.String(length=45), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("failures >= 0", name=op.f("ck_sign_in_throttles_failures_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_throttles")),
        sa.UniqueConstraint("email_digest", "client", name=op.f("uq_sign_in_throttles_email_digest")),
    )


def downgrade():
    op.drop_table("sign_in_throttles")
