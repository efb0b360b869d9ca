"""Sign-in throttle: failed sign-ins counted per email address and client address, with pauses that grow.

LOGIN_MAX_FAILURES failures in a row for one email address from one client pause that client (for that
address only) for LOGIN_LOCKOUT_MINUTES; each failure after a pause ends doubles the next one, up to a
day. Another client, such as the account's owner, is not affected, and a password reset or an admin's
unlock ends every pause on the account. Rows live in the database, so every worker sees the same counts.
"""

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import case, delete, literal, null, update
from sqlalchemy.dialects import postgresql, sqlite

from hallweb.auth.models import SignInThrottle
from hallweb.auth.tokens import digest
from hallweb.db.db_types import UTCDateTime
from hallweb.extensions import db

LONGEST_PAUSE = timedelta(days=1)
FORGET_AFTER = timedelta(days=1)  # failures older than this, with no pause running, count no more


@dataclass(frozen=True)
class Attempt:
    email_digest: str
    client: str
    failures: int  # failures in a row from this client, counting this attempt as one until it succeeds
    paused_until: datetime | None  # the client's latest pause, which may be over


def client_key(ip: str | None) -> str:
    """Who attempts are counted against: an IPv4 address, or an IPv6 address's /64 (one subscriber's
    network, inside which addresses are free to change)."""
    if not ip:
        return "unknown"
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip[:45]
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _insert():
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(SignInThrottle)


def count_attempt(email: str, ip: str | None, now: datetime) -> Attempt:
    """Count one more attempt at email's password from ip (none while the client is paused).

    One INSERT ... ON CONFLICT DO UPDATE ... RETURNING, never a read and then a write: attempts sent at
    once each get their own count, and the row stays locked until the caller commits, so the next attempt
    from this client on this address sees this one's outcome.
    """
    key, client = digest(email), client_key(ip)
    t = SignInThrottle
    paused = t.locked_until > now
    stale = t.last_failed_at <= now - FORGET_AFTER
    stmt = (
        _insert()
        .values(email_digest=key, client=client, failures=1, last_failed_at=now, locked_until=None)
        .on_conflict_do_update(
            index_elements=[t.email_digest, t.client],
            set_={
                "failures": case((paused, t.failures), (stale, 1), else_=t.failures + 1),
                "locked_until": case((stale, null()), else_=t.locked_until),
                "last_failed_at": case((paused, t.last_failed_at), else_=literal(now, UTCDateTime())),
            },
        )
        .returning(t.failures, t.locked_until)
    )
    failures, paused_until = db.session.execute(stmt).one()
    return Attempt(key, client, failures, paused_until)


def refused_until(attempt: Attempt, now: datetime) -> datetime | None:
    """The end of the pause that refuses this attempt before its password is checked, or None."""
    if attempt.paused_until is not None and attempt.paused_until > now:
        return attempt.paused_until
    if attempt.failures > current_app.config["LOGIN_MAX_FAILURES"] and attempt.paused_until is None:
        return now + _pause(attempt.failures)  # earlier attempts, still being checked, reach the limit
    return None


def record_failure(attempt: Attempt, now: datetime) -> datetime | None:
    """A wrong password: the pause it starts (when the failures reach the limit), or None."""
    if attempt.failures < current_app.config["LOGIN_MAX_FAILURES"]:
        return None
    until = now + _pause(attempt.failures)
    db.session.execute(
        update(SignInThrottle)
        .where(SignInThrottle.email_digest == attempt.email_digest, SignInThrottle.client == attempt.client)
        .values(locked_until=until)
    )
    return until


def _pause(failures: int) -> timedelta:
    beyond = min(failures - current_app.config["LOGIN_MAX_FAILURES"], 10)  # 2**10 first pauses exceed a day
    return min(timedelta(minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"]) * 2**beyond, LONGEST_PAUSE)


def forget(attempt: Attempt) -> None:
    """The right password: this client's count on this address starts again."""
    db.session.execute(
        delete(SignInThrottle).where(
            SignInThrottle.email_digest == attempt.email_digest, SignInThrottle.client == attempt.client
        )
    )


def clear(email: str) -> int:
    """End every pause and count on this address, from every client (password reset, admin unlock)."""
    return db.session.execute(delete(SignInThrottle).where(SignInThrottle.email_digest == digest(email))).rowcount
