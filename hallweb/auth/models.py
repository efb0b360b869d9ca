"""Accounts: users, roles and their grants, server-side sign-in sessions, emailed tokens."""

from datetime import datetime
from enum import StrEnum
from typing import ClassVar

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hallweb.db.db_types import UTCDateTime, utcnow
from hallweb.extensions import db


class RoleName(StrEnum):
    ADMIN = "admin"
    OFFICER = "officer"
    STAFF = "staff"
    ORGANIZER = "organizer"
    INSTRUCTOR = "instructor"
    MEMBER = "member"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


# The one name each role goes by on every page, badge, menu and form.
ROLE_LABELS = {
    RoleName.ADMIN: "Administrator",
    RoleName.OFFICER: "Officer",
    RoleName.STAFF: "Office staff",
    RoleName.ORGANIZER: "Organizer",
    RoleName.INSTRUCTOR: "Instructor",
    RoleName.MEMBER: "Member",
}


def role_labels(names) -> list[str]:
    """The display names of these roles, in the roles' own order (administrator first); unknown names as they are."""
    order = list(RoleName)
    known = sorted((RoleName(n) for n in names if n in ROLE_LABELS), key=order.index)
    return [r.label for r in known] + sorted(n for n in names if n not in ROLE_LABELS)


class TokenPurpose(StrEnum):
    VERIFY = "verify"
    RESET = "reset"
    INVITE = "invite"
    EMAIL_CHANGE = "email_change"
    SIGN_IN_EMAIL = "sign_in_email"  # an email change that also moves the account's sign-in address


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        CheckConstraint("failed_login_count >= 0", name="failed_login_count_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased (checked by the database), so the unique index is case-insensitive.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(60))  # none until an invitee sets one
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # For the admin pages; the rule is SignInThrottle's. Failed sign-ins since the last good one, from any
    # address, and the end of the latest pause of some address (an account is never locked for everyone).
    failed_login_count: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspension_message: Mapped[str | None] = mapped_column(Text)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    grants: Mapped[list["UserRole"]] = relationship(
        back_populates="user", foreign_keys="UserRole.user_id", lazy="selectin", cascade="all, delete-orphan"
    )

    # Not a column: the names of the roles held now, when the sign-in lookup read them in its one statement
    # (hallweb/auth/sessions.py). They answer role questions until `grants` is loaded.
    held_roles: ClassVar[frozenset[str] | None] = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_active(self) -> bool:  # Flask-Login: suspended or deactivated users cannot sign in
        return self.active and self.suspended_at is None

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now

    def role_names(self, now: datetime | None = None) -> set[str]:
        """Names of the roles this user holds now; an expired grant grants nothing."""
        if now is None and self.held_roles is not None and "grants" not in self.__dict__:
            return set(self.held_roles)
        now = now or utcnow()
        return {g.role.name for g in self.grants if g.expires_at is None or g.expires_at > now}

    def has_role(self, *names: str) -> bool:
        held = self.role_names()
        return RoleName.ADMIN in held or bool(held.intersection(names))

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class Role(db.Model):
    __tablename__ = "roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(Text, default="")
    system: Mapped[bool] = mapped_column(Boolean, default=False)


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="RESTRICT"))
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="grants", foreign_keys=[user_id])
    role: Mapped[Role] = relationship(lazy="joined")
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id])


class UserSession(db.Model):
    """One sign-in on one browser. The cookie holds a random token; only its SHA-256 is stored."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(400))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class EmailToken(db.Model):
    """A single-use emailed link (verify, reset, invite, email change); only the token's SHA-256 is stored."""

    __tablename__ = "email_tokens"
    __table_args__ = (
        CheckConstraint(
            "purpose IN ('verify', 'reset', 'invite', 'email_change', 'sign_in_email')", name="purpose_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    new_email: Mapped[str | None] = mapped_column(String(254))  # email changes: the address being confirmed

    user: Mapped[User] = relationship()


class SignInThrottle(db.Model):
    """Failed sign-ins for one email address from one client address, and that client's pause.

    Keyed by the SHA-256 of the typed address, so unknown addresses are counted exactly as real ones and no
    typed address is stored. See hallweb/auth/throttle.py.
    """

    __tablename__ = "sign_in_throttles"
    __table_args__ = (
        UniqueConstraint("email_digest", "client"),
        CheckConstraint("failures >= 0", name="failures_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email_digest: Mapped[str] = mapped_column(String(64))
    client: Mapped[str] = mapped_column(String(45))  # an IPv4 address, or an IPv6 /64 network
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
