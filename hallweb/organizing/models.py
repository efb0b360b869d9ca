"""Organizing activity against a target employer, and salts' job applications kept as dated evidence."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hallweb.auth.models import User
from hallweb.db.db_types import UTCDateTime, utcnow
from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.members.models import Member
from hallweb.organizations.models import Organization


class ActivityType(StrEnum):
    OUTREACH = "outreach"
    SITE_VISIT = "site_visit"
    LEAFLETING = "leafleting"
    ONE_ON_ONE = "one_on_one"
    MEETING = "meeting"
    PETITION_DRIVE = "petition_drive"
    CARD_SIGNING = "card_signing"
    INFORMATION_SESSION = "information_session"
    OTHER = "other"


TYPE_LABELS = {
    ActivityType.OUTREACH: "Outreach",
    ActivityType.SITE_VISIT: "Site visit",
    ActivityType.LEAFLETING: "Leafleting",
    ActivityType.ONE_ON_ONE: "One-on-one",
    ActivityType.MEETING: "Meeting",
    ActivityType.PETITION_DRIVE: "Petition drive",
    ActivityType.CARD_SIGNING: "Card signing",
    ActivityType.INFORMATION_SESSION: "Information session",
    ActivityType.OTHER: "Other",
}


class Outcome(StrEnum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"
    NO_CONTACT = "no_contact"


OUTCOME_LABELS = {
    Outcome.POSITIVE: "Positive",
    Outcome.NEUTRAL: "Neutral",
    Outcome.NEGATIVE: "Negative",
    Outcome.NO_CONTACT: "No contact",
}


def _known(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


class Activity(db.Model):
    """One piece of organizing work at a target employer, by an organizer (a member). Cards signed never
    exceed the workers contacted: a card is signed by a worker the organizer talked to (also a CHECK)."""

    __tablename__ = "organizing_activities"
    noun = "activity"
    __table_args__ = (
        CheckConstraint(_known("activity_type", ActivityType), name="type_known"),
        CheckConstraint(_known("outcome", Outcome), name="outcome_known"),
        CheckConstraint("workers_contacted >= 0", name="contacted_not_negative"),
        CheckConstraint("cards_signed >= 0 AND cards_signed <= workers_contacted", name="cards_within_contacted"),
        # The list's keyset order (newest first), on its own and within an employer or an organizer.
        Index("ix_organizing_activities_date_id", "activity_date", "id"),
        Index("ix_organizing_activities_employer_date", "employer_id", "activity_date", "id"),
        Index("ix_organizing_activities_organizer_date", "organizer_id", "activity_date", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organizer_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"))
    employer_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="RESTRICT"))
    activity_date: Mapped[date] = mapped_column(Date)
    activity_type: Mapped[str] = mapped_column(String(24))
    outcome: Mapped[str] = mapped_column(String(16))
    location: Mapped[str | None] = mapped_column(String(200))
    workers_contacted: Mapped[int] = mapped_column(Integer, default=0)
    cards_signed: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organizer: Mapped[Member] = relationship(lazy="joined")
    employer: Mapped[Organization] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    @property
    def type_label(self) -> str:
        return TYPE_LABELS[ActivityType(self.activity_type)]

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[Outcome(self.outcome)]


class SaltApplication(db.Model):
    """A salt's application for a job at a target employer: dated evidence of genuine interest in the job,
    for a refusal-to-hire case. Never changed once recorded (the migration adds a trigger refusing any
    UPDATE): a mistake is corrected by a new entry pointing at the one it corrects, which stays on file."""

    __tablename__ = "salt_applications"
    __table_args__ = (
        CheckConstraint(
            "(corrects_id IS NULL AND correction_reason IS NULL) OR "
            "(corrects_id IS NOT NULL AND correction_reason IS NOT NULL)",
            name="correction_has_reason",
        ),
        Index("ix_salt_applications_employer_applied", "employer_id", "applied_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="RESTRICT"))
    salt_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    applied_on: Mapped[date] = mapped_column(Date)
    posting: Mapped[str] = mapped_column(Text)  # the job posting: title, where it was advertised, its reference
    availability: Mapped[str] = mapped_column(Text)  # when the salt could start and work
    # A correction names the entry it corrects; an entry is corrected at most once (unique).
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("salt_applications.id"), unique=True)
    correction_reason: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    salt: Mapped[Member] = relationship(lazy="joined")
    recorded_by: Mapped[User | None] = relationship(lazy="joined")


class SaltFollowUp(db.Model):
    """A follow-up on a salt application (a call, a visit, the employer's answer), dated; never changed."""

    __tablename__ = "salt_follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("salt_applications.id", ondelete="RESTRICT"), index=True)
    followed_up_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    recorded_by: Mapped[User | None] = relationship(lazy="joined")


class KeptAsRecorded(DomainError):
    """An attempt to change a salt application or a follow-up: they are evidence, kept as recorded."""

    def __init__(self):
        super().__init__("Salt applications and their follow-ups are kept as recorded: record a correction instead.")


@event.listens_for(SaltApplication, "before_update")
@event.listens_for(SaltFollowUp, "before_update")
def _refuse_update(mapper, connection, target):
    """No code path updates the evidence (the database's trigger refuses it too)."""
    raise KeptAsRecorded()
