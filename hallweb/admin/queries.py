"""Selects behind the admin lists, shared by page and fragment."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from hallweb.audit.models import AuditLog
from hallweb.auth.models import Role, User, UserRole
from hallweb.db.db_types import utcnow
from hallweb.db.numbered import numbered_page
from hallweb.extensions import db
from hallweb.outbox.models import OutboxMessage

USER_STATUSES = {
    "active": "Active",
    "unverified": "Email not verified",
    "invited": "Invited, no password yet",
    "suspended": "Suspended",
    "locked": "Locked",
}
PER_PAGE = 50


def list_users(*, q: str = "", role: str = "", status: str = "", page: int = 1):
    """Users matching a prefix of email, first or last name, a held role and a status."""
    now = utcnow()
    stmt = select(User).order_by(User.last_name, User.first_name, User.id)
    if q := q.strip().lower():
        stmt = stmt.where(
            User.email.startswith(q, autoescape=True)
            | db.func.lower(User.first_name).startswith(q, autoescape=True)
            | db.func.lower(User.last_name).startswith(q, autoescape=True)
        )
    if role:
        stmt = stmt.where(
            User.grants.any(
                (UserRole.role_id == select(Role.id).where(Role.name == role).scalar_subquery())
                & (UserRole.expires_at.is_(None) | (UserRole.expires_at > now))
            )
        )
    if status == "active":
        stmt = stmt.where(User.active.is_(True), User.suspended_at.is_(None), User.email_verified_at.is_not(None))
    elif status == "unverified":
        stmt = stmt.where(User.email_verified_at.is_(None), User.password_hash.is_not(None))
    elif status == "invited":
        stmt = stmt.where(User.password_hash.is_(None))
    elif status == "suspended":
        stmt = stmt.where(User.suspended_at.is_not(None))
    elif status == "locked":
        stmt = stmt.where(User.locked_until > now)
    return numbered_page(stmt, page=page, per_page=PER_PAGE)


def list_audit(
    *,
    action: str = "",
    actor: str = "",
    entity_type: str = "",
    entity_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    page: int = 1,
):
    """Audit rows, newest first, filtered by action prefix, actor email prefix, entity and date range."""
    stmt = select(AuditLog).order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
    if action:
        stmt = stmt.where(AuditLog.action.startswith(action.strip(), autoescape=True))
    if actor:
        stmt = stmt.where(AuditLog.actor.has(User.email.startswith(actor.strip().lower(), autoescape=True)))
    if entity_type:
        stmt = stmt.where(AuditLog.entity_type == entity_type)
    if entity_id is not None:
        stmt = stmt.where(AuditLog.entity_id == entity_id)
    if since:
        stmt = stmt.where(AuditLog.created_at >= datetime.combine(since, time.min, UTC))
    if until and until < date.max:  # the last day a date can hold has no day after it: no upper bound
        stmt = stmt.where(AuditLog.created_at < datetime.combine(until + timedelta(days=1), time.min, UTC))
    return numbered_page(stmt, page=page, per_page=PER_PAGE)


def list_outbox(*, page: int = 1):
    stmt = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    return numbered_page(stmt, page=page, per_page=PER_PAGE)
