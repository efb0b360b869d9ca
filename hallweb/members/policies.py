"""Who may read and change members: the one place these rules are written."""

from hallweb.auth.models import RoleName
from hallweb.policies import Roles

can_read_members = Roles(RoleName.STAFF, RoleName.OFFICER, RoleName.ORGANIZER)  # any member's record
can_manage_members = Roles(RoleName.STAFF)  # add, edit, archive, jobs, account links
can_read_member_history = Roles(RoleName.STAFF, RoleName.OFFICER)
can_see_archived_members = Roles(RoleName.STAFF)  # in lists, exports and pages alike
can_restore_members = Roles(RoleName.ADMIN)
can_open_own_record = Roles(RoleName.MEMBER)  # "My record": self-service


def can_view_member(user, member) -> bool:
    """Readers see any member, a member their own record; an archived one only those who see archived."""
    if member.is_archived and not can_see_archived_members(user):
        return False
    return can_read_members(user) or (member.user_id is not None and member.user_id == user.id)


def can_edit_member(user, member) -> bool:
    return can_manage_members(user) and not member.is_archived


def can_edit_contact(user, member) -> bool:
    """Phone and address: staff on any member, a member on their own record; never an archived one."""
    return can_edit_member(user, member) or (not member.is_archived and member.user_id == user.id)
