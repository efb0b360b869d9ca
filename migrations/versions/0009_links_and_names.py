"""Link requests: a withdrawn status and the reason of a rejection; a sign-in email change token; the staff
role's display name

Revision ID: 0009_links_and_names
Revises: 0008_member_phone_key
Create Date: 2026-12-10

A member may withdraw a pending link request, and staff give a reason when they reject one (it is emailed
to the member). An email change may also move the account's sign-in address: its token has a purpose of its
own, sign_in_email. The staff role is shown as "Office staff" (auth.models.ROLE_LABELS); roles.display_name
says the same.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_links_and_names"
down_revision = "0008_member_phone_key"
branch_labels = None
depends_on = None

STATUSES_BEFORE = "status IN ('pending', 'approved', 'rejected')"
STATUSES_AFTER = "status IN ('pending', 'approved', 'rejected', 'withdrawn')"
PURPOSES_BEFORE = "purpose IN ('verify', 'reset', 'invite', 'email_change')"
PURPOSES_AFTER = "purpose IN ('verify', 'reset', 'invite', 'email_change', 'sign_in_email')"


def upgrade():
    with op.batch_alter_table("member_link_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reason", sa.Text(), nullable=True))
        batch_op.drop_constraint(op.f("ck_member_link_requests_status_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_member_link_requests_status_known"), STATUSES_AFTER)

    with op.batch_alter_table("email_tokens", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_email_tokens_purpose_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_email_tokens_purpose_known"), PURPOSES_AFTER)

    op.execute("UPDATE roles SET display_name = 'Office staff' WHERE name = 'staff'")


def downgrade():
    op.execute("UPDATE roles SET display_name = 'Staff' WHERE name = 'staff'")

    op.execute("DELETE FROM email_tokens WHERE purpose = 'sign_in_email'")
    with op.batch_alter_table("email_tokens", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_email_tokens_purpose_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_email_tokens_purpose_known"), PURPOSES_BEFORE)

    op.execute("UPDATE member_link_requests SET status = 'rejected' WHERE status = 'withdrawn'")
    with op.batch_alter_table("member_link_requests", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_member_link_requests_status_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_member_link_requests_status_known"), STATUSES_BEFORE)
        batch_op.drop_column("reason")
