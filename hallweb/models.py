"""Every domain's models, imported once for Alembic, the CLI and the tests."""

from hallweb.audit.models import AuditLog
from hallweb.auth.models import EmailToken, Role, RoleName, TokenPurpose, User, UserRole, UserSession
from hallweb.outbox.models import OutboxMessage, OutboxStatus

__all__ = [
    "AuditLog",
    "EmailToken",
    "OutboxMessage",
    "OutboxStatus",
    "Role",
    "RoleName",
    "TokenPurpose",
    "User",
    "UserRole",
    "UserSession",
]
