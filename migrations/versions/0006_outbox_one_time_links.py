"""outbox: one-time links are made when a message is sent, never stored

Revision ID: 0006_outbox_one_time_links
Revises: 0005_sign_in_throttles
Create Date: 2026-12-05

A stored reset, verification, invitation or email-change link let anyone who could read the outbox (the
admin page, a backup) take over the account. Messages now keep a placeholder and the purpose and user
the link is for; the link is made at each sending attempt. Links already stored are blanked out here:
their owners ask for a new one. Numbered 0006: 0005 is kept for the sign-in lockout change.
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0006_outbox_one_time_links"
down_revision = "0005_sign_in_throttles"
branch_labels = None
depends_on = None

LINK = "[one-time link, made when the message is sent]"
OLD_LINK = re.compile(r"https?://[^\s\"'<>]*/(?:auth/(?:reset|invite|verify)|me/email/confirm)/(?!resend\b)[\w-]+")


def upgrade():
    with op.batch_alter_table("outbox_messages") as batch:
        batch.add_column(sa.Column("link_purpose", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("link_user_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_outbox_messages_link_user_id_users"), "users", ["link_user_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_check_constraint(
            batch.f("ck_outbox_messages_link_for_a_user"), "(link_purpose IS NULL) = (link_user_id IS NULL)"
        )
    messages = sa.table("outbox_messages", sa.column("id"), sa.column("text_body"), sa.column("html_body"))
    conn = op.get_bind()
    for id_, text_body, html_body in conn.execute(sa.select(messages)).all():
        text_clean, html_clean = OLD_LINK.sub(LINK, text_body), OLD_LINK.sub(LINK, html_body)
        if (text_clean, html_clean) != (text_body, html_body):
            conn.execute(
                messages.update().where(messages.c.id == id_).values(text_body=text_clean, html_body=html_clean)
            )


def downgrade():
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_constraint(batch.f("ck_outbox_messages_link_for_a_user"), type_="check")
        batch.drop_constraint(batch.f("fk_outbox_messages_link_user_id_users"), type_="foreignkey")
        batch.drop_column("link_user_id")
        batch.drop_column("link_purpose")
