"""Change history in the office's words: an audit row's action and changes as plain sentences.

Pure: no database, no request. Names of the records an audit row points at by id (a classification, an
employer, a user) come in `names`, loaded once for all the rows of a page (hallweb/audit/queries.py).
"""

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, tzinfo

from hallweb.auth.models import ROLE_LABELS
from hallweb.organizations.models import KIND_LABELS

EMPTY = "(empty)"
NOT_FOUND = "(no longer on file)"

# What each action is called: the first sentence of its rows (unless a phrase below says more) and its
# name in the audit log's filter. Every action the services record is here (tests/services/test_audit_describe.py).
ACTIONS = {
    "member.created": "Member added",
    "member.updated": "Member updated",
    "member.contact_updated": "Contact details updated",
    "member.archived": "Member archived",
    "member.restored": "Member restored",
    "member.user_linked": "Account linked",
    "member.user_unlinked": "Account unlinked",
    "member.job_started": "Job started",
    "member.job_ended": "Job ended",
    "member.email_change_requested": "Email change requested",
    "member.email_changed": "Email address changed",
    "member.link_requested": "Account link requested",
    "member.link_approved": "Account link approved",
    "member.link_rejected": "Account link rejected",
    "member.link_withdrawn": "Account link request withdrawn",
    "organization.created": "Organization added",
    "organization.updated": "Organization updated",
    "organization.archived": "Organization archived",
    "organization.restored": "Organization restored",
    "organization.contact_added": "Contact added",
    "organization.contact_updated": "Contact updated",
    "organization.contact_removed": "Contact removed",
    "classification.created": "Classification added",
    "classification.updated": "Classification updated",
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
    "seed.demo_loaded": "Demo data loaded",
}

# The groups of the audit log's action filter: an action's prefix, and the option choosing any of them.
ACTION_GROUPS = {
    "member.": "Any member change",
    "organization.": "Any organization change",
    "classification.": "Any classification change",
    "user.": "Any user account change",
    "auth.": "Any sign-in event",
    "session.": "Any session event",
    "seed.": "Any demo data event",
}

# What kind of record an audit row is about (its entity_type, a table name).
RECORD_TYPES = {
    "members": "Member",
    "organizations": "Organization",
    "users": "User account",
    "classifications": "Classification",
    "member_link_requests": "Account link request",
}

FIELD_LABELS = {
    "card_number": "Card number",
    "first_name": "First name",
    "last_name": "Last name",
    "date_of_birth": "Date of birth",
    "email": "Email",
    "new_email": "New email",
    "phone": "Phone",
    "address_line1": "Address line 1",
    "address_line2": "Address line 2",
    "city": "City",
    "state": "State",
    "postal_code": "Postal code",
    "classification_id": "Classification",
    "employer_id": "Employer",
    "organization_id": "Organization",
    "user_id": "Account",
    "user": "Account",
    "status": "Status",
    "initiation_date": "Initiation date",
    "home_local": "Home local",
    "notes": "Notes",
    "name": "Name",
    "kind": "Kind",
    "website": "Website",
    "address": "Address",
    "title": "Title",
    "contact": "Contact",
    "code": "Code",
    "active": "In use",
    "timezone": "Time zone",
    "archived_at": "Archived",
    "role": "Role",
    "expires_at": "Expires",
    "employer": "Employer",
    "start_date": "Start date",
    "end_date": "End date",
    "suspended_at": "Suspended",
    "locked_until": "Locked until",
    "until": "Until",
    "message": "Message",
    "reason": "Reason",
    "matched": "Matches a member",
}

# Fields holding the id of another record, and the table its name is read from.
REFERENCES = {
    "classification_id": "classifications",
    "employer_id": "organizations",
    "organization_id": "organizations",
    "user_id": "users",
    "user": "users",  # an account is recorded by email; older rows may hold its id
}
NAMED_RECORDS = frozenset({"members", "organizations", "users", "classifications"})  # names we can load

HIDDEN = frozenset({"version", "seed"})  # bookkeeping, not what changed; so is any other "*_id"
# A client's address is shown only in the IP column, to those who may see it (audit.policies).
PRIVATE = frozenset({"client"})

# Counts of things a change ended, as a sentence (nothing said when none were).
COUNTS = {
    "sessions_ended": ("Signed out of {n} session", "Signed out of {n} sessions"),
    "reset_links_ended": ("{n} unused password reset link ended", "{n} unused password reset links ended"),
    "pauses_ended": ("{n} sign-in pause lifted", "{n} sign-in pauses lifted"),
}

VIA = {"invitation": "invited", "admin": "added by an administrator", "registration": "signed up"}

_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")

