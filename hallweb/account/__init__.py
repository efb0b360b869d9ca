"""A signed-in user's own account: password and sessions."""

from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account")

from hallweb.account import views  # noqa: E402,F401
