"""members.phone_key: a phone number's digits, indexed, so the list finds members by phone

Revision ID: 0008_member_phone_key
Revises: 0006_outbox_one_time_links
Create Date: 2026-12-08

Staff type phone numbers in any format ("555 867", "(555) 867-5309"); the list searches the start of
these digits, as it searches names through their search keys. Existing members get theirs here.
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0008_member_phone_key"
down_revision = "0006_outbox_one_time_links"
branch_labels = None
depends_on = None

_EXTENSION = re.compile(r"(x|ext).*$", re.IGNORECASE)
_MEMBERS = sa.table(
    "members", sa.column("id", sa.Integer), sa.column("phone", sa.String), sa.column("phone_key", sa.String)
)


def _phone_key(value):
    """hallweb.db.search_keys.phone_key as it was when this migration was written."""
    digits = "".join(c for c in _EXTENSION.sub("", value or "") if c in "0123456789")
    return digits.removeprefix("1")[:40] or None


def upgrade():
    key = sa.String(length=40).with_variant(sa.String(length=40, collation="C"), "postgresql")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone_key", key, nullable=True))
        batch_op.create_index("ix_members_phone_key", ["phone_key"], unique=False)

    conn = op.get_bind()
    phones = conn.execute(sa.select(_MEMBERS.c.id, _MEMBERS.c.phone).where(_MEMBERS.c.phone.is_not(None))).all()
    keys = [{"member_id": id_, "key": _phone_key(phone)} for id_, phone in phones]
    if keys:
        conn.execute(
            _MEMBERS.update().where(_MEMBERS.c.id == sa.bindparam("member_id")).values(phone_key=sa.bindparam("key")),
            keys,
        )


def downgrade():
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index("ix_members_phone_key")
        batch_op.drop_column("phone_key")
