"""The members blueprint: the list, a member's record, their jobs, their sign-in account."""

from flask import Blueprint

bp = Blueprint("members", __name__, url_prefix="/members")

from hallweb.members.views import accounts, jobs, listing, record  # noqa: E402, F401 - their routes join bp
