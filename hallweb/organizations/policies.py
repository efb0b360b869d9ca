"""Who may read and change organizations: the one place these rules are written."""

from hallweb.auth.models import RoleName
from hallweb.policies import Roles

can_read_organizations = Roles(RoleName.STAFF, RoleName.OFFICER, RoleName.ORGANIZER)
can_manage_organizations = Roles(RoleName.STAFF, RoleName.ORGANIZER)
can_restore_organizations = Roles(RoleName.ADMIN)


def can_edit_organization(user, org) -> bool:
    return can_manage_organizations(user) and not org.is_archived
