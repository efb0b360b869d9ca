"""Optimistic locking: an edit based on an old version is refused with the fields changed since."""

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from hallweb.audit import services as audit
from hallweb.audit.models import AuditLog
from hallweb.db.constraints import flush_unique
from hallweb.errors import ArchivedRecord, Conflict, DomainError
from hallweb.extensions import db


class StaleEdit(Conflict):
    """An edit refused because the record changed since the form's version.

    fields: the fields someone else changed since. Of those the edit carries, `untouched` are the ones it left
    as they were when the form was opened (or set to what is stored now): saving again must take the stored
    value for them, not undo the other change. The rest, `clashes`, were changed on both sides: the user
    chooses between theirs and yours by saving again. A field whose value at the form's version is unknown
    counts as a clash, so nothing is taken behind the user's back.
    """

    def __init__(self, fields: list[str], *, untouched: list[str] | None = None, clashes: list[str] | None = None):
        named = ", ".join(f.replace("_", " ") for f in fields) if fields else "some details"
        super().__init__(
            f"Someone else changed this record while you were editing it ({named}). "
            "Your changes were not saved: review the current values and try again."
        )
        self.fields = fields
        self.untouched = untouched or []
        self.clashes = clashes or []


class MissingVersion(DomainError):
    def __init__(self):
        super().__init__(
            "This form was sent without the version of the record it was filled in from, so changes made "
            "meanwhile could not be checked. Nothing was saved: reload the page and try again."
        )


UNKNOWN = object()  # a field's value at a version older than the audit rows read


def values_at(entity, version: int) -> dict[str, object]:
    """The fields changed after `version`, each with its value at `version` as the audit row stores it (JSON:
    dates as ISO text), or UNKNOWN. Read from the record's audit rows, which carry the version they bumped."""
    rows = db.session.scalars(
        select(AuditLog)
        .where(AuditLog.entity_type == entity.__tablename__, AuditLog.entity_id == entity.id)
        .order_by(AuditLog.id.desc())
        .limit(100)
    )
    before: dict[str, object] = {}
    reached = False  # whether the rows go back to the change made from `version` itself
    for row in rows:  # newest first: the oldest change after `version` writes last
        bump = row.changes.get("version")
        if isinstance(bump, list) and len(bump) == 2 and isinstance(bump[0], int) and bump[0] >= version:
            reached = reached or bump[0] == version
            for key, change in row.changes.items():
                if key != "version":
                    before[key] = change[0] if isinstance(change, list) and len(change) == 2 else UNKNOWN
    return before if reached else dict.fromkeys(before, UNKNOWN)


def changed_since(entity, version: int) -> list[str]:
    """Field names changed after `version`, read from the record's audit rows (they carry the version)."""
    return sorted(values_at(entity, version))


def stale_edit(entity, version: int, values: dict | None = None) -> StaleEdit:
    """The refusal of an edit of `values` made from `version`: what changed since, and which of the edit's
    fields it left untouched (equal to their value at `version`, or to the value stored now)."""
    before = values_at(entity, version)
    fields = sorted(before)
    untouched, clashes = [], []
    for name in fields:
        if values is None or name not in values:
            continue
        mine = audit._jsonable(values[name])  # compared as the audit row stores values
        if mine in (before[name], audit._jsonable(getattr(entity, name))):
            untouched.append(name)
        else:
            clashes.append(name)
    return StaleEdit(fields, untouched=untouched, clashes=clashes)


def check_version(entity, expected_version: int | None, values: dict | None = None) -> None:
    """Refuse an edit (of `values`, when given) that started from another version than the one stored, or
    that names none: taking the stored version instead would skip the check, and overwrite whatever was
    changed meanwhile."""
    if type(expected_version) is not int:
        raise MissingVersion()
    if expected_version != entity.version:
        raise stale_edit(entity, expected_version, values)


def flush_versioned(entity, expected_version: int, values: dict | None = None) -> None:
    """Flush; if a concurrent writer got there first (the UPDATE matched no row of our version),
    roll back and report what that writer changed."""
    try:
        flush_unique()
    except StaleDataError:
        db.session.rollback()
        raise stale_edit(entity, expected_version, values) from None


def ensure_editable(record) -> None:
    """Refuse any change to an archived record (restoring it is the only way back)."""
    if getattr(record, "is_archived", False):
        raise ArchivedRecord(record)


def apply_change(entity, values: dict, *, actor, action: str, expected_version: int | None) -> dict:
    """Set values on a versioned record: refused if it changed since expected_version, which the caller
    must give (the version the user's form was filled in from; None is refused, see check_version),
    audited field by field with the version bump, in the caller's transaction. Returns the changes.
    An archived record takes no change but its restoring (archiving.restore)."""
    if set(values) != {"archived_at"}:
        ensure_editable(entity)
    check_version(entity, expected_version, values)
    expected = expected_version
    changes = audit.diff(entity, values)
    if not changes:
        return {}
    changes["version"] = [entity.version, entity.version + 1]
    for key, value in values.items():
        setattr(entity, key, value)
    flush_versioned(entity, expected, values)
    audit.record(actor, action, entity, changes)
    return changes