Names = Mapping[tuple[str, int], str]


def action_label(action: str) -> str:
    """What an action is called ("Member updated"); an unknown one in words ("Dues payment recorded")."""
    if action in ACTIONS:
        return ACTIONS[action]
    words = action.replace(".", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def record_type_label(entity_type: str | None) -> str:
    if not entity_type:
        return ""
    return RECORD_TYPES.get(entity_type) or entity_type.replace("_", " ").capitalize()


def field_label(key: str) -> str:
    return FIELD_LABELS.get(key) or key.replace("_", " ").capitalize()


def is_hidden(key: str) -> bool:
    return key in HIDDEN or key in PRIVATE or (key.endswith("_id") and key not in REFERENCES)


def references(rows: Iterable, *, with_records: bool = False) -> set[tuple[str, int]]:
    """The (table, id) of every record the rows name by id: what `names` must hold to describe them.
    With `with_records`, the records the rows are about as well (the audit log names them)."""
    wanted = set()
    for row in rows:
        for key, value in (row.changes or {}).items():
            if key in REFERENCES:
                for v in value if isinstance(value, list) else [value]:
                    if isinstance(v, int) and not isinstance(v, bool):
                        wanted.add((REFERENCES[key], v))
        if with_records and row.entity_type in NAMED_RECORDS and row.entity_id is not None:
            wanted.add((row.entity_type, row.entity_id))
    return wanted


class _Words:
    """Values as the screens show them: names for ids, dates as dates, times in the viewer's zone."""

    def __init__(self, names: Names, zone: tzinfo):
        self.names = names
        self.zone = zone

    def value(self, key: str, value) -> str:
        if value is None or value == "":
            return EMPTY
        if isinstance(value, bool):
            return "yes" if value else "no"
        if key in REFERENCES and isinstance(value, int):
            return self.names.get((REFERENCES[key], value), NOT_FOUND)
        if key == "kind":
            return KIND_LABELS.get(value, str(value))
        if key == "role":
            return ROLE_LABELS.get(value, str(value))
        if key == "status":
            return str(value).replace("_", " ").capitalize()
        if isinstance(value, datetime):
            return self.moment(value)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, str) and _DATETIME.match(value):
            try:
                return self.moment(datetime.fromisoformat(value))
            except ValueError:
                return value
        return str(value)

    def moment(self, value: datetime) -> str:
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(self.zone).strftime("%Y-%m-%d %H:%M %Z")

    def change(self, key: str, value) -> str | None:
        """One field's sentence: "Phone changed from 555-0100 to 555-0199"; None for bookkeeping."""
        if is_hidden(key):
            return None
        label = field_label(key)
        if key in COUNTS:
            one, many = COUNTS[key]
            return (one if value == 1 else many).format(n=value) if isinstance(value, int) and value else None
        if not (isinstance(value, list) and len(value) == 2):
            return f"{label}: {self.value(key, value)}"
        old, new = value
        if old in (None, ""):
            return f"{label} set to {self.value(key, new)}"
        if new in (None, ""):
            return f"{label} cleared (was {self.value(key, old)})"
        return f"{label} changed from {self.value(key, old)} to {self.value(key, new)}"

    def listing(self, key: str, value) -> str | None:
        """A field of a new record: "Phone: 555-0100"."""
        if is_hidden(key):
            return None
        if isinstance(value, list) and len(value) == 2:
            value = value[1]
        return f"{field_label(key)}: {self.value(key, value)}"

    def changes(self, changes: Mapping, skip: Iterable[str] = ()) -> list[str]:
        said = (self.change(k, v) for k, v in changes.items() if k not in skip)
        return [s for s in said if s]


def _new(v) -> object:
    return v[1] if isinstance(v, list) and len(v) == 2 else v


def _old(v) -> object:
    return v[0] if isinstance(v, list) and len(v) == 2 else v


def _created(action, changes, w):
    return [action_label(action), *(s for s in (w.listing(k, v) for k, v in changes.items()) if s)]


def _archived(action, changes, w):
    return ["Archived"]


def _restored(action, changes, w):
    return ["Restored"]


def _linked(action, changes, w):
    return [f"Account {w.value('user', _new(changes.get('user')))} linked"]


def _unlinked(action, changes, w):
    return [f"Account {w.value('user', _old(changes.get('user')))} unlinked"]


def _job_started(action, changes, w):
    employer, start = w.value("employer", changes.get("employer")), w.value("start_date", changes.get("start_date"))
    return [f"Job started at {employer} on {start}", *w.changes(changes, skip={"employer", "start_date"})]


