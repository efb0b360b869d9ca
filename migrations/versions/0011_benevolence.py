"""The benevolence fund: applications, their reviews level by level, and officers' review levels

Revision ID: 0011_benevolence
Revises: 0010_certifications
Create Date: 2026-12-03

Amounts are Numeric(12, 2). The status rules the services keep are also checks here: an approved amount only
once approved and never above the amount requested, payment details exactly when paid, a level awaited
exactly while waiting for review, one decision per level and round of review (deferrals aside).
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0011_benevolence"
down_revision = "0010_certifications"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "benevolence_reviewer_levels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "level IN ('vp', 'admin', 'manager', 'president')", name=op.f("ck_benevolence_reviewer_levels_level_known")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_benevolence_reviewer_levels_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benevolence_reviewer_levels")),
        sa.UniqueConstraint("user_id", "level", name="uq_benevolence_reviewer_levels_user_id"),
    )
    with op.batch_alter_table("benevolence_reviewer_levels", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_benevolence_reviewer_levels_level"), ["level"], unique=False)

    op.create_table(
        "benevolence_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("amount_requested", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("amount_approved", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("awaiting_level", sa.String(length=12), nullable=True),
        sa.Column("review_round", sa.Integer(), nullable=False),
        sa.Column("application_date", sa.Date(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("override_by_id", sa.Integer(), nullable=True),
        sa.Column("override_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("payment_method", sa.String(length=24), nullable=True),
        sa.Column("payment_reference", sa.String(length=100), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(status = 'paid' AND paid_on IS NOT NULL AND payment_method IS NOT NULL) OR (status <> 'paid' AND paid_on IS NULL AND payment_method IS NULL)",
            name=op.f("ck_benevolence_applications_payment_when_paid"),
        ),
        sa.CheckConstraint(
            "(status IN ('approved', 'paid') AND amount_approved IS NOT NULL) OR (status NOT IN ('approved', 'paid') AND amount_approved IS NULL)",
            name=op.f("ck_benevolence_applications_approved_amount_when_approved"),
        ),
        sa.CheckConstraint(
            "(status IN ('submitted', 'under_review') AND awaiting_level IS NOT NULL) OR (status NOT IN ('submitted', 'under_review') AND awaiting_level IS NULL)",
            name=op.f("ck_benevolence_applications_awaiting_level_while_waiting"),
        ),
        sa.CheckConstraint(
            "awaiting_level IS NULL OR awaiting_level IN ('vp', 'admin', 'manager', 'president')",
            name=op.f("ck_benevolence_applications_awaiting_level_known"),
        ),
        sa.CheckConstraint(
            "payment_method IS NULL OR payment_method IN ('check', 'ach', 'direct_to_creditor')",
            name=op.f("ck_benevolence_applications_payment_method_known"),
        ),
        sa.CheckConstraint(
            "reason IN ('medical', 'death_in_family', 'disaster', 'hardship', 'other')",
            name=op.f("ck_benevolence_applications_reason_known"),
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'under_review', 'needs_info', 'approved', 'denied', 'paid')",
            name=op.f("ck_benevolence_applications_status_known"),
        ),
        sa.CheckConstraint(
            "amount_approved IS NULL OR (amount_approved > 0 AND amount_approved <= amount_requested)",
            name=op.f("ck_benevolence_applications_approved_within_requested"),
        ),
        sa.CheckConstraint("amount_requested > 0", name=op.f("ck_benevolence_applications_amount_requested_positive")),
        sa.CheckConstraint(
            "override_at IS NULL OR override_reason IS NOT NULL",
            name=op.f("ck_benevolence_applications_override_has_reason"),
        ),
        sa.CheckConstraint("review_round >= 1", name=op.f("ck_benevolence_applications_review_round_positive")),
        sa.ForeignKeyConstraint(
            ["entered_by_id"],
            ["users.id"],
            name=op.f("fk_benevolence_applications_entered_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_benevolence_applications_member_id_members"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["override_by_id"],
            ["users.id"],
            name=op.f("fk_benevolence_applications_override_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benevolence_applications")),
    )
    with op.batch_alter_table("benevolence_applications", schema=None) as batch_op:
        batch_op.create_index("ix_benevolence_applications_application_date", ["application_date"], unique=False)
        batch_op.create_index("ix_benevolence_applications_awaiting_level_id", ["awaiting_level", "id"], unique=False)
        batch_op.create_index("ix_benevolence_applications_member_id_status", ["member_id", "status"], unique=False)
        batch_op.create_index("ix_benevolence_applications_paid_on", ["paid_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_benevolence_applications_reason"), ["reason"], unique=False)
        batch_op.create_index("ix_benevolence_applications_status_id", ["status", "id"], unique=False)

    op.create_table(
        "benevolence_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("review_round", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=12), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=12), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("approved_amount", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(decision = 'approved' AND approved_amount IS NOT NULL AND approved_amount > 0) OR (decision <> 'approved' AND approved_amount IS NULL)",
            name=op.f("ck_benevolence_reviews_approved_amount_when_approved"),
        ),
        sa.CheckConstraint(
            "decision IN ('approved', 'denied', 'needs_info', 'deferred')",
            name=op.f("ck_benevolence_reviews_decision_known"),
        ),
        sa.CheckConstraint(
            "level IN ('vp', 'admin', 'manager', 'president')", name=op.f("ck_benevolence_reviews_level_known")
        ),
        sa.CheckConstraint("length(comment) > 0", name=op.f("ck_benevolence_reviews_comment_given")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["benevolence_applications.id"],
            name=op.f("fk_benevolence_reviews_application_id_benevolence_applications"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["users.id"], name=op.f("fk_benevolence_reviews_reviewer_id_users"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benevolence_reviews")),
    )
    with op.batch_alter_table("benevolence_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_benevolence_reviews_reviewer_id"), ["reviewer_id"], unique=False)
        batch_op.create_index(
            "uq_benevolence_reviews_one_decision_per_level",
            ["application_id", "review_round", "level"],
            unique=True,
            sqlite_where=sa.text("decision <> 'deferred'"),
            postgresql_where=sa.text("decision <> 'deferred'"),
        )


def downgrade():
    op.drop_table("benevolence_reviews")
    op.drop_table("benevolence_applications")
    op.drop_table("benevolence_reviewer_levels")
