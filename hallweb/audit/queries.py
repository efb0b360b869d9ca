"""Reading the audit trail: a record's History panel, and the names its rows point at."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from sqlalchemy import bindparam, literal_column, select, union_all

from hallweb.audit.describe import VOCABULARY, action_label, describe, record_type_label, references
from hallweb.audit.models import AuditLog
from hallweb.auth.models import User
from hallweb.db.plain_rows import plain_rows

# The newest audit rows of one record with who did each, built once and read as plain rows, because every
# record page runs it and its panels only read the rows, which ORM objects would make dearer to load.
_HISTORY = (
    select(
        AuditLog.id,
        AuditLog.created_at,
        AuditLog.action,
        AuditLog.entity_type,
        AuditLog.entity_id,
        AuditLog.changes,
        AuditLog.ip,
        (User.first_name + " " + User.last_name).label("actor_name"),
        User.email.label("actor_email"),
    )
    .outerjoin(User, User.id == AuditLog.actor_id)
    .where(AuditLog.entity_type == bindparam("entity_type"), AuditLog.entity_id == bindparam("entity_id"))
    .order_by(AuditLog.id.desc())
    .limit(bindparam("limit"))
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One audit row as the History panels and the audit log show it."""

    id: int
    created_at: datetime
    action: str
    entity_type: str | None
    entity_id: int | None
    changes: dict
    ip: str | None
    actor_name: str | None
    actor_email: str | None
    names: Mapping[tuple[str, int], str]

    @property
    def what(self) -> str:
        return action_label(self.action)

    @property
    def record(self) -> str:
        """The record it is about, by kind and name ("Member Rosa Parks")."""
        name = self.names.get((self.entity_type, self.entity_id))
        kind = record_type_label(self.entity_type)
        return f"{kind} {name}" if name else kind

    def sentences(self, zone: tzinfo = UTC) -> list[str]:
        return describe(self.action, self.changes, self.names, zone)


def names_of(wanted: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """Names of records by (table, id), in one statement whatever their tables and number."""
    ids: dict[str, set[int]] = {}
    for table, record_id in wanted:
        if table in VOCABULARY.names:
            ids.setdefault(table, set()).add(record_id)
    if not ids:
        return {}
    parts = [
        select(literal_column(f"'{table}'").label("kind"), model.id, name.label("name")).where(
            model.id.in_(sorted(record_ids))
        )
        for table, record_ids in sorted(ids.items())
        for model, name in [VOCABULARY.names[table]]
    ]
    stmt = parts[0] if len(parts) == 1 else union_all(*parts)
    return {(kind, record_id): name for kind, record_id, name in plain_rows(stmt)}


def entries(rows, *, with_records: bool = False) -> list[Entry]:
    """Audit rows (plain rows or AuditLog objects with their actor) as entries, the names their changes
    point at (and with `with_records`, the records they are about) loaded once for all of them."""
    rows = list(rows)
    names = names_of(references(rows, with_records=with_records))
    return [
        Entry(
            id=row.id,
            created_at=row.created_at,
            action=row.action,
            entity_type=row.entity_type,
            entity_id=row.entity_id,
            changes=row.changes or {},
            ip=row.ip,
            actor_name=row.actor_name,
            actor_email=row.actor_email,
            names=names,
        )
        for row in rows
    ]


def history_of(entity, limit: int = 50) -> list[Entry]:
    """A record's entries, newest first."""
    params = {"entity_type": entity.__tablename__, "entity_id": entity.id, "limit": limit}
    return entries(plain_rows(_HISTORY, params).all())
