"""Who may read and log organizing work: the one place these rules are written.

An organizer is a member: the signed-in user acts as the member linked to their account (members.user_id).
Organizers read every campaign (a campaign is the work of several organizers, and its totals count everyone's)
and log and edit their own activity; staff and officers read and edit all, and log activity for any organizer.
"""

from hallweb.auth.models import RoleName
from hallweb.policies import Roles

can_read_organizing = Roles(RoleName.ORGANIZER, RoleName.STAFF, RoleName.OFFICER)
can_log_organizing = Roles(RoleName.ORGANIZER, RoleName.STAFF, RoleName.OFFICER)
can_manage_all_organizing = Roles(RoleName.STAFF, RoleName.OFFICER)  # every organizer's activity
can_record_salt_applications = Roles(RoleName.ORGANIZER, RoleName.STAFF, RoleName.OFFICER)


def can_edit_activity(user, activity) -> bool:
    """Staff and officers edit any activity; an organizer only the activity logged as theirs (its organizer
    is the member linked to their account). Reads the activity's organizer, loaded with it."""
    if can_manage_all_organizing(user):
        return True
    return can_log_organizing(user) and activity.organizer.user_id == user.id
