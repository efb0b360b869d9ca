"""Grievance pages: the list, filing, the case page and its moves, a member's own cases, the holiday list."""

from flask import Blueprint

bp = Blueprint("grievances", __name__, url_prefix="/grievances")

from hallweb.grievances import cards  # noqa: E402, F401 - registers the home card and the member panel
from hallweb.grievances.views import case, holidays, lists  # noqa: E402, F401 - their routes
