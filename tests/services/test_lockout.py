"""The sign-in throttle: failures are counted per account and client address, so a stranger elsewhere cannot
keep the owner out, and unknown addresses are answered exactly as real ones."""

from datetime import timedelta

import bcrypt
import pytest
from sqlalchemy import update

from hallweb.auth import accounts, services, tokens
from hallweb.auth.models import TokenPurpose
from hallweb.auth.services import AccountLocked, SignInFailed
from hallweb.db.db_types import utcnow
from hallweb.extensions import db
from tests.factories import PASSWORD

OWNER_IP = "192.0.2.7"
STRANGER_IP = "203.0.113.9"
WRONG = "not the right password"


def sign_in(email, password=PASSWORD, ip=OWNER_IP):
    return services.sign_in(email, password, ip=ip, user_agent="pytest")


def refusal(email, password=WRONG, ip=OWNER_IP):
    with pytest.raises((SignInFailed, AccountLocked)) as refused:
        sign_in(email, password, ip)
    return refused.value


def fail(email, times, ip=OWNER_IP):
    return [refusal(email, ip=ip) for _ in range(times)]


def end_pauses():
    """Time passes: every pause is over."""
    from hallweb.auth.models import SignInThrottle

    db.session.execute(update(SignInThrottle).values(locked_until=utcnow() - timedelta(seconds=1)))


def minutes_left(refused: AccountLocked) -> float:
    return (refused.until - utcnow()).total_seconds() / 60


@pytest.fixture
def real_checks(monkeypatch):
    """Every bcrypt check made, real or dummy."""
    calls = []
    real = bcrypt.checkpw
    monkeypatch.setattr(bcrypt, "checkpw", lambda pw, hashed: calls.append(hashed) or real(pw, hashed))
    return calls


def test_unknown_and_real_addresses_get_the_same_answers_through_the_lockout(app, make):
    user = make.user()
    real = fail(user.email, 6)
    unknown = fail("nobody@example.org", 6)
    assert [(type(e), str(e)) for e in real] == [(type(e), str(e)) for e in unknown]
    assert [type(e) for e in real] == [SignInFailed] * 4 + [AccountLocked] * 2


def test_a_paused_unknown_address_costs_the_same_bcrypt_check_as_a_real_one(app, make, real_checks):
    user = make.user()
    fail(user.email, 5)
    fail("nobody@example.org", 5)
    real_checks.clear()
    refusal(user.email, PASSWORD)
    refusal("nobody@example.org", PASSWORD)
    assert len(real_checks) == 2


def test_the_lockout_message_says_for_how_long(app, make):
    user = make.user()
    locked = fail(user.email, 5)[-1]
    assert isinstance(locked, AccountLocked)
    assert "Try again in 30 minutes" in str(locked)
    assert 29 < minutes_left(locked) <= 30


def test_a_stranger_failing_elsewhere_does_not_keep_the_owner_out(app, make):
    user = make.user()
    fail(user.email, 20, ip=STRANGER_IP)
    assert sign_in(user.email).user == user


def test_the_stranger_stays_paused_after_the_owner_signs_in(app, make):
    user = make.user()
    fail(user.email, 5, ip=STRANGER_IP)
    sign_in(user.email)
    assert isinstance(refusal(user.email, PASSWORD, ip=STRANGER_IP), AccountLocked)


def test_the_paused_address_is_refused_even_the_right_password(app, make):
    user = make.user()
    fail(user.email, 5)
    assert isinstance(refusal(user.email, PASSWORD), AccountLocked)


def test_attempts_during_a_pause_do_not_lengthen_it(app, make):
    user = make.user()
    first = fail(user.email, 5)[-1]
    later = fail(user.email, 10)[-1]
    assert later.until == first.until


def test_each_failure_after_a_pause_doubles_the_next_pause(app, make):
    user = make.user()
    fail(user.email, 5)
    end_pauses()
    assert 59 < minutes_left(refusal(user.email)) <= 60
    end_pauses()
    assert 119 < minutes_left(refusal(user.email)) <= 120


def test_a_pause_is_at_most_a_day(app, make):
    user = make.user()
    fail(user.email, 5)
    for _ in range(12):
        end_pauses()
        last = refusal(user.email)
    assert minutes_left(last) <= 24 * 60
    assert "Try again in 24 hours" in str(last)


def test_the_right_password_after_a_pause_starts_the_count_again(app, make):
    user = make.user()
    fail(user.email, 5)
    end_pauses()
    sign_in(user.email)
    assert [type(e) for e in fail(user.email, 5)] == [SignInFailed] * 4 + [AccountLocked]


def test_ipv6_addresses_of_one_network_count_together(app, make):
    user = make.user()
    for n in range(5):
        last = refusal(user.email, ip=f"2001:db8:1:2::{n + 1}")
    assert isinstance(last, AccountLocked)
    assert isinstance(refusal(user.email, PASSWORD, ip="2001:db8:1:2:ffff::9"), AccountLocked)
    assert sign_in(user.email, ip="2001:db8:1:3::1").user == user


def test_failures_a_day_old_are_forgotten(app, make):
    from hallweb.auth.models import SignInThrottle

    user = make.user()
    fail(user.email, 4)
    db.session.execute(update(SignInThrottle).values(last_failed_at=utcnow() - timedelta(days=1, minutes=1)))
    assert [type(e) for e in fail(user.email, 4)] == [SignInFailed] * 4


def test_a_password_reset_ends_every_pause_on_the_account(app, make):
    user = make.user()
    fail(user.email, 5)
    fail(user.email, 5, ip=STRANGER_IP)
    services.reset_password(tokens.issue_token(user, TokenPurpose.RESET), "plum orbit lantern quiver 47")
    assert sign_in(user.email, "plum orbit lantern quiver 47").user == user
    assert sign_in(user.email, "plum orbit lantern quiver 47", ip=STRANGER_IP).user == user


def test_unlock_by_an_admin_ends_every_pause_on_the_account(app, make):
    boss = make.user("admin")
    user = make.user()
    fail(user.email, 5)
    fail(user.email, 5, ip=STRANGER_IP)
    accounts.unlock_user(actor=boss, user=user)
    assert sign_in(user.email).user == user
    assert sign_in(user.email, ip=STRANGER_IP).user == user


@pytest.mark.settings(LOGIN_MAX_FAILURES=2, LOGIN_LOCKOUT_MINUTES=15)
def test_the_failure_limit_and_first_pause_are_settings(app, make):
    user = make.user()
    refused = fail(user.email, 2)
    assert type(refused[0]) is SignInFailed
    assert "Try again in 15 minutes" in str(refused[1])


def test_the_user_row_keeps_a_summary_for_the_admin_pages(app, make):
    user = make.user()
    fail(user.email, 2)
    paused = fail(user.email, 5, ip=STRANGER_IP)[-1]
    assert user.failed_login_count == 7
    assert user.locked_until == paused.until
    sign_in(user.email)
    assert user.failed_login_count == 0
    assert user.locked_until == paused.until  # the stranger's pause still runs
