"""Benevolence applications, their reviews level by level, and who reviews at which level."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hallweb.auth.models import User
from hallweb.db.db_types import UTCDateTime, utcnow
from hallweb.extensions import db
from hallweb.members.models import Member

Money = Numeric(12, 2)


class Reason(StrEnum):
    MEDICAL = "medical"
    DEATH_IN_FAMILY = "death_in_family"
    DISASTER = "disaster"
    HARDSHIP = "hardship"
    OTHER = "other"


REASON_LABELS = {
    Reason.MEDICAL: "Medical",
    Reason.DEATH_IN_FAMILY: "Death in the family",
    Reason.DISASTER: "Disaster",
    Reason.HARDSHIP: "Hardship",
    Reason.OTHER: "Other",
}


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    NEEDS_INFO = "needs_info"
    APPROVED = "approved"
    DENIED = "denied"
    PAID = "paid"


STATUS_LABELS = {
    Status.DRAFT: "Draft",
    Status.SUBMITTED: "Submitted",
    Status.UNDER_REVIEW: "Under review",
    Status.NEEDS_INFO: "Needs information",
    Status.APPROVED: "Approved",
    Status.DENIED: "Denied",
    Status.PAID: "Paid",
}


class Level(StrEnum):
    VP = "vp"
    ADMIN = "admin"
    MANAGER = "manager"
    PRESIDENT = "president"


LEVEL_LABELS = {
    Level.VP: "Vice president",
    Level.ADMIN: "Administrator",
    Level.MANAGER: "Business manager",
    Level.PRESIDENT: "President",
}


class Decision(StrEnum):
    APPROVED = "approved"
    DENIED = "denied"
    NEEDS_INFO = "needs_info"
    DEFERRED = "deferred"


DECISION_LABELS = {
    Decision.APPROVED: "Approved",
    Decision.DENIED: "Denied",
    Decision.NEEDS_INFO: "Asked for more information",
    Decision.DEFERRED: "Deferred",
}


class PaymentMethod(StrEnum):
    CHECK = "check"
    ACH = "ach"
    DIRECT_TO_CREDITOR = "direct_to_creditor"


PAYMENT_METHOD_LABELS = {
    PaymentMethod.CHECK: "Check",
    PaymentMethod.ACH: "ACH transfer",
    PaymentMethod.DIRECT_TO_CREDITOR: "Direct to the creditor",
}

WAITING = (Status.SUBMITTED, Status.UNDER_REVIEW)  # the statuses in which a level is awaited


def _known(column: str, values, *, nullable: bool = False) -> str:
    listed = ", ".join(f"'{v}'" for v in values)
    return f"{column} IS NULL OR {column} IN ({listed})" if nullable else f"{column} IN ({listed})"


class Application(db.Model):
    """One request for help. Kept for good (LMRDA): there is no archiving or deleting it."""

    __tablename__ = "benevolence_applications"
    noun = "application"
    __table_args__ = (
        CheckConstraint(_known("reason", Reason), name="reason_known"),
        CheckConstraint(_known("status", Status), name="status_known"),
        CheckConstraint(_known("awaiting_level", Level, nullable=True), name="awaiting_level_known"),
        CheckConstraint(_known("payment_method", PaymentMethod, nullable=True), name="payment_method_known"),
        CheckConstraint("amount_requested > 0", name="amount_requested_positive"),
        CheckConstraint(
            "amount_approved IS NULL OR (amount_approved > 0 AND amount_approved <= amount_requested)",
            name="approved_within_requested",
        ),
        CheckConstraint(
            "(status IN ('approved', 'paid') AND amount_approved IS NOT NULL) "
            "OR (status NOT IN ('approved', 'paid') AND amount_approved IS NULL)",
            name="approved_amount_when_approved",
        ),
        CheckConstraint(
            "(status = 'paid' AND paid_on IS NOT NULL AND payment_method IS NOT NULL) "
            "OR (status <> 'paid' AND paid_on IS NULL AND payment_method IS NULL)",
            name="payment_when_paid",
        ),
        CheckConstraint(
            "(status IN ('submitted', 'under_review') AND awaiting_level IS NOT NULL) "
            "OR (status NOT IN ('submitted', 'under_review') AND awaiting_level IS NULL)",
            name="awaiting_level_while_waiting",
        ),
        CheckConstraint("override_at IS NULL OR override_reason IS NOT NULL", name="override_has_reason"),
        CheckConstraint("review_round >= 1", name="review_round_positive"),
        Index("ix_benevolence_applications_status_id", "status", "id"),
        Index("ix_benevolence_applications_awaiting_level_id", "awaiting_level", "id"),
        Index("ix_benevolence_applications_member_id_status", "member_id", "status"),
        Index("ix_benevolence_applications_application_date", "application_date"),
        Index("ix_benevolence_applications_paid_on", "paid_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(24), index=True)
    description: Mapped[str] = mapped_column(Text)
    amount_requested: Mapped[Decimal] = mapped_column(Money)
    amount_approved: Mapped[Decimal | None] = mapped_column(Money)
    status: Mapped[str] = mapped_column(String(16), default=Status.DRAFT)
    awaiting_level: Mapped[str | None] = mapped_column(String(12))
    review_round: Mapped[int] = mapped_column(Integer, default=1)  # +1 each time it is submitted again
    application_date: Mapped[date] = mapped_column(Date)  # the day it was (first) submitted, or drafted
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    override_reason: Mapped[str | None] = mapped_column(Text)
    override_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    override_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_on: Mapped[date | None] = mapped_column(Date)
    payment_method: Mapped[str | None] = mapped_column(String(24))
    payment_reference: Mapped[str | None] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    member: Mapped[Member] = relationship(lazy="joined")
    entered_by: Mapped[User | None] = relationship(foreign_keys=[entered_by_id])
    override_by: Mapped[User | None] = relationship(foreign_keys=[override_by_id])
    reviews: Mapped[list["Review"]] = relationship(back_populates="application", order_by="Review.id")

    __mapper_args__ = {"version_id_col": version}

    @property
    def reason_label(self) -> str:
        return REASON_LABELS[Reason(self.reason)]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[Status(self.status)]

    @property
    def awaiting_label(self) -> str | None:
        return LEVEL_LABELS[Level(self.awaiting_level)] if self.awaiting_level else None

    @property
    def payment_method_label(self) -> str | None:
        return PAYMENT_METHOD_LABELS[PaymentMethod(self.payment_method)] if self.payment_method else None

    @property
    def is_overridden(self) -> bool:
        return self.override_at is not None


class Review(db.Model):
    """One reviewer's decision at one level, in one round of review. Never changed once written."""

    __tablename__ = "benevolence_reviews"
    __table_args__ = (
        CheckConstraint(_known("level", Level), name="level_known"),
        CheckConstraint(_known("decision", Decision), name="decision_known"),
        CheckConstraint(
            "(decision = 'approved' AND approved_amount IS NOT NULL AND approved_amount > 0) "
            "OR (decision <> 'approved' AND approved_amount IS NULL)",
            name="approved_amount_when_approved",
        ),
        CheckConstraint("length(comment) > 0", name="comment_given"),
        # One decision per level and round (deferrals aside: a level may defer, then decide).
        Index(
            "uq_benevolence_reviews_one_decision_per_level",
            "application_id",
            "review_round",
            "level",
            unique=True,
            sqlite_where=text("decision <> 'deferred'"),
            postgresql_where=text("decision <> 'deferred'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("benevolence_applications.id", ondelete="RESTRICT"))
    review_round: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(12))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    decision: Mapped[str] = mapped_column(String(12))
    comment: Mapped[str] = mapped_column(Text)
    approved_amount: Mapped[Decimal | None] = mapped_column(Money)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship(back_populates="reviews")
    reviewer: Mapped[User] = relationship(lazy="joined")

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[Level(self.level)]

    @property
    def decision_label(self) -> str:
        return DECISION_LABELS[Decision(self.decision)]


class ReviewerLevel(db.Model):
    """An officer's review level, assigned by an administrator (an officer may hold several)."""

    __tablename__ = "benevolence_reviewer_levels"
    __table_args__ = (
        CheckConstraint(_known("level", Level), name="level_known"),
        UniqueConstraint("user_id", "level", name="uq_benevolence_reviewer_levels_user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    level: Mapped[str] = mapped_column(String(12), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[Level(self.level)]
