"""Reading the audit trail: a record's History panel."""

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, lazyload

from hallweb.audit.models import AuditLog
from hallweb.auth.models import User
from hallweb.extensions import db

# The newest audit rows of one record, with who did each (one query: the actors' roles are not needed).
# Built once: it runs on every record page.
_HISTORY = (
    select(AuditLog)
    .options(joinedload(AuditLog.actor).options(lazyload(User.grants)))
    .where(AuditLog.entity_type == bindparam("entity_type"), AuditLog.entity_id == bindparam("entity_id"))
    .order_by(AuditLog.id.desc())
    .limit(bindparam("limit"))
)


def history_of(entity, limit: int = 50) -> list[AuditLog]:
    return db.session.scalars(
        _HISTORY, {"entity_type": entity.__tablename__, "entity_id": entity.id, "limit": limit}
    ).all()
