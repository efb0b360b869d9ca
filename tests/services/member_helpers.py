"""Helpers for the member service tests."""

from hallweb.extensions import db
from hallweb.members.models import Member


def stored(member_id):
    """The member as the database has it now (not the identity map's copy)."""
    db.session.expire_all()
    return db.session.get(Member, member_id)
