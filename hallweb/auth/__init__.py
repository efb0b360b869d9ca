"""Accounts: registration, email verification, sign-in, password reset, invitations."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from hallweb.auth import views  # noqa: E402,F401
