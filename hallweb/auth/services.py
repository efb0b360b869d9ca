"""Account rules: registration, verification, sign-in with lockout, password reset and change."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import available_timezones

from flask import current_app
from sqlalchemy import func, select

from hallweb.audit import services as audit
from hallweb.auth import emails, sessions, throttle, tokens
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
    """Sign-in with this address from this client is paused; the same answer whether or not it has an account."""

    def __init__(self, until: datetime, now: datetime):
        super().__init__(
            f"Too many failed attempts from here. Try again in {_time_left(until - now)}, or reset your password."
        )
        self.until = until


def _time_left(left: timedelta) -> str:
    minutes = max(1, math.ceil(left.total_seconds() / 60))
    if minutes <= 90:
        return "1 minute" if minutes == 1 else f"{minutes} minutes"
    return f"{math.ceil(minutes / 60)} hours"


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
    emails.send_verify(user)
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
        emails.send_verify(user)


def sign_in(email: str, password: str, *, ip: str | None, user_agent: str | None) -> SignIn:
    """Check the password and start a session.

    Wrong email or password give one generic error, and unknown emails cost a bcrypt check too. Failures
    are throttled per typed address and client address (hallweb/auth/throttle.py): unknown addresses are
    counted and paused exactly as real ones, and a stranger's failures elsewhere never keep the owner out.
    Each attempt is counted before its password is checked, in one statement, so attempts sent at once
    cannot all be checked. Counts are flushed before raising: the caller commits them either way.
    """
    now = utcnow()
    email = normalize_email(email)
    user = find_user_by_email(email)
    attempt = throttle.count_attempt(email, ip, now)
    paused_until = throttle.refused_until(attempt, now)
    if paused_until is not None:
        check_password(None, password)
        _record_failure(user, email, "paused")
        raise AccountLocked(paused_until, now)
    matched = check_password(user.password_hash if user else None, password)  # one bcrypt check, always
    if not matched:
        _record_failure(user, email, "wrong password" if user else "unknown email")
        if user is not None:
            user.failed_login_count = User.failed_login_count + 1  # in SQL: other clients count too
            db.session.flush()
        paused_until = throttle.record_failure(attempt, now)
        if paused_until is not None:
            if user is not None and (user.locked_until is None or user.locked_until < paused_until):
                user.locked_until = paused_until
            _record_failure(user, email, None, action="auth.locked", until=paused_until, client=attempt.client)
            raise AccountLocked(paused_until, now)
        raise SignInFailed()
    throttle.forget(attempt)  # the right password: not a guess, whatever follows
    user.failed_login_count = 0
    if user.suspended_at is not None:
        audit.record(None, "auth.sign_in_failed", user, {"reason": "suspended"})
        raise AccountSuspended(user.suspension_message)
    if not user.active:
        audit.record(None, "auth.sign_in_failed", user, {"reason": "deactivated"})
        raise SignInFailed()
    if user.email_verified_at is None:
        audit.record(None, "auth.sign_in_failed", user, {"reason": "email not verified"})
        raise EmailNotVerified(user.email)
    user.last_login_at = now
    links_ended = tokens.end_tokens(user, TokenPurpose.RESET)  # the password is known: no reset is wanted
    row, raw = sessions.start_session(user, ip=ip, user_agent=user_agent)
    audit.record(user, "auth.signed_in", user, {"session_id": row.id, "reset_links_ended": links_ended})
    return SignIn(user=user, token=raw)


def _record_failure(user: User | None, email: str, reason: str | None, action="auth.sign_in_failed", **changes):
    """The audit row of a refused sign-in: on the user, or naming the typed address when none has it."""
    if reason is not None:
        changes["reason"] = reason
    if user is not None:
        audit.record(None, action, user, changes)
    else:
        audit.record(None, action, entity_type="users", changes={"email": email[:254], **changes})


def sign_out(user: User, session_token: str | None) -> None:
    live = sessions.find_live_session(session_token)
    if live is not None and live.user.id == user.id:
        db.session.get(UserSession, live.id).revoked_at = utcnow()
    audit.record(user, "auth.signed_out", user)


def request_password_reset(email: str) -> None:
    """Email a reset link if the account exists; the caller shows the same answer either way."""
    user = find_user_by_email(email)
    if user is not None and user.password_hash is not None and user.active:
        emails.send_reset(user)
        audit.record(None, "auth.password_reset_requested", user)


def reset_password(raw_token: str, password: str) -> User:
    """Set a new password from an emailed link: ends every session and every sign-in pause on the account."""
    user = tokens.find_token(raw_token, TokenPurpose.RESET).user
    check_new_password(password, [user.email, user.first_name, user.last_name])
    tokens.consume_token(raw_token, TokenPurpose.RESET)
    throttle.clear(user.email)  # before the user's row: sign-in takes these rows first, then the user's
    user.password_hash = hash_password(password)
    user.failed_login_count = 0
    user.locked_until = None
    if user.email_verified_at is None:  # the link proved the address
        user.email_verified_at = utcnow()
    ended = sessions.revoke_sessions(user)
    audit.record(user, "auth.password_reset", user, {"sessions_ended": ended})
    return user


def change_password(user: User, current_password: str, new_password: str, *, keep_session_id: int | None) -> int:
    """Change a signed-in user's password; every other session and any reset link end. Returns how many
    sessions ended."""
    if too_long(current_password) or not check_password(user.password_hash, current_password):
        raise DomainError("That is not your current password.", field="current_password")
    check_new_password(new_password, [user.email, user.first_name, user.last_name])
    user.password_hash = hash_password(new_password)
    ended = sessions.revoke_sessions(user, except_id=keep_session_id)
    links_ended = tokens.end_tokens(user, TokenPurpose.RESET)
    audit.record(user, "auth.password_changed", user, {"sessions_ended": ended, "reset_links_ended": links_ended})
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
