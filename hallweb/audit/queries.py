"""Reading the audit trail: a record's History panel."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload

from hallweb.audit.models import AuditLog
from hallweb.auth.models import User
from hallweb.extensions import db


def history_of(entity, limit: int = 50) -> list[AuditLog]:
    """The newest audit rows of one record, with who did each (one query: the actors' roles are not needed)."""
    return db.session.scalars(
        select(AuditLog)
        .options(joinedload(AuditLog.actor).options(lazyload(User.grants)))
        .where(AuditLog.entity_type == entity.__tablename__, AuditLog.entity_id == entity.id)
        .order_by(AuditLog.id.desc())
        .limit(limit)
    ).all()
