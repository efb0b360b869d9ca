"""Organizing: activity logged against target employers; salts' job applications and their follow-ups

Revision ID: 0012_organizing
Revises: 0011_benevolence
Create Date: 2026-12-03

Cards signed never exceed the workers contacted (a CHECK, as the service refuses it too). Salt applications
and follow-ups are evidence for refusal-to-hire cases: a trigger refuses any UPDATE of them, so a mistake is
corrected only by a new entry that points at the one it corrects (corrects_id, at most one per entry).
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_organizing"
down_revision = "0011_benevolence"
branch_labels = None
depends_on = None

KEPT_AS_RECORDED = ("salt_applications", "salt_follow_ups")
REFUSAL = "salt applications and follow-ups are kept as recorded: record a correction instead"


def _refuse_updates():
    """No UPDATE path: the evidence stays as recorded whatever code runs."""
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION organizing_kept_as_recorded() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$"
        )
        for table in KEPT_AS_RECORDED:
            op.execute(
                f"CREATE TRIGGER {table}_kept_as_recorded BEFORE UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION organizing_kept_as_recorded()"
            )
    else:
        for table in KEPT_AS_RECORDED:
            op.execute(
                f"CREATE TRIGGER {table}_kept_as_recorded BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
            )


def upgrade():
    op.create_table(
        "organizing_activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organizer_id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("activity_date", sa.Date(), nullable=False),
        sa.Column("activity_type", sa.String(length=24), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("workers_contacted", sa.Integer(), nullable=False),
        sa.Column("cards_signed", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "activity_type IN ('outreach', 'site_visit', 'leafleting', 'one_on_one', 'meeting', 'petition_drive', 'card_signing', 'information_session', 'other')",
            name=op.f("ck_organizing_activities_type_known"),
        ),
        sa.CheckConstraint(
            "outcome IN ('positive', 'neutral', 'negative', 'no_contact')",
            name=op.f("ck_organizing_activities_outcome_known"),
        ),
        sa.CheckConstraint(
            "cards_signed >= 0 AND cards_signed <= workers_contacted",
            name=op.f("ck_organizing_activities_cards_within_contacted"),
        ),
        sa.CheckConstraint("workers_contacted >= 0", name=op.f("ck_organizing_activities_contacted_not_negative")),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["organizations.id"],
            name=op.f("fk_organizing_activities_employer_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organizer_id"],
            ["members.id"],
            name=op.f("fk_organizing_activities_organizer_id_members"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_organizing_activities_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizing_activities")),
    )
    with op.batch_alter_table("organizing_activities", schema=None) as batch_op:
        batch_op.create_index("ix_organizing_activities_date_id", ["activity_date", "id"], unique=False)
        batch_op.create_index(
            "ix_organizing_activities_employer_date", ["employer_id", "activity_date", "id"], unique=False
        )
        batch_op.create_index(
            "ix_organizing_activities_organizer_date", ["organizer_id", "activity_date", "id"], unique=False
        )

    op.create_table(
        "salt_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("salt_id", sa.Integer(), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("posting", sa.Text(), nullable=False),
        sa.Column("availability", sa.Text(), nullable=False),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("correction_reason", sa.Text(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(corrects_id IS NULL AND correction_reason IS NULL) OR (corrects_id IS NOT NULL AND correction_reason IS NOT NULL)",
            name=op.f("ck_salt_applications_correction_has_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["corrects_id"], ["salt_applications.id"], name=op.f("fk_salt_applications_corrects_id_salt_applications")
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["organizations.id"],
            name=op.f("fk_salt_applications_employer_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_salt_applications_recorded_by_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["salt_id"], ["members.id"], name=op.f("fk_salt_applications_salt_id_members"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_salt_applications")),
        sa.UniqueConstraint("corrects_id", name=op.f("uq_salt_applications_corrects_id")),
    )
    with op.batch_alter_table("salt_applications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_salt_applications_employer_applied", ["employer_id", "applied_on", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_salt_applications_salt_id"), ["salt_id"], unique=False)

    op.create_table(
        "salt_follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("followed_up_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["salt_applications.id"],
            name=op.f("fk_salt_follow_ups_application_id_salt_applications"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_salt_follow_ups_recorded_by_id_users"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_salt_follow_ups")),
    )
    with op.batch_alter_table("salt_follow_ups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_salt_follow_ups_application_id"), ["application_id"], unique=False)

    _refuse_updates()


def downgrade():
    with op.batch_alter_table("salt_follow_ups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_salt_follow_ups_application_id"))

    op.drop_table("salt_follow_ups")
    with op.batch_alter_table("salt_applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_salt_applications_salt_id"))
        batch_op.drop_index("ix_salt_applications_employer_applied")

    op.drop_table("salt_applications")
    with op.batch_alter_table("organizing_activities", schema=None) as batch_op:
        batch_op.drop_index("ix_organizing_activities_organizer_date")
        batch_op.drop_index("ix_organizing_activities_employer_date")
        batch_op.drop_index("ix_organizing_activities_date_id")

    op.drop_table("organizing_activities")
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP FUNCTION organizing_kept_as_recorded()")
