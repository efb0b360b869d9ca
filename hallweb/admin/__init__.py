"""Administration: user accounts, roles, suspensions, the audit log and the outbox."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from hallweb.admin import views  # noqa: E402,F401
