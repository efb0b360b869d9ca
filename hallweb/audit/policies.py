"""Who may see what of the audit trail: the one place these rules are written."""

from hallweb.auth.models import RoleName
from hallweb.policies import Roles

# Who did a change is shown to every reader of a history by name; the actor's email and the IP address
# it came from only to the office staff (and admins), who look into accounts and sign-ins.
can_see_audit_details = Roles(RoleName.STAFF)
