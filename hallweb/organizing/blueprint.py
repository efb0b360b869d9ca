"""The organizing blueprint; its routes live in activity_views and campaign_views, split by noun."""

from flask import Blueprint

from hallweb.organizing.models import OUTCOME_LABELS, TYPE_LABELS

bp = Blueprint("organizing", __name__, url_prefix="/organizing")
# Rows of activity are drawn from plain rows (codes): their words, wherever a row is drawn (the home card too).
bp.add_app_template_global(TYPE_LABELS, "activity_type_labels")
bp.add_app_template_global(OUTCOME_LABELS, "activity_outcome_labels")

from hallweb.organizing import activity_views, campaign_views  # noqa: E402, F401 - registers the routes
