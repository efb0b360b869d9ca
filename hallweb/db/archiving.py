"""Archived records: hidden from lists unless a filter asks for them, read-only, never deleted.

Any versioned record gains archiving by mixing in `Archivable`; its services call `archive()` and
`restore()`. Every other change is refused by `versioning.ensure_editable()` (apply_change calls it; a
service changing a record's children calls it on the parent), so an archived record is read-only whatever
a form or a template offers.
"""

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from hallweb.db.db_types import UTCDateTime, utcnow
from hallweb.db.versioning import apply_change
from hallweb.errors import DomainError

ARCHIVED_CHOICES = {"": "Hide archived", "include": "Include archived", "only": "Only archived"}
# Who can undo an archive, said wherever one is confirmed or reported (the restore policies are admin only).
RESTORE_NOTE = "An administrator can restore it."


class Archivable:
    """A record that is archived (hidden, read-only) instead of deleted."""

    noun = "record"  # how messages name it: "This member is archived"
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


def archive(record, *, actor, action: str) -> None:
    """Hide a record from lists and freeze it; nothing is deleted (records are kept, see DOMAIN.md).

    A button, not a form filled in from the record: the rule is the record's state (archived or not), checked
    as loaded; a concurrent writer still makes the flush fail (versioning.flush_versioned)."""
    if record.is_archived:
        raise DomainError(f"This {record.noun} is already archived.")
    apply_change(record, {"archived_at": utcnow()}, actor=actor, action=action, expected_version=record.version)


def restore(record, *, actor, action: str) -> None:
    if not record.is_archived:
        raise DomainError(f"This {record.noun} is not archived.")
    apply_change(record, {"archived_at": None}, actor=actor, action=action, expected_version=record.version)


def archived_condition(archived_at, choice: str):
    """The WHERE clause for a list's "Archived" filter on the column archived_at (None: no condition)."""
    if choice == "only":
        return archived_at.is_not(None)
    if choice == "include":
        return None
    return archived_at.is_(None)
