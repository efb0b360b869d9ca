"""Pre-apprenticeship training: the local's settings (hallweb/config.py) as the math takes them."""

from decimal import Decimal

from flask import current_app

from hallweb.training.attendance_math import AtRiskPolicy
from hallweb.training.grading import parse_scale


def at_risk_policy() -> AtRiskPolicy:
    cfg = current_app.config
    return AtRiskPolicy(Decimal(str(cfg["TRAINING_AT_RISK_RATE"])), int(cfg["TRAINING_AT_RISK_AFTER"]))


def letter_scale():
    return parse_scale(current_app.config["TRAINING_LETTER_SCALE"])
