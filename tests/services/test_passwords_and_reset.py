"""Forgot password, reset by emailed link, change password, accepting an invitation."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from hallweb.audit.models import AuditLog
from hallweb.auth import accounts as admin
from hallweb.auth import services, sessions
from hallweb.auth.models import EmailToken
from hallweb.auth.passwords import check_password
from hallweb.auth.tokens import TokenInvalid, digest
from hallweb.db.db_types import utcnow
from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.outbox import services as outbox
from hallweb.outbox.models import OutboxMessage
from tests.factories import PASSWORD

NEW_PASSWORD = "violet lighthouse under snow"


def send_mail():
    db.session.commit()
    return outbox.deliver_ready()


def token_mailed_to(mailbox, user, path):
    send_mail()
    return mailbox.link_in(mailbox.last_to(user.email), path).rsplit("/", 1)[1]


def reset_token_for(mailbox, user):
    services.request_password_reset(user.email)
    return token_mailed_to(mailbox, user, "/auth/reset/")


def expire(raw):
    db.session.scalar(select(EmailToken).where(EmailToken.token_hash == digest(raw))).expires_at = utcnow() - timedelta(
        seconds=1
    )
    db.session.commit()


def live_session_count(user):
    return len(sessions.live_sessions(user))


def audit_actions(user):
    return db.session.scalars(
        select(AuditLog.action).where(AuditLog.entity_type == "users", AuditLog.entity_id == user.id)
    ).all()


def test_forgot_password_emails_a_reset_link(app, make, mailbox):
    user = make.user()
    services.request_password_reset(user.email.upper())
    assert send_mail() == 1
    assert mailbox.link_in(mailbox.last_to(user.email), "/auth/reset/").startswith("http://hall.test/auth/reset/")


def test_forgot_password_for_an_unknown_email_sends_nothing_and_raises_nothing(app, mailbox):
    assert services.request_password_reset("nobody@example.org") is None
    assert send_mail() == 0
    assert mailbox.messages == []
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_reset_sets_the_new_password(app, make, mailbox):
    user = make.user()
    services.reset_password(reset_token_for(mailbox, user), NEW_PASSWORD)
    assert check_password(user.password_hash, NEW_PASSWORD)
    assert not check_password(user.password_hash, PASSWORD)
    assert "auth.password_reset" in audit_actions(user)


def test_reset_ends_every_session(app, make, mailbox):
    user = make.user()
    for _ in range(2):
        sessions.start_session(user, ip=None, user_agent=None)
    services.reset_password(reset_token_for(mailbox, user), NEW_PASSWORD)
    assert live_session_count(user) == 0


def test_reset_clears_a_lockout(app, make, mailbox):
    user = make.user(locked_until=utcnow() + timedelta(minutes=20), failed_login_count=3)
    services.reset_password(reset_token_for(mailbox, user), NEW_PASSWORD)
    assert user.locked_until is None
    assert user.failed_login_count == 0
    assert services.sign_in(user.email, NEW_PASSWORD, ip=None, user_agent=None).user == user


def test_reset_link_works_only_once(app, make, mailbox):
    user = make.user()
    token = reset_token_for(mailbox, user)
    services.reset_password(token, NEW_PASSWORD)
    with pytest.raises(TokenInvalid) as again:
        services.reset_password(token, "another fine passphrase 42")
    assert again.value.reason == "used"
    assert check_password(user.password_hash, NEW_PASSWORD)


def test_reset_link_lasts_one_hour(app, make, mailbox):
    user = make.user()
    token = reset_token_for(mailbox, user)
    row = db.session.scalar(select(EmailToken).where(EmailToken.token_hash == digest(token)))
    assert abs(row.expires_at - row.created_at - timedelta(hours=1)) < timedelta(seconds=5)

    expire(token)
    with pytest.raises(TokenInvalid) as expired:
        services.reset_password(token, NEW_PASSWORD)
    assert expired.value.reason == "expired"
    assert check_password(user.password_hash, PASSWORD)


def test_reset_with_a_weak_password_leaves_the_link_usable(app, make, mailbox):
    user = make.user()
    token = reset_token_for(mailbox, user)
    with pytest.raises(DomainError) as weak:
        services.reset_password(token, "password1234")
    assert weak.value.field == "password"
    services.reset_password(token, NEW_PASSWORD)
    assert check_password(user.password_hash, NEW_PASSWORD)


def test_change_password_needs_the_current_password(app, make):
    user = make.user()
    with pytest.raises(DomainError) as wrong:
        services.change_password(user, "not my password", NEW_PASSWORD, keep_session_id=None)
    assert wrong.value.field == "current_password"
    assert check_password(user.password_hash, PASSWORD)


def test_change_password_refuses_an_over_long_current_password(app, make):
    user = make.user()
    with pytest.raises(DomainError) as wrong:
        services.change_password(user, "x" * 80, NEW_PASSWORD, keep_session_id=None)
    assert wrong.value.field == "current_password"


def test_change_password_ends_only_the_other_sessions(app, make):
    user = make.user()
    current, current_raw = sessions.start_session(user, ip=None, user_agent=None)
    _, other_raw = sessions.start_session(user, ip=None, user_agent=None)

    assert services.change_password(user, PASSWORD, NEW_PASSWORD, keep_session_id=current.id) == 1

    assert check_password(user.password_hash, NEW_PASSWORD)
    assert sessions.find_live_session(current_raw).id == current.id
    assert sessions.find_live_session(other_raw) is None
    assert "auth.password_changed" in audit_actions(user)


def invite(mailbox, make, email="new.steward@example.org"):
    user = admin.invite_user(
        actor=make.user("admin"), email=email, first_name="Nell", last_name="Steward", roles=["staff"]
    )
    return user, token_mailed_to(mailbox, user, "/auth/invite/")


def test_accepting_an_invitation_sets_the_password_and_verifies_the_email(app, make, mailbox):
    user, token = invite(mailbox, make)
    assert user.password_hash is None and user.email_verified_at is None

    services.accept_invitation(token, NEW_PASSWORD)

    assert check_password(user.password_hash, NEW_PASSWORD)
    assert user.email_verified_at is not None
    assert services.sign_in(user.email, NEW_PASSWORD, ip=None, user_agent=None).user == user


def test_invitation_link_lasts_seven_days(app, make, mailbox):
    user, token = invite(mailbox, make)
    row = db.session.scalar(select(EmailToken).where(EmailToken.token_hash == digest(token)))
    assert abs(row.expires_at - row.created_at - timedelta(days=7)) < timedelta(seconds=5)

    expire(token)
    with pytest.raises(TokenInvalid) as expired:
        services.accept_invitation(token, NEW_PASSWORD)
    assert expired.value.reason == "expired"
    assert user.password_hash is None


def test_invitation_link_works_only_once(app, make, mailbox):
    _, token = invite(mailbox, make)
    services.accept_invitation(token, NEW_PASSWORD)
    with pytest.raises(TokenInvalid) as again:
        services.accept_invitation(token, "another fine passphrase 42")
    assert again.value.reason == "used"
