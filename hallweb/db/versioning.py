"""Optimistic locking: an edit based on an old version is refused with the fields changed since."""

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from hallweb.audit import services as audit
from hallweb.audit.models import AuditLog
from hallweb.db.constraints import flush_unique
from hallweb.errors import ArchivedRecord, Conflict, DomainError
from hallweb.extensions import db


class StaleEdit(Conflict):
    def __init__(self, fields: list[str]):
        named = ", ".join(f.replace("_", " ") for f in fields) if fields else "some details"
        super().__init__(
            f"Someone else changed this record while you were editing it ({named}). "
            "Your changes were not saved: review the current values and try again."
        )
        self.fields = fields


class MissingVersion(DomainError):
    def __init__(self):
        super().__init__(
            "This form was sent without the version of the record it was filled in from, so changes made "
            "meanwhile could not be checked. Nothing was saved: reload the page and try again."
        )


def changed_since(entity, version: int) -> list[str]:
    """Field names changed after `version`, read from the record's audit rows (they carry the version)."""
    rows = db.session.scalars(
        select(AuditLog)
        .where(AuditLog.entity_type == entity.__tablename__, AuditLog.entity_id == entity.id)
        .order_by(AuditLog.id.desc())
        .limit(100)
    )
    fields: set[str] = set()
    for row in rows:
        bump = row.changes.get("version")
        if isinstance(bump, list) and len(bump) == 2 and isinstance(bump[0], int) and bump[0] >= version:
            fields.update(k for k in row.changes if k != "version")
    return sorted(fields)


def check_version(entity, expected_version: int | None) -> None:
    """Refuse an edit that started from another version than the one stored, or that names none: taking
    the stored version instead would skip the check, and overwrite whatever was changed meanwhile."""
    if type(expected_version) is not int:
        raise MissingVersion()
    if expected_version != entity.version:
        raise StaleEdit(changed_since(entity, expected_version))


def flush_versioned(entity, expected_version: int) -> None:
    """Flush; if a concurrent writer got there first (the UPDATE matched no row of our version),
    roll back and report what that writer changed."""
    try:
        flush_unique()
    except StaleDataError:
        db.session.rollback()
        raise StaleEdit(changed_since(entity, expected_version)) from None


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
    check_version(entity, expected_version)
    expected = expected_version
    changes = audit.diff(entity, values)
    if not changes:
        return {}
    changes["version"] = [entity.version, entity.version + 1]
    for key, value in values.items():
        setattr(entity, key, value)
    flush_versioned(entity, expected)
    audit.record(actor, action, entity, changes)
    return changes
