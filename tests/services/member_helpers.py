"""Helpers for the member service tests: a member as stored, the members a list finds."""

from hallweb.extensions import db
from hallweb.members.models import Member
from hallweb.members.queries import MemberFilters, list_members


def stored(member_id):
    """The member as the database has it now (not the identity map's copy)."""
    db.session.expire_all()
    return db.session.get(Member, member_id)


def found(q="", **filters):
    return {m.id for m in list_members(MemberFilters(q=q, **filters)).items}
