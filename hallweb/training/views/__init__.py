"""Pre-apprenticeship training pages: one module per noun, all on this blueprint."""

from flask import Blueprint

bp = Blueprint("training", __name__, url_prefix="/training")

from hallweb.training.views import attendance, catalogue, gradebook, my_sessions, schedule, students  # noqa: E402, F401 - routes register on bp
