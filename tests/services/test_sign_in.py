"""Signing in: one generic failure, lockout after repeated failures, suspended and unverified accounts."""

from datetime import timedelta

import bcrypt
import pytest
from sqlalchemy import select, update

from hallweb.audit.models import AuditLog
from hallweb.auth import services
from hallweb.auth.models import SignInThrottle, UserSession
from hallweb.auth.services import AccountLocked, AccountSuspended, EmailNotVerified, SignInFailed
from hallweb.auth.sessions import find_live_session
from hallweb.db.db_types import utcnow
from hallweb.extensions import db
from tests.factories import PASSWORD


def sign_in(email, password=PASSWORD):
    return services.sign_in(email, password, ip="192.0.2.7", user_agent="pytest")


def fail(user, times):
    for _ in range(times):
        with pytest.raises((SignInFailed, AccountLocked)):
            sign_in(user.email, "not the right password")


def audit_actions(*where):
    return db.session.scalars(select(AuditLog.action).where(*where).order_by(AuditLog.id)).all()


def actions_for(user):
    return audit_actions(AuditLog.entity_type == "users", AuditLog.entity_id == user.id)


def session_count(user):
    return len(db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)).all())


@pytest.fixture
def checkpw_calls(monkeypatch):
    calls = []
    real = bcrypt.checkpw

    def counting(password, hashed):
        calls.append(hashed)
        return real(password, hashed)

    monkeypatch.setattr(bcrypt, "checkpw", counting)
    return calls


def test_unknown_email_and_wrong_password_get_the_same_message(app, make):
    user = make.user()
    with pytest.raises(SignInFailed) as unknown:
        sign_in("nobody@example.org")
    with pytest.raises(SignInFailed) as wrong:
        sign_in(user.email, "not the right password")
    assert str(unknown.value) == str(wrong.value)
    assert type(unknown.value) is type(wrong.value)


def test_unknown_email_still_costs_one_bcrypt_check(app, checkpw_calls):
    with pytest.raises(SignInFailed):
        sign_in("nobody@example.org")
    assert len(checkpw_calls) == 1


def test_wrong_password_costs_one_bcrypt_check(app, make, checkpw_calls):
    user = make.user()
    with pytest.raises(SignInFailed):
        sign_in(user.email, "not the right password")
    assert len(checkpw_calls) == 1


def test_locked_account_still_costs_one_bcrypt_check(app, make, checkpw_calls):
    user = make.user()
    fail(user, 5)
    checkpw_calls.clear()
    with pytest.raises(AccountLocked):
        sign_in(user.email)
    assert len(checkpw_calls) == 1


def test_email_is_matched_whatever_its_case(app, make):
    user = make.user()
    assert sign_in(f"  {user.email.upper()} ").user == user


def test_wrong_password_is_counted_and_audited(app, make):
    user = make.user()
    fail(user, 1)
    assert user.failed_login_count == 1
    assert actions_for(user) == ["auth.sign_in_failed"]


def test_unknown_email_failure_is_audited_without_an_entity(app):
    with pytest.raises(SignInFailed):
        sign_in("Nobody@Example.org")
    row = db.session.scalar(select(AuditLog).where(AuditLog.action == "auth.sign_in_failed"))
    assert row.entity_id is None
    assert row.changes["email"] == "nobody@example.org"


def test_fifth_failure_locks_the_account_for_30_minutes(app, make):
    user = make.user()
    fail(user, 4)
    assert user.locked_until is None

    with pytest.raises(AccountLocked) as locked:
        sign_in(user.email, "not the right password")

    expected = utcnow() + timedelta(minutes=30)
    assert abs(locked.value.until - expected) < timedelta(seconds=10)
    assert user.locked_until == locked.value.until
    assert actions_for(user).count("auth.sign_in_failed") == 5
    assert actions_for(user)[-1] == "auth.locked"


def test_locked_account_refuses_even_the_right_password(app, make):
    user = make.user()
    fail(user, 5)
    with pytest.raises(AccountLocked):
        sign_in(user.email, PASSWORD)
    assert audit_actions(AuditLog.action == "auth.signed_in") == []


def test_lock_ends_when_its_time_is_up(app, make):
    user = make.user()
    fail(user, 5)
    db.session.execute(update(SignInThrottle).values(locked_until=utcnow() - timedelta(seconds=1)))
    assert sign_in(user.email).user == user


def test_failure_limit_and_lockout_length_come_from_settings(app, make, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES", 2)
    monkeypatch.setitem(app.config, "LOGIN_LOCKOUT_MINUTES", 5)
    user = make.user()
    fail(user, 1)
    assert user.locked_until is None

    with pytest.raises(AccountLocked) as locked:
        sign_in(user.email, "not the right password")
    assert abs(locked.value.until - (utcnow() + timedelta(minutes=5))) < timedelta(seconds=10)


@pytest.mark.settings(LOGIN_MAX_FAILURES=3)
def test_failure_limit_can_be_set_when_the_app_is_created(app, make):
    user = make.user()
    fail(user, 2)
    assert user.locked_until is None
    fail(user, 1)
    assert user.locked_until is not None


def test_suspended_user_is_shown_the_suspension_message(app, make):
    user = make.user(suspended_at=utcnow(), suspension_message="Dues unpaid since March: call the office.")
    with pytest.raises(AccountSuspended) as suspended:
        sign_in(user.email)
    assert str(suspended.value) == "Dues unpaid since March: call the office."
    assert session_count(user) == 0


def test_suspended_user_with_a_wrong_password_gets_the_generic_failure(app, make):
    user = make.user(suspended_at=utcnow(), suspension_message="Suspended.")
    with pytest.raises(SignInFailed):
        sign_in(user.email, "not the right password")


def test_unverified_user_is_told_to_verify(app, make):
    user = make.user(verified=False)
    with pytest.raises(EmailNotVerified) as unverified:
        sign_in(user.email)
    assert unverified.value.email == user.email
    assert session_count(user) == 0


@pytest.mark.parametrize("password", ["x" * 73, "é" * 40, PASSWORD + "!" * 60])
def test_password_over_72_bytes_is_a_plain_failure_not_a_crash(app, make, password):
    user = make.user()
    with pytest.raises(SignInFailed):
        sign_in(user.email, password)
    with pytest.raises(SignInFailed):
        sign_in("nobody@example.org", password)


def test_success_resets_the_failure_count_and_starts_a_session(app, make):
    user = make.user()
    fail(user, 3)

    result = sign_in(user.email)

    assert user.failed_login_count == 0
    assert user.last_login_at is not None
    live = find_live_session(result.token)
    assert live is not None and live.user is user
    row = db.session.get(UserSession, live.id)
    assert (row.ip, row.user_agent) == ("192.0.2.7", "pytest")
    assert actions_for(user)[-1] == "auth.signed_in"
