"""Self-service registration, email verification and resending the link."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from hallweb.audit.models import AuditLog
from hallweb.auth import services
from hallweb.auth.models import EmailToken, User
from hallweb.auth.tokens import TokenInvalid, digest
from hallweb.db.db_types import utcnow
from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.outbox import services as outbox

STRONG = "tangerine kayak on the glacier"


def register(email="ada@example.org", password=STRONG):
    return services.register_user(email=email, first_name="Ada", last_name="Byron", password=password)


def send_mail():
    """What the request cycle does: commit, then deliver what the commit released."""
    db.session.commit()
    return outbox.deliver_ready()


def verify_token_sent_to(mailbox, email):
    return mailbox.link_in(mailbox.last_to(email), "/auth/verify/").rsplit("/", 1)[1]


def user_count():
    return db.session.scalar(select(func.count()).select_from(User))


def token_row(raw):
    return db.session.scalar(select(EmailToken).where(EmailToken.token_hash == digest(raw)))


def test_registration_creates_an_unverified_member(app, mailbox):
    user = register()
    send_mail()
    assert user.email_verified_at is None
    assert user.role_names() == {"member"}
    assert user.password_hash and user.password_hash != STRONG
    created = db.session.scalars(select(AuditLog.action).where(AuditLog.entity_id == user.id)).all()
    assert "user.created" in created


def test_registration_emails_a_link_that_verifies_the_address(app, mailbox):
    user = register()
    assert send_mail() == 1
    token = verify_token_sent_to(mailbox, "ada@example.org")
    assert mailbox.link_in(mailbox.last_to("ada@example.org"), "/auth/verify/").startswith("http://hall.test/")

    assert services.verify_email(token) == user
    assert user.email_verified_at is not None


def test_registration_stores_the_email_in_lower_case(app, mailbox):
    user = register(email="  Ada.Byron@Example.ORG ")
    assert user.email == "ada.byron@example.org"
    assert services.find_user_by_email("ADA.BYRON@example.org") == user


@pytest.mark.parametrize("again", ["ada@example.org", "ADA@Example.Org"])
def test_registering_a_taken_email_creates_nothing_and_tells_the_owner(app, mailbox, again):
    register()
    send_mail()
    mailbox.clear()
    before = user_count()

    assert register(email=again, password="another good passphrase here") is None
    send_mail()

    assert user_count() == before
    message = mailbox.last_to("ada@example.org")
    assert "already have one" in mailbox.text_of(message)
    assert "/auth/verify/" not in mailbox.text_of(message)
    assert len(mailbox.messages) == 1


def test_weak_password_is_refused_with_the_reason(app, mailbox):
    with pytest.raises(DomainError) as refused:
        register(password="password1234")
    assert refused.value.field == "password"
    assert refused.value.message
    assert services.find_user_by_email("ada@example.org") is None


def test_weak_password_gets_the_same_refusal_for_a_taken_email(app, mailbox):
    """Otherwise a weak password would reveal which emails have accounts."""
    register()
    with pytest.raises(DomainError) as refused:
        register(email="ADA@example.org", password="password1234")
    assert refused.value.field == "password"


def test_verification_link_works_only_once(app, mailbox):
    register()
    send_mail()
    token = verify_token_sent_to(mailbox, "ada@example.org")
    services.verify_email(token)

    with pytest.raises(TokenInvalid) as second:
        services.verify_email(token)
    assert second.value.reason == "used"


def test_verification_link_lasts_24_hours(app, mailbox):
    register()
    send_mail()
    row = token_row(verify_token_sent_to(mailbox, "ada@example.org"))
    assert abs(row.expires_at - row.created_at - timedelta(hours=24)) < timedelta(seconds=5)


def test_verification_link_is_refused_after_it_expires(app, mailbox):
    user = register()
    send_mail()
    token = verify_token_sent_to(mailbox, "ada@example.org")
    token_row(token).expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()

    with pytest.raises(TokenInvalid) as expired:
        services.verify_email(token)
    assert expired.value.reason == "expired"
    assert user.email_verified_at is None


def test_resend_verification_sends_a_new_link_to_an_unverified_account(app, mailbox):
    register()
    send_mail()
    first = verify_token_sent_to(mailbox, "ada@example.org")

    services.resend_verification("ADA@example.org")
    assert send_mail() == 1
    second = verify_token_sent_to(mailbox, "ada@example.org")

    assert second != first
    services.verify_email(second)
    with pytest.raises(TokenInvalid):
        services.verify_email(first)


def test_resend_verification_sends_nothing_for_an_unknown_email(app, mailbox):
    services.resend_verification("nobody@example.org")
    assert send_mail() == 0
    assert mailbox.messages == []


def test_resend_verification_sends_nothing_to_a_verified_account(app, mailbox, make):
    user = make.user(verified=True)
    services.resend_verification(user.email)
    assert send_mail() == 0
    assert mailbox.messages == []


def test_a_taken_email_costs_the_same_bcrypt_work_as_a_new_one(app, monkeypatch):
    """Timing must not tell whether an address has an account: both paths hash the password once."""
    import hallweb.auth.passwords as passwords

    calls = []
    real = passwords.bcrypt.hashpw
    monkeypatch.setattr(passwords.bcrypt, "hashpw", lambda *a: calls.append(1) or real(*a))
    register("brand.new@example.org")
    new_cost = len(calls)
    register("BRAND.NEW@example.org")
    assert len(calls) - new_cost == new_cost == 1
