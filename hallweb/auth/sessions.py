"""Server-side sign-in sessions: what makes sign-out, revocation and password change real."""

import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.orm import joinedload

from hallweb.audit import services as audit
from hallweb.auth.models import EmailToken, User, UserSession
from hallweb.auth.tokens import digest
from hallweb.db_types import utcnow
from hallweb.errors import NotFound
from hallweb.extensions import db

TOUCH_EVERY = timedelta(minutes=1)  # last_seen is written at most this often, not on every request

# The session, its user and the user's roles in one statement, run on every signed-in request. Built once:
# building it (and its cache key) costs more than running it.
_LIVE_SESSION = (
    select(UserSession)
    .options(joinedload(UserSession.user).joinedload(User.grants))
    .where(UserSession.token_hash == bindparam("token_hash"))
)


def _idle_limit() -> timedelta:
    return timedelta(hours=current_app.config["SESSION_IDLE_HOURS"])


def start_session(user: User, *, ip: str | None, user_agent: str | None) -> tuple[UserSession, str]:
    """Record a new sign-in; returns the row and the raw token for the cookie."""
    raw = secrets.token_urlsafe(32)
    now = utcnow()
    row = UserSession(
        user_id=user.id,
        token_hash=digest(raw),
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(days=current_app.config["SESSION_MAX_DAYS"]),
        ip=ip,
        user_agent=(user_agent or "")[:400] or None,
    )
    db.session.add(row)
    db.session.flush()
    return row, raw


def find_live_session(raw: str | None) -> UserSession | None:
    """The session for this cookie token if it is not revoked, not idle too long and not past its end."""
    if not raw:
        return None
    row = db.session.execute(_LIVE_SESSION, {"token_hash": digest(raw)}).unique().scalar_one_or_none()
    now = utcnow()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    if row.last_seen_at + _idle_limit() <= now:
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now  # the caller commits this small write
    return row


def live_sessions(user: User) -> list[UserSession]:
    now = utcnow()
    return db.session.scalars(
        select(UserSession)
        .where(
            UserSession.user_id == user.id,
            UserSession.revoked_at.is_(None),
            UserSession.expires_at > now,
            UserSession.last_seen_at > now - _idle_limit(),
        )
        .order_by(UserSession.last_seen_at.desc())
    ).all()


def revoke_session(user: User, session_id: int, *, actor: User) -> UserSession:
    """End one of user's sessions; another user's session is reported as not found."""
    row = db.session.get(UserSession, session_id)
    if row is None or row.user_id != user.id:
        raise NotFound("That session does not exist.")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit.record(actor, "session.revoked", user, {"session_id": row.id})
    return row


def revoke_sessions(user: User, *, except_id: int | None = None) -> int:
    """End every live session of user except one (None: all). Returns how many ended."""
    query = update(UserSession).where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
    if except_id is not None:
        query = query.where(UserSession.id != except_id)
    result = db.session.execute(query.values(revoked_at=utcnow()))
    return result.rowcount


def revoke_other_sessions(user: User, *, keep_session_id: int | None) -> int:
    """Sign out everywhere else: every session of user but the one in use."""
    ended = revoke_sessions(user, except_id=keep_session_id)
    audit.record(user, "session.others_revoked", user, {"sessions_ended": ended})
    return ended


def purge_expired() -> tuple[int, int]:
    """Delete session rows that can no longer be used and spent or expired tokens (`flask sessions purge`)."""
    now = utcnow()
    sessions = db.session.execute(
        delete(UserSession).where(
            or_(
                UserSession.revoked_at.is_not(None),
                UserSession.expires_at <= now,
                UserSession.last_seen_at <= now - _idle_limit(),
            )
        )
    ).rowcount
    tokens = db.session.execute(
        delete(EmailToken).where(or_(EmailToken.used_at.is_not(None), EmailToken.expires_at <= now))
    ).rowcount
    return sessions, tokens
