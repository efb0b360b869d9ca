"""Certifications: a member's certificates (OSHA 10, CPR, forklift...), their renewals and revocations

Revision ID: 0010_certifications
Revises: 0009_links_and_names
Create Date: 2026-12-03

The status stored is what a person decided (active, pending, revoked, renewed); "expired" is read from the
expiry date and today. A renewal points at the certificate it renews (renews_id, unique: one renewal each).
Lists sorted by expiry read an index on coalesce(expiry_date, '9999-12-31'): a certificate that never expires
sorts last. number_key is the lower-cased certificate number, for prefix search.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_certifications"
down_revision = "0009_links_and_names"
branch_labels = None
depends_on = None

TYPES = (
    "type IN ('osha_10', 'osha_30', 'first_aid', 'cpr', 'forklift', 'aerial_lift', 'confined_space', "
    "'hazmat', 'flagger', 'electrical_trainee', 'other')"
)


def key_string(length: int):
    return sa.String(length=length).with_variant(sa.String(length=length, collation="C"), "postgresql")


def upgrade():
    op.create_table(
        "certifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("expiry_date", sa.Date(), nullable=True),
        sa.Column("issuer", sa.String(length=200), nullable=True),
        sa.Column("certificate_number", sa.String(length=80), nullable=True),
        sa.Column("number_key", key_string(80), nullable=True),
        sa.Column("revocation_reason", sa.Text(), nullable=True),
        sa.Column("renews_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(TYPES, name=op.f("ck_certifications_type_known")),
        sa.CheckConstraint(
            "status IN ('active', 'pending', 'revoked', 'renewed')", name=op.f("ck_certifications_status_known")
        ),
        sa.CheckConstraint(
            "expiry_date IS NULL OR expiry_date >= issue_date", name=op.f("ck_certifications_expires_after_issue")
        ),
        sa.CheckConstraint(
            "status <> 'revoked' OR (revocation_reason IS NOT NULL AND revocation_reason <> '')",
            name=op.f("ck_certifications_revoked_with_reason"),
        ),
        sa.CheckConstraint("renews_id IS NULL OR renews_id <> id", name=op.f("ck_certifications_renews_another")),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_certifications_member_id_members"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["renews_id"],
            ["certifications.id"],
            name=op.f("fk_certifications_renews_id_certifications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certifications")),
        sa.UniqueConstraint("renews_id", name=op.f("uq_certifications_renews_id")),
    )
    with op.batch_alter_table("certifications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certifications_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_certifications_type"), ["type"], unique=False)
        # Keyset pages sorted by expiry or issue date; the expiring and expired counts; number search.
        batch_op.create_index(
            "ix_certifications_expiry_order_id", [sa.text("coalesce(expiry_date, '9999-12-31')"), "id"], unique=False
        )
        batch_op.create_index("ix_certifications_issue_date_id", ["issue_date", "id"], unique=False)
        batch_op.create_index("ix_certifications_status_expiry", ["status", "expiry_date"], unique=False)
        batch_op.create_index("ix_certifications_number_key", ["number_key"], unique=False)


def downgrade():
    op.drop_table("certifications")
