"""Pre-apprenticeship training: the local's settings (hallweb/config.py) as the math takes them, and the hall's date."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask import current_app

from hallweb.training.attendance_math import AtRiskPolicy
from hallweb.training.grading import parse_scale


def at_risk_policy() -> AtRiskPolicy:
    cfg = current_app.config
    return AtRiskPolicy(Decimal(str(cfg["TRAINING_AT_RISK_RATE"])), int(cfg["TRAINING_AT_RISK_AFTER"]))


def letter_scale():
    return parse_scale(current_app.config["TRAINING_LETTER_SCALE"])


def hall_now() -> datetime:
    """Now on the hall's wall clock: sessions are timetabled in it."""
    return datetime.now(ZoneInfo(current_app.config["DEFAULT_TIMEZONE"]))


def hall_today() -> date:
    return hall_now().date()
