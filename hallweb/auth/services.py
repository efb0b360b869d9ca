"""Account rules: registration, verification, sign-in with lockout, password reset and change."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import available_timezones

from flask import current_app
from sqlalchemy import case, func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from hallweb.audit import services as audit
from hallweb.auth import emails, sessions, tokens
from hallweb.auth.models import Role, RoleName, TokenPurpose, User, UserRole, UserSession
from hallweb.auth.passwords import check_password, hash_password, too_long, weakness
from hallweb.db.constraints import flush_unique
from hallweb.db.db_types import utcnow
from hallweb.errors import Conflict, DomainError
from hallweb.extensions import db


class SignInFailed(DomainError):
    def __init__(self):
        super().__init__("That email and password do not match an account.")


class AccountLocked(DomainError):
    def __init__(self, until: datetime):
        super().__init__(
            "Too many failed attempts: this account is locked for now. Try again later or reset your password."
        )
        self.until = until


class AccountSuspended(DomainError):
    def __init__(self, message: str | None):
        super().__init__(message or "This account is suspended. Contact the hall office.")


class EmailNotVerified(DomainError):
    def __init__(self, email: str):
        super().__init__("Verify your email address first: follow the link we sent you, or ask for a new one.")
        self.email = email


@dataclass
class SignIn:
    user: User
    token: str  # the raw session token for the cookie


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    email = normalize_email(email)
    if len(email) > 254:  # no stored address is longer: not worth a query
        return None
    return db.session.scalar(select(User).where(User.email == email))


def check_new_password(password: str, user_inputs: list[str]) -> None:
    """Refuse short, over-long and guessable passwords, with the reason, next to the password field."""
    problem = weakness(password, user_inputs)
    if problem:
        raise DomainError(problem, field="password")


def grant_role_by_name(user: User, name: str, *, actor: User | None, expires_at: datetime | None = None):
    role = db.session.scalar(select(Role).where(Role.name == name))
    if role is None:
        raise DomainError(f"There is no role named {name}.", field="role")
    existing = next((g for g in user.grants if g.role_id == role.id), None)
    if existing is not None:
        old = existing.expires_at
        existing.expires_at = expires_at
        if old != expires_at:
            audit.record(actor, "user.role_granted", user, {"role": name, "expires_at": [old, expires_at]})
        return existing
    grant = UserRole(user=user, role=role, assigned_by_id=getattr(actor, "id", None), expires_at=expires_at)
    db.session.add(grant)
    audit.record(actor, "user.role_granted", user, {"role": name, "expires_at": expires_at})
    return grant


def register_user(*, email: str, first_name: str, last_name: str, password: str) -> User | None:
    """Self-service sign-up: an unverified member account and a verification email.

    An email already registered gets the same answer on screen and a message saying so to its owner,
    so the form never reveals who has an account. Returns the new user, or None in that case.
    """
    email = normalize_email(email)
    check_new_password(password, [email, first_name, last_name])  # first: a refusal must not depend on the email
    password_hash = hash_password(password)  # also for a taken email, so both answers take as long
    existing = find_user_by_email(email)
    if existing is not None:
        emails.send_account_exists(existing)
        audit.record(None, "auth.registration_repeated", existing)
        return None
    user = User(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        password_hash=password_hash,
        timezone=current_app.config["DEFAULT_TIMEZONE"],
    )
    db.session.add(user)
    try:
        flush_unique()
    except Conflict:  # registered a moment ago by a concurrent request: the same answer as above
        return None
    audit.record(None, "user.created", user, {"email": email, "via": "registration"})
    grant_role_by_name(user, RoleName.MEMBER, actor=None)
    emails.send_verify(user, tokens.issue_token(user, TokenPurpose.VERIFY))
    return user


def verify_email(raw_token: str) -> User:
    user = tokens.consume_token(raw_token, TokenPurpose.VERIFY)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        audit.record(user, "auth.email_verified", user)
        emails.send_welcome(user)
    return user


def resend_verification(email: str) -> None:
    """Send a fresh link to an unverified account; silently nothing otherwise (same answer for all)."""
    user = find_user_by_email(email)
    if user is not None and user.email_verified_at is None and user.password_hash is not None:
        emails.send_verify(user, tokens.issue_token(user, TokenPurpose.VERIFY))


def sign_in(email: str, password: str, *, ip: str | None, user_agent: str | None) -> SignIn:
    """Check the password and start a session.

    Wrong email or password give one generic error, and unknown emails cost a bcrypt check too.
    After LOGIN_MAX_FAILURES failures in a row the account locks for LOGIN_LOCKOUT_MINUTES.
    Each attempt is counted before its password is checked, in one statement (_count_attempt), so
    attempts sent at once cannot all read the same count and all be checked.
    The failure count is flushed before raising: the caller commits it either way.
    """
    cfg = current_app.config
    now = utcnow()
    user = find_user_by_email(email)
    if user is not None:
        attempt, locked_until = _count_attempt(user, now)
        if locked_until is not None and locked_until > now:
            check_password(None, password)
            audit.record(None, "auth.sign_in_failed", user, {"reason": "locked"})
            raise AccountLocked(locked_until)
        if attempt > cfg["LOGIN_MAX_FAILURES"]:  # attempts still being checked reach the limit already
            check_password(None, password)
            audit.record(None, "auth.sign_in_failed", user, {"reason": "too many at once"})
            raise AccountLocked(now + timedelta(minutes=cfg["LOGIN_LOCKOUT_MINUTES"]))
    matched = check_password(user.password_hash if user else None, password)  # one bcrypt check, always
    if not matched:
        if user is None:
            audit.record(
                None,
                "auth.sign_in_failed",
                entity_type="users",
                changes={"email": normalize_email(email)[:254], "reason": "unknown email"},
            )
            raise SignInFailed()
        audit.record(None, "auth.sign_in_failed", user, {"reason": "wrong password"})
        if attempt >= cfg["LOGIN_MAX_FAILURES"]:
            user.locked_until = now + timedelta(minutes=cfg["LOGIN_LOCKOUT_MINUTES"])
            user.failed_login_count = 0
            audit.record(None, "auth.locked", user, {"until": user.locked_until})
            raise AccountLocked(user.locked_until)
        raise SignInFailed()
    user.failed_login_count = 0  # the password was right: not a guess, whatever follows
    if user.suspended_at is not None:
        audit.record(None, "auth.sign_in_failed", user, {"reason": "suspended"})
        raise AccountSuspended(user.suspension_message)
    if not user.active:
        audit.record(None, "auth.sign_in_failed", user, {"reason": "deactivated"})
        raise SignInFailed()
    if user.email_verified_at is None:
        audit.record(None, "auth.sign_in_failed", user, {"reason": "email not verified"})
        raise EmailNotVerified(user.email)
    user.locked_until = None
    user.last_login_at = now
    row, raw = sessions.start_session(user, ip=ip, user_agent=user_agent)
    audit.record(user, "auth.signed_in", user, {"session_id": row.id})
    return SignIn(user=user, token=raw)


def _count_attempt(user: User, now: datetime) -> tuple[int, datetime | None]:
    """Count one more attempt at user's password (none while locked) and return the count and the lock.

    One UPDATE ... RETURNING, not a read then a write: it also holds the user's row until the caller
    commits, so the next attempt waits for this one's outcome.
    """
    users = User.__table__
    count, locked_until = db.session.execute(
        update(users)
        .where(users.c.id == user.id)
        .values(
            failed_login_count=case(
                (users.c.locked_until > now, users.c.failed_login_count), else_=users.c.failed_login_count + 1
            )
        )
        .returning(users.c.failed_login_count, users.c.locked_until)
    ).one()
    set_committed_value(user, "failed_login_count", count)
    set_committed_value(user, "locked_until", locked_until)
    return count, locked_until


def sign_out(user: User, session_token: str | None) -> None:
    live = sessions.find_live_session(session_token)
    if live is not None and live.user.id == user.id:
        db.session.get(UserSession, live.id).revoked_at = utcnow()
    audit.record(user, "auth.signed_out", user)


def request_password_reset(email: str) -> None:
    """Email a reset link if the account exists; the caller shows the same answer either way."""
    user = find_user_by_email(email)
    if user is not None and user.password_hash is not None and user.active:
        emails.send_reset(user, tokens.issue_token(user, TokenPurpose.RESET))
        audit.record(None, "auth.password_reset_requested", user)


def reset_password(raw_token: str, password: str) -> User:
    """Set a new password from an emailed link: ends every session and clears a lockout."""
    user = tokens.find_token(raw_token, TokenPurpose.RESET).user
    check_new_password(password, [user.email, user.first_name, user.last_name])
    tokens.consume_token(raw_token, TokenPurpose.RESET)
    user.password_hash = hash_password(password)
    user.failed_login_count = 0
    user.locked_until = None
    if user.email_verified_at is None:  # the link proved the address
        user.email_verified_at = utcnow()
    ended = sessions.revoke_sessions(user)
    audit.record(user, "auth.password_reset", user, {"sessions_ended": ended})
    return user


def change_password(user: User, current_password: str, new_password: str, *, keep_session_id: int | None) -> int:
    """Change a signed-in user's password; every other session ends. Returns how many ended."""
    if too_long(current_password) or not check_password(user.password_hash, current_password):
        raise DomainError("That is not your current password.", field="current_password")
    check_new_password(new_password, [user.email, user.first_name, user.last_name])
    user.password_hash = hash_password(new_password)
    ended = sessions.revoke_sessions(user, except_id=keep_session_id)
    audit.record(user, "auth.password_changed", user, {"sessions_ended": ended})
    return ended


def accept_invitation(raw_token: str, password: str) -> User:
    """An invitee sets a password; the link also proves the address."""
    user = tokens.find_token(raw_token, TokenPurpose.INVITE).user
    check_new_password(password, [user.email, user.first_name, user.last_name])
    tokens.consume_token(raw_token, TokenPurpose.INVITE)
    user.password_hash = hash_password(password)
    user.email_verified_at = user.email_verified_at or utcnow()
    audit.record(user, "auth.invitation_accepted", user)
    return user


def update_profile(user: User, *, actor: User, first_name: str, last_name: str, timezone: str) -> dict:
    """A user's own name and time zone (times are shown in it)."""
    if timezone not in available_timezones():
        raise DomainError("Choose a time zone from the list.", field="timezone")
    values = {"first_name": first_name.strip(), "last_name": last_name.strip(), "timezone": timezone}
    changes = audit.diff(user, values)
    for key, value in values.items():
        setattr(user, key, value)
    if changes:
        audit.record(actor, "user.updated", user, changes)
    return changes


def count_users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))
