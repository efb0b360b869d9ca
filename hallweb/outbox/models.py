"""The outbox: every message is stored first and sent once the request's data is committed."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hallweb.db.db_types import UTCDateTime, utcnow
from hallweb.extensions import db


class OutboxStatus(StrEnum):
    PENDING = "pending"  # not sent yet, or the last attempt failed (see last_error)
    SENT = "sent"  # accepted by the SMTP server
    LOGGED = "logged"  # no mail server configured (demo): written to the log instead


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sent', 'logged')", name="status_known"),
        CheckConstraint("(link_purpose IS NULL) = (link_user_id IS NULL)", name="link_for_a_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A one-time link (reset, verification, invitation, email change) is never stored: the bodies hold
    # outbox.services.LINK, and each sending attempt makes a fresh token of this purpose for this user.
    link_purpose: Mapped[str | None] = mapped_column(String(16))
    link_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
