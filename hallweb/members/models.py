"""Members: the record everything hangs on; their classification, employment and account link."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from hallweb.auth.models import User
from hallweb.classifications.models import Classification
from hallweb.db.archiving import Archivable
from hallweb.db.db_types import UTCDateTime, utcnow
from hallweb.db.search_keys import key_string, phone_key, search_key
from hallweb.extensions import db
from hallweb.organizations.models import Organization


class MemberStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    SUSPENDED = "suspended"
    RETIRED = "retired"
    DECEASED = "deceased"
    DROPPED = "dropped"


class Member(Archivable, db.Model):
    __tablename__ = "members"
    noun = "member"
    __table_args__ = (
        CheckConstraint(
            "status IN ('active', 'inactive', 'suspended', 'retired', 'deceased', 'dropped')", name="status_known"
        ),
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        # Keyset pages and prefix search: each index ends with id, the tie-break of every sort.
        Index("ix_members_name_key_id", "last_name_key", "first_name_key", "id"),
        # The list as it is read: members not archived, by name. Its count ("51–100 of 100,000") and the rows
        # before a cursor are counted in this index alone, never in the table.
        Index(
            "ix_members_listed_name",
            "last_name_key",
            "first_name_key",
            "id",
            sqlite_where=text("archived_at IS NULL"),
            postgresql_where=text("archived_at IS NULL"),
        ),
        Index("ix_members_first_name_key", "first_name_key"),
        Index("ix_members_phone_key", "phone_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    card_number: Mapped[str] = mapped_column(key_string(40), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    first_name_key: Mapped[str] = mapped_column(key_string())
    last_name_key: Mapped[str] = mapped_column(key_string())
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    email: Mapped[str | None] = mapped_column(key_string(254), unique=True)  # lower-cased; unique when present
    phone: Mapped[str | None] = mapped_column(String(40))
    phone_key: Mapped[str | None] = mapped_column(key_string(40))  # its digits, for search (search_keys.phone_key)
    address_line1: Mapped[str | None] = mapped_column(String(200))
    address_line2: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(50))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    classification_id: Mapped[int] = mapped_column(ForeignKey("classifications.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=MemberStatus.ACTIVE, index=True)
    initiation_date: Mapped[date | None] = mapped_column(Date)
    home_local: Mapped[str | None] = mapped_column(String(40))
    notes: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    classification: Mapped[Classification] = relationship(lazy="joined")
    user: Mapped[User | None] = relationship()
    jobs: Mapped[list["Employment"]] = relationship(
        back_populates="member", order_by="Employment.start_date.desc(), Employment.id.desc()"
    )

    __mapper_args__ = {"version_id_col": version}

    @validates("first_name", "last_name")
    def _keep_search_key(self, field, value):
        setattr(self, f"{field}_key", search_key(value))
        return value

    @validates("phone")
    def _keep_phone_key(self, field, value):
        self.phone_key = phone_key(value)
        return value

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def sort_name(self) -> str:
        return f"{self.last_name}, {self.first_name}"


class Employment(db.Model):
    """A job: open (no end date) while current; at most one open job per member (partial unique index)."""

    __tablename__ = "employments"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="ends_after_start"),
        Index(
            "uq_employments_one_open_job",
            "member_id",
            unique=True,
            sqlite_where=text("end_date IS NULL"),
            postgresql_where=text("end_date IS NULL"),
        ),
        Index("ix_employments_employer_open", "employer_id", "end_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="RESTRICT"))
    classification_id: Mapped[int] = mapped_column(ForeignKey("classifications.id"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    member: Mapped[Member] = relationship(back_populates="jobs")
    employer: Mapped[Organization] = relationship(lazy="joined")
    classification: Mapped[Classification] = relationship(lazy="joined")

    @property
    def is_current(self) -> bool:
        return self.end_date is None


class LinkRequestStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # by the member who asked


class MemberLinkRequest(db.Model):
    """A self-registered user asks to be linked to their member record (card number + date of birth)."""

    __tablename__ = "member_link_requests"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'approved', 'rejected', 'withdrawn')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    card_number: Mapped[str] = mapped_column(String(40))
    date_of_birth: Mapped[date] = mapped_column(Date)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))  # when both match
    status: Mapped[str] = mapped_column(String(16), default=LinkRequestStatus.PENDING, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(Text)  # a rejection's, as staff wrote it (and emailed it)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    member: Mapped[Member | None] = relationship()
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def email_matches(self) -> bool | None:
        """Does the account's email match the one on file for the matched member? None: nothing to compare."""
        if self.member is None or not self.member.email:
            return None
        return self.member.email == self.user.email