def _job_ended(action, changes, w):
    employer, end = w.value("employer", changes.get("employer")), w.value("end_date", changes.get("end_date"))
    return [f"Job at {employer} ended on {end}", *w.changes(changes, skip={"employer", "end_date"})]


def _email_change_requested(action, changes, w):
    also = ", also as the sign-in address," if changes.get("also_sign_in") else ""
    return [f"Email change to {w.value('email', changes.get('new_email'))}{also} requested, waiting for confirmation"]


def _link_requested(action, changes, w):
    said = [f"Account link requested with card number {w.value('card_number', changes.get('card_number'))}"]
    if "matched" in changes:
        said.append("It matches a member" if changes["matched"] else "It matches no member")
    return said


def _link_decided(action, changes, w):
    return [action_label(action), *w.changes(changes, skip={"status"})]  # a rejection's reason


def _contact_added(action, changes, w):
    name = changes.get("contact") or _new(changes.get("name"))
    rest = (w.listing(k, v) for k, v in changes.items() if k not in {"contact", "name"})
    return [f"Contact {w.value('name', name)} added", *(s for s in rest if s)]


def _contact_removed(action, changes, w):
    return [f"Contact {w.value('name', _old(changes.get('name')))} removed"]


def _classification_updated(action, changes, w):
    active = changes.get("active")
    if isinstance(active, list) and len(active) == 2 and set(changes) == {"active"}:
        return ["Classification retired" if active[0] and not active[1] else "Classification back in use"]
    return [action_label(action), *w.changes(changes)]


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


def _plain(action, changes, w):
    return [action_label(action)]  # what the row holds besides is bookkeeping (a session's id, a cleared date)


def _unlocked(action, changes, w):
    return [action_label(action), *w.changes(changes, skip={"locked_until"})]  # its end is the unlocking


def _sign_in_failed(action, changes, w):
    reason = changes.get("reason")
    said = [f"Sign-in failed: {reason}" if reason else "Sign-in failed"]
    return [*said, *w.changes(changes, skip={"reason"})]  # the address typed, when no account has it


def _locked(action, changes, w):
    until = w.value("until", changes.get("until"))
    return [f"Signing in paused until {until}", *w.changes(changes, skip={"until"})]


def _demo_loaded(action, changes, w):
    counts = ", ".join(f"{changes[k]} {k}" for k in ("members", "organizations", "jobs") if k in changes)
    return [f"Demo data loaded: {counts}" if counts else "Demo data loaded"]


PHRASES: dict[str, Callable] = {  # actions whose rows say more than "<label>" and the changed fields
    "member.created": _created,
    "organization.created": _created,
    "classification.created": _created,
    "member.archived": _archived,
    "organization.archived": _archived,
    "member.restored": _restored,
    "organization.restored": _restored,
    "member.user_linked": _linked,
    "member.user_unlinked": _unlinked,
    "member.job_started": _job_started,
    "member.job_ended": _job_ended,
    "member.email_change_requested": _email_change_requested,
    "member.link_requested": _link_requested,
    "member.link_approved": _link_decided,
    "member.link_rejected": _link_decided,
    "member.link_withdrawn": _link_decided,
    "organization.contact_added": _contact_added,
    "organization.contact_removed": _contact_removed,
    "classification.updated": _classification_updated,
    "user.created": _user_created,
    "user.invited": _user_invited,
    "user.role_granted": _role_granted,
    "user.role_removed": _role_removed,
    "user.unsuspended": _plain,
    "user.unlocked": _unlocked,
    "session.revoked": _plain,
    "auth.sign_in_failed": _sign_in_failed,
    "auth.locked": _locked,
    "seed.demo_loaded": _demo_loaded,
}


def describe(action: str, changes: Mapping | None, names: Names | None = None, zone: tzinfo = UTC) -> list[str]:
    """An audit row as sentences, what happened first: ["Contact details updated", "Phone changed from
    555-0100 to 555-0199"]. Ids are named from `names` ({(table, id): name}); bookkeeping (versions, ids
    of jobs and contacts) is left out; times are shown in `zone`."""
    words = _Words(names or {}, zone)
    changes = changes or {}
    phrase = PHRASES.get(action)
    if phrase is not None:
        return [s for s in phrase(action, changes, words) if s]
    return [action_label(action), *words.changes(changes)]


def action_choices() -> list[tuple[str, str]]:
    """(value, label) for the audit log's action filter, group by group: "any" of the group, then its actions."""
    offered = []
    for prefix, any_of_them in ACTION_GROUPS.items():
        offered.append((prefix, any_of_them))
        offered.extend((a, label) for a, label in ACTIONS.items() if a.startswith(prefix))
    return offered


def record_type_choices() -> list[tuple[str, str]]:
    return list(RECORD_TYPES.items())
