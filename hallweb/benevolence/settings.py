"""The fund's settings (hallweb/config.py, HALLWEB_BENEVOLENCE_*), read as the rules take them."""

from decimal import Decimal

from flask import current_app

from hallweb.benevolence import rules


def level_limits() -> tuple[Decimal, ...]:
    return rules.parse_limits(current_app.config["BENEVOLENCE_LEVEL_LIMITS"])


def cap_per_application() -> Decimal:
    cap = rules.parse_amount(str(current_app.config["BENEVOLENCE_CAP_PER_APPLICATION"]))
    if cap is None:
        raise ValueError("BENEVOLENCE_CAP_PER_APPLICATION must be an amount like 7500.00")
    return cap


def award_months() -> int:
    return int(current_app.config["BENEVOLENCE_AWARD_MONTHS"])
