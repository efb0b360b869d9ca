"""Grievances, their timeline of events, the per-year number counters and the holiday list."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from hallweb.auth.models import User
from hallweb.db.db_types import UTCDateTime, utcnow
from hallweb.db.search_keys import key_string, search_key
from hallweb.extensions import db
from hallweb.grievances.transitions import STATUS_LABELS, Status
from hallweb.members.models import Member
from hallweb.organizations.models import Organization

# The list's "next deadline first" sort key: the deadline's day number (date.toordinal), an integer as keyset
# cursors carry; a grievance without a deadline sorts last.
NO_DEADLINE = date(9999, 12, 31).toordinal()


class Grievance(db.Model):
    __tablename__ = "grievances"
    noun = "grievance"
    __table_args__ = (
        CheckConstraint(
            "status IN ('open', 'investigation', 'hearing', 'settled', 'withdrawn', 'arbitration', 'closed')",
            name="status_known",
        ),
        CheckConstraint("step BETWEEN 1 AND 4", name="step_known"),
        CheckConstraint("clock IS NULL OR clock IN ('answer', 'appeal', 'arbitration')", name="clock_known"),
        # The grievant is a member, or the union itself (a policy grievance): one or the other, never neither.
        CheckConstraint(
            "(is_policy AND member_id IS NULL) OR (NOT is_policy AND member_id IS NOT NULL)", name="one_grievant"
        ),
        CheckConstraint("filed_date >= incident_date", name="filed_after_incident"),
        CheckConstraint("NOT filed_late OR late_reason IS NOT NULL", name="late_filing_has_reason"),
        CheckConstraint("settlement_amount IS NULL OR settlement_amount >= 0", name="settlement_not_negative"),
        CheckConstraint("sequence >= 1", name="sequence_positive"),
        UniqueConstraint("filing_year", "sequence", name="uq_grievances_year_sequence"),
        # Keyset pages: each sort's index ends with id.
        Index("ix_grievances_deadline_order_id", "deadline_order", "id"),
        Index("ix_grievances_number_id", "filing_year", "sequence", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    filing_year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    is_policy: Mapped[bool] = mapped_column(Boolean, default=False)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="RESTRICT"), index=True)
    representative_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    incident_date: Mapped[date] = mapped_column(Date)
    filed_date: Mapped[date] = mapped_column(Date)
    filed_late: Mapped[bool] = mapped_column(Boolean, default=False)
    late_reason: Mapped[str | None] = mapped_column(Text)
    article: Mapped[str] = mapped_column(String(120))
    article_key: Mapped[str] = mapped_column(key_string(), index=True)
    violation: Mapped[str] = mapped_column(Text)
    remedy: Mapped[str] = mapped_column(Text)
    step: Mapped[int] = mapped_column(Integer, default=1, index=True)
    status: Mapped[str] = mapped_column(String(16), default=Status.OPEN, index=True)
    clock: Mapped[str | None] = mapped_column(String(16))  # the deadline running (deadlines.Clock)
    clock_start: Mapped[date | None] = mapped_column(Date)  # the day it counts from
    next_deadline: Mapped[date | None] = mapped_column(Date)
    deadline_extended: Mapped[bool] = mapped_column(Boolean, default=False)  # set by agreement, not counted
    deadline_order: Mapped[int] = mapped_column(Integer, default=NO_DEADLINE)
    resolution: Mapped[str | None] = mapped_column(Text)
    resolution_date: Mapped[date | None] = mapped_column(Date)
    settlement_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    member: Mapped[Member | None] = relationship()
    employer: Mapped[Organization] = relationship()
    representative: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @validates("article")
    def _keep_search_key(self, field, value):
        self.article_key = search_key(value)
        return value

    @validates("next_deadline")
    def _keep_deadline_order(self, field, value):
        self.deadline_order = value.toordinal() if value else NO_DEADLINE
        return value

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[Status(self.status)]


class EventKind(StrEnum):
    FILED = "filed"
    INVESTIGATION = "investigation"
    MEETING = "meeting"
    ANSWER = "answer"
    APPEAL = "appeal"
    ARBITRATION = "arbitration"
    EXTENSION = "extension"
    SETTLED = "settled"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


class MeetingOutcome(StrEnum):
    DENIED = "denied"
    SETTLED = "settled"
    ADVANCED = "advanced"


OUTCOME_LABELS = {
    MeetingOutcome.DENIED: "Denied",
    MeetingOutcome.SETTLED: "Settled",
    MeetingOutcome.ADVANCED: "Advanced",
}


class GrievanceEvent(db.Model):
    """One line of a grievance's timeline: its filing, a step meeting (the step record), an answer, an
    appeal, an extension, a change of status. Never edited: a correction is another event."""

    __tablename__ = "grievance_events"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('filed', 'investigation', 'meeting', 'answer', 'appeal', 'arbitration', 'extension', "
            "'settled', 'withdrawn', 'closed')",
            name="kind_known",
        ),
        CheckConstraint("outcome IS NULL OR outcome IN ('denied', 'settled', 'advanced')", name="outcome_known"),
        CheckConstraint("kind <> 'meeting' OR outcome IS NOT NULL", name="meeting_has_outcome"),
        CheckConstraint(
            "kind <> 'extension' OR (new_deadline IS NOT NULL AND agreed_by IS NOT NULL AND notes IS NOT NULL)",
            name="extension_is_explained",
        ),
        CheckConstraint("step BETWEEN 1 AND 4", name="step_known"),
        Index("ix_grievance_events_grievance_id_on", "grievance_id", "occurred_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    grievance_id: Mapped[int] = mapped_column(ForeignKey("grievances.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    step: Mapped[int] = mapped_column(Integer)
    occurred_on: Mapped[date] = mapped_column(Date)
    employer_attendees: Mapped[str | None] = mapped_column(Text)
    union_attendees: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(16))
    previous_deadline: Mapped[date | None] = mapped_column(Date)
    new_deadline: Mapped[date | None] = mapped_column(Date)
    agreed_by: Mapped[str | None] = mapped_column(String(200))  # the employer's side of an extension
    amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    notes: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class GrievanceCounter(db.Model):
    """The last number given in a filing year (numbering.py)."""

    __tablename__ = "grievance_counters"
    __table_args__ = (CheckConstraint("last_number >= 1", name="last_number_positive"),)

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer)


class Holiday(db.Model):
    """A day the hall and the employers do not count as a business day (the admin keeps the list)."""

    __tablename__ = "holidays"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
