"""Who may read grievances and act on them: the one place these rules are written."""

from hallweb.auth.models import RoleName
from hallweb.policies import Roles

can_read_grievances = Roles(RoleName.STAFF, RoleName.OFFICER, RoleName.ORGANIZER)  # the list and any case
can_act_on_grievances = Roles(RoleName.STAFF, RoleName.OFFICER)  # representatives: file, record, move, settle
can_keep_holidays = Roles(RoleName.ADMIN)
can_open_own_grievances = Roles(RoleName.MEMBER)  # My record: their own cases, read only


def can_view_grievance(user, grievance) -> bool:
    """Readers see any case; a member sees a case where they are the grievant."""
    if can_read_grievances(user):
        return True
    member = grievance.member
    return member is not None and member.user_id is not None and member.user_id == user.id
