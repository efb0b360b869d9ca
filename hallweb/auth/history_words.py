"""How the change history speaks of user accounts, signing in and sessions."""

from hallweb.audit.phrasing import plain
from hallweb.audit.vocabulary import Vocabulary
from hallweb.auth.models import ROLE_LABELS, User

VIA = {"invitation": "invited", "admin": "added by an administrator", "registration": "signed up"}


def _user_created(action, changes, w):
    via = changes.get("via")
    how = f" ({VIA.get(via, via)})" if via else ""
    return [f"User account created for {w.value('email', changes.get('email'))}{how}"]


def _user_invited(action, changes, w):
    return [f"Invitation sent to {w.value('email', changes.get('email'))}"]


def _role_granted(action, changes, w):
    said = [f"Role {w.value('role', changes.get('role'))} granted"]
    expires = changes.get("expires_at")
    if isinstance(expires, list):
        said.append(w.change("expires_at", expires))
    elif expires:
        said.append(f"Until {w.value('expires_at', expires)}")
    return said


def _role_removed(action, changes, w):
    return [f"Role {w.value('role', changes.get('role'))} removed"]


def _unlocked(action, changes, w):
    return [w.action(action), *w.changes(changes, skip={"locked_until"})]  # its end is the unlocking


def _sign_in_failed(action, changes, w):
    reason = changes.get("reason")
    said = [f"Sign-in failed: {reason}" if reason else "Sign-in failed"]
    return [*said, *w.changes(changes, skip={"reason"})]  # the address typed, when no account has it


def _locked(action, changes, w):
    until = w.value("until", changes.get("until"))
    return [f"Signing in paused until {until}", *w.changes(changes, skip={"until"})]


WORDS = Vocabulary(
    actions={
        "user.created": "User account created",
        "user.invited": "User invited",
        "user.email_changed": "Sign-in address changed",
        "user.updated": "Profile updated",
        "user.role_granted": "Role granted",
        "user.role_removed": "Role removed",
        "user.suspended": "Account suspended",
        "user.unsuspended": "Suspension lifted",
        "user.unlocked": "Account unlocked",
        "auth.signed_in": "Signed in",
        "auth.signed_out": "Signed out",
        "auth.sign_in_failed": "Sign-in failed",
        "auth.locked": "Signing in paused",
        "auth.email_verified": "Email address verified",
        "auth.registration_repeated": "Registration tried again",
        "auth.password_reset_requested": "Password reset requested",
        "auth.password_reset": "Password reset",
        "auth.password_changed": "Password changed",
        "auth.invitation_accepted": "Invitation accepted",
        "session.revoked": "Session signed out",
        "session.others_revoked": "Other sessions signed out",
    },
    groups={"user.": "Any user account change", "auth.": "Any sign-in event", "session.": "Any session event"},
    record_types={"users": "User account"},
    fields={
        "user_id": "Account",
        "user": "Account",
        "timezone": "Time zone",
        "role": "Role",
        "expires_at": "Expires",
        "suspended_at": "Suspended",
        "locked_until": "Locked until",
        "until": "Until",
    },
    references={"user_id": "users", "user": "users"},  # an account is recorded by email; older rows may hold its id
    values={"role": ROLE_LABELS},
    phrases={
        "user.created": _user_created,
        "user.invited": _user_invited,
        "user.role_granted": _role_granted,
        "user.role_removed": _role_removed,
        "user.unsuspended": plain,
        "user.unlocked": _unlocked,
        "session.revoked": plain,
        "auth.sign_in_failed": _sign_in_failed,
        "auth.locked": _locked,
    },
    names={"users": (User, User.first_name + " " + User.last_name)},
    pages={"users": "admin.user_detail"},
)
