"""Reading the audit trail: a record's History panel."""

from sqlalchemy import bindparam, select

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
        User.email.label("actor_email"),
    )
    .outerjoin(User, User.id == AuditLog.actor_id)
    .where(AuditLog.entity_type == bindparam("entity_type"), AuditLog.entity_id == bindparam("entity_id"))
    .order_by(AuditLog.id.desc())
    .limit(bindparam("limit"))
)


def history_of(entity, limit: int = 50) -> list:
    """Rows with AuditLog's columns and `actor_email`, newest first."""
    return plain_rows(_HISTORY, {"entity_type": entity.__tablename__, "entity_id": entity.id, "limit": limit}).all()
