"""The audit trail: one row per change or security event, never edited or deleted through the app."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hallweb.db.db_types import UTCDateTime, utcnow
from hallweb.extensions import db

if TYPE_CHECKING:
    from hallweb.auth.models import User


class AuditLog(db.Model):
    __tablename__ = "audit_logs"
    __table_args__ = (Index("ix_audit_logs_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    entity_type: Mapped[str | None] = mapped_column(String(64))
    entity_id: Mapped[int | None]
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # {"field": [old, new]} or event details
    ip: Mapped[str | None] = mapped_column(String(45))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor: Mapped["User | None"] = relationship("User", lazy="joined")

    @property
    def actor_email(self) -> str | None:  # as the History panels' rows have it (hallweb/audit/queries.py)
        return self.actor.email if self.actor else None

    @property
    def actor_name(self) -> str | None:
        return self.actor.full_name if self.actor else None
