"""Server-side sign-in sessions: what makes sign-out, revocation and password change real."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, bindparam, delete, inspect, or_, select, update
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.util import identity_key

from hallweb.audit import services as audit
from hallweb.auth.models import EmailToken, Role, User, UserRole, UserSession
from hallweb.auth.tokens import digest
from hallweb.db.db_types import utcnow
from hallweb.db.plain_rows import plain_rows
from hallweb.errors import NotFound
from hallweb.extensions import db

TOUCH_EVERY = timedelta(minutes=1)  # last_seen is written at most this often, not on every request

# The session, its user's columns and the roles the user holds now: one statement, run on every signed-in
# request, read as plain rows (one per role held, or one with no role). Built once: it runs on every request.
_USER_COLUMNS = [attr.key for attr in inspect(User).column_attrs]
_LIVE_SESSION = (
    select(
        UserSession.id.label("session_id"),
        UserSession.revoked_at.label("session_revoked_at"),
        UserSession.expires_at.label("session_expires_at"),
        UserSession.last_seen_at.label("session_last_seen_at"),
        Role.name.label("role_name"),
        *[getattr(User, key) for key in _USER_COLUMNS],
    )
    .join(User, User.id == UserSession.user_id)
    .outerjoin(
        UserRole,
        and_(UserRole.user_id == User.id, or_(UserRole.expires_at.is_(None), UserRole.expires_at > bindparam("now"))),
    )
    .outerjoin(Role, Role.id == UserRole.role_id)
    .where(UserSession.token_hash == bindparam("token_hash"))
)


@dataclass(frozen=True)
class LiveSession:
    id: int
    user: User
    touch_due: bool  # last_seen_at is a minute old or more: the caller records this use (touch)


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


def find_live_session(raw: str | None) -> LiveSession | None:
    """The session for this cookie token if it is not revoked, not idle too long and not past its end."""
    if not raw:
        return None
    now = utcnow()
    rows = plain_rows(_LIVE_SESSION, {"token_hash": digest(raw), "now": now}).all()
    row = rows[0] if rows else None
    if row is None or row.session_revoked_at is not None or row.session_expires_at <= now:
        return None
    if row.session_last_seen_at + _idle_limit() <= now:
        return None
    return LiveSession(
        id=row.session_id,
        user=_user_of(row, {r.role_name for r in rows if r.role_name}),
        touch_due=now - row.session_last_seen_at >= TOUCH_EVERY,
    )


def touch(live: LiveSession) -> None:
    """Record that the session is in use now: it is written at most once a minute, not on every request."""
    db.session.execute(update(UserSession).where(UserSession.id == live.id).values(last_seen_at=utcnow()))


def _user_of(row, held_roles: set[str]) -> User:
    """The row's user as a User of this session, made from the columns already read (no second query)."""
    user = db.session.identity_map.get(identity_key(User, row.id))
    if user is None:
        user = User(**{key: getattr(row, key) for key in _USER_COLUMNS})
        make_transient_to_detached(user)  # as if loaded: persistent once added, nothing to write
        db.session.add(user)
    user.held_roles = frozenset(held_roles)
    return user


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
