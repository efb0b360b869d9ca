"""Emailed tokens: random, stored only as SHA-256, single use, expiring."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from hallweb.auth.models import EmailToken, TokenPurpose, User
from hallweb.db.db_types import utcnow
from hallweb.errors import DomainError
from hallweb.extensions import db


class TokenInvalid(DomainError):
    """The link is unknown, expired or already used; `reason` says which."""

    def __init__(self, reason: str, token: EmailToken | None = None):
        messages = {
            "unknown": "This link is not valid. Check that you copied the whole address.",
            "expired": "This link has expired.",
            "used": "This link has already been used.",
        }
        super().__init__(messages[reason])
        self.reason = reason
        self.token = token


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def lifetime(purpose: str) -> timedelta:
    cfg = current_app.config
    return {
        TokenPurpose.VERIFY: timedelta(hours=cfg["VERIFY_TOKEN_HOURS"]),
        TokenPurpose.RESET: timedelta(hours=cfg["RESET_TOKEN_HOURS"]),
        TokenPurpose.INVITE: timedelta(days=cfg["INVITE_TOKEN_DAYS"]),
        TokenPurpose.EMAIL_CHANGE: timedelta(hours=cfg["VERIFY_TOKEN_HOURS"]),
        TokenPurpose.SIGN_IN_EMAIL: timedelta(hours=cfg["VERIFY_TOKEN_HOURS"]),
    }[purpose]


def end_unused(user: User, *purposes: str) -> None:
    """The user's unused tokens of these purposes stop working."""
    db.session.execute(
        update(EmailToken)
        .where(EmailToken.user_id == user.id, EmailToken.purpose.in_(purposes), EmailToken.used_at.is_(None))
        .values(used_at=utcnow())
    )


def issue_token(user: User, purpose: str, *, new_email: str | None = None) -> str:
    """A new token for user; earlier unused tokens of the same purpose stop working."""
    now = utcnow()
    end_unused(user, purpose)
    raw = secrets.token_urlsafe(32)
    db.session.add(
        EmailToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=digest(raw),
            expires_at=now + lifetime(purpose),
            new_email=new_email,
        )
    )
    db.session.flush()
    return raw


def end_tokens(user: User, purpose: str) -> int:
    """End user's live tokens of this purpose (they read as expired from now on); returns how many."""
    now = utcnow()
    ended = db.session.execute(
        update(EmailToken)
        .where(
            EmailToken.user_id == user.id,
            EmailToken.purpose == purpose,
            EmailToken.used_at.is_(None),
            EmailToken.expires_at > now,
        )
        .values(expires_at=now)
    )
    return ended.rowcount


def find_token(raw: str, purpose: str) -> EmailToken:
    """The live token for raw, or TokenInvalid (unknown, expired, used)."""
    token = db.session.scalar(
        select(EmailToken).where(EmailToken.token_hash == digest(raw), EmailToken.purpose == purpose)
    )
    if token is None:
        raise TokenInvalid("unknown")
    if token.used_at is not None:
        raise TokenInvalid("used", token)
    if token.expires_at <= utcnow():
        raise TokenInvalid("expired", token)
    return token


def consume_token(raw: str, purpose: str) -> User:
    """Mark the token used (exactly once, even under concurrent clicks) and return its user."""
    token = find_token(raw, purpose)
    claimed = db.session.execute(
        update(EmailToken).where(EmailToken.id == token.id, EmailToken.used_at.is_(None)).values(used_at=utcnow())
    )
    if claimed.rowcount != 1:
        raise TokenInvalid("used", token)
    return token.user
