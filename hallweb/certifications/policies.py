"""Who may read and change certifications: the one place these rules are written."""

from hallweb.auth.models import RoleName
from hallweb.members.policies import can_see_archived_members
from hallweb.policies import Roles

can_read_certifications = Roles(RoleName.STAFF, RoleName.OFFICER, RoleName.INSTRUCTOR)  # anyone's
# Instructors run the training that ends in most certificates, so they record (and renew) them too.
can_record_certifications = Roles(RoleName.STAFF, RoleName.INSTRUCTOR)
can_manage_certifications = Roles(RoleName.STAFF)  # correct, revoke


def can_view_certifications_of(user, member) -> bool:
    """Readers see anyone's certificates, a member their own; an archived member's only those who see archived
    members."""
    if member.is_archived and not can_see_archived_members(user):
        return False
    return can_read_certifications(user) or (member.user_id is not None and member.user_id == user.id)


def can_record_certification_for(user, member) -> bool:
    return can_record_certifications(user) and not member.is_archived


def can_edit_certification(user, cert) -> bool:
    """Corrections, while the certificate is still in force or pending (a revoked or renewed one is history)."""
    return can_manage_certifications(user) and cert.status in ("active", "pending") and not cert.member.is_archived


def can_renew_certification(user, cert) -> bool:
    return can_record_certifications(user) and cert.status == "active" and not cert.member.is_archived


def can_revoke_certification(user, cert) -> bool:
    return can_manage_certifications(user) and cert.status in ("active", "pending")
