"""Certificate validity: one pure function, with worked examples; default expiry per type, leap day included."""

from datetime import date

import pytest

from hallweb.certifications.validity import Validity, add_years, days_left, default_expiry, validity_of

TODAY = date(2026, 12, 3)
YEARS = {"cpr": 2, "first_aid": 2, "forklift": 3, "aerial_lift": 3, "hazmat": 1, "flagger": 3, "osha_10": None}


@pytest.mark.parametrize(
    ("status", "expiry", "expected"),
    [
        ("active", date(2026, 12, 3), Validity.ACTIVE),  # expires today: still valid all day
        ("active", date(2026, 12, 2), Validity.EXPIRED),  # expired yesterday
        ("active", date(2027, 1, 1), Validity.ACTIVE),
        ("active", None, Validity.ACTIVE),  # no expiry: valid until revoked
        ("revoked", date(2030, 1, 1), Validity.REVOKED),  # in date, but revoked
        ("revoked", date(2020, 1, 1), Validity.REVOKED),  # revoked says more than expired
        ("pending", None, Validity.PENDING),
        ("pending", date(2020, 1, 1), Validity.PENDING),  # not issued yet: not "expired"
        ("renewed", date(2020, 1, 1), Validity.RENEWED),  # the old one of a renewal
    ],
)
def test_validity_worked_examples(status, expiry, expected):
    assert validity_of(status, expiry, TODAY) is expected


def test_an_active_certificate_turns_expired_the_day_after_its_expiry_without_any_change():
    expiry = date(2027, 6, 30)
    assert validity_of("active", expiry, date(2027, 6, 30)) is Validity.ACTIVE
    assert validity_of("active", expiry, date(2027, 7, 1)) is Validity.EXPIRED


def test_days_left_counts_to_the_expiry_date():
    assert days_left(date(2026, 12, 3), TODAY) == 0
    assert days_left(date(2027, 1, 2), TODAY) == 30
    assert days_left(date(2026, 12, 1), TODAY) == -2
    assert days_left(None, TODAY) is None


@pytest.mark.parametrize(
    ("kind", "issued", "expected"),
    [
        ("cpr", date(2026, 3, 15), date(2028, 3, 15)),
        ("first_aid", date(2026, 3, 15), date(2028, 3, 15)),
        ("forklift", date(2025, 1, 31), date(2028, 1, 31)),
        ("aerial_lift", date(2025, 1, 31), date(2028, 1, 31)),
        ("hazmat", date(2026, 5, 1), date(2027, 5, 1)),
        ("flagger", date(2026, 5, 1), date(2029, 5, 1)),
        ("osha_10", date(2026, 5, 1), None),  # none federally unless the local sets it
        ("osha_30", date(2026, 5, 1), None),  # not in the setting at all
        ("confined_space", date(2026, 5, 1), None),
        ("other", date(2026, 5, 1), None),
    ],
)
def test_default_expiry_per_type(kind, issued, expected):
    assert default_expiry(kind, issued, YEARS) == expected


def test_a_local_may_give_osha_cards_five_years():
    assert default_expiry("osha_10", date(2026, 5, 1), {**YEARS, "osha_10": 5}) == date(2031, 5, 1)


def test_leap_day_issue_expires_on_28_february_of_a_common_year():
    assert default_expiry("cpr", date(2024, 2, 29), YEARS) == date(2026, 2, 28)
    assert default_expiry("hazmat", date(2024, 2, 29), YEARS) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)  # leap year to leap year keeps the day


def test_years_past_9999_stop_at_the_last_date():
    assert add_years(date(9998, 6, 1), 3) == date.max


@pytest.mark.parametrize("years", [0, -1, True, "2", None])
def test_a_setting_that_is_not_a_positive_number_of_years_means_no_expiry(years):
    assert default_expiry("cpr", date(2026, 1, 1), {"cpr": years}) is None
