"""The outbox: mail goes out only after its transaction commits, survives SMTP outages, is logged without SMTP."""

import logging

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from hallweb.auth.models import EmailToken
from hallweb.auth.services import find_user_by_email, request_password_reset, reset_password
from hallweb.extensions import db
from hallweb.outbox import services as outbox
from hallweb.outbox.models import OutboxMessage, OutboxStatus
from tests.support import Mailbox, free_port

DOWN_PORT = free_port()  # nothing listens here until a test starts a server on it


def queue(recipient="someone@example.org", subject="Hall news"):
    return outbox.queue(recipient, subject, "plain body", "<p>html body</p>")


def all_messages():
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_message_is_sent_after_its_transaction_commits(app, mailbox):
    msg = queue()
    assert outbox.deliver_ready() == 0  # not committed yet
    assert mailbox.messages == []

    db.session.commit()
    assert outbox.deliver_ready() == 1

    assert mailbox.last_to("someone@example.org")["Subject"] == "Hall news"
    assert (msg.status, msg.attempts, msg.last_error) == (OutboxStatus.SENT, 1, None)
    assert msg.sent_at is not None


def test_message_queued_in_a_rolled_back_transaction_is_never_sent(app, mailbox):
    queue()
    db.session.rollback()
    db.session.commit()

    assert outbox.deliver_ready() == 0
    assert outbox.retry_pending() == 0
    assert mailbox.messages == []
    assert all_messages() == []


def test_message_is_sent_once_only(app, mailbox):
    queue()
    db.session.commit()
    outbox.deliver_ready()
    assert outbox.deliver_ready() == 0
    assert outbox.retry_pending() == 0
    assert len(mailbox.messages) == 1


@pytest.mark.settings(MAIL_PORT=DOWN_PORT)
def test_message_stays_pending_while_smtp_is_down_and_retry_sends_it(app):
    msg = queue()
    db.session.commit()

    assert outbox.deliver_ready() == 0
    assert (msg.status, msg.attempts) == (OutboxStatus.PENDING, 1)
    assert msg.last_error

    back = Mailbox()
    server = Controller(back, hostname="127.0.0.1", port=DOWN_PORT)
    server.start()
    try:
        assert outbox.retry_pending() == 1
    finally:
        server.stop()
    assert (msg.status, msg.attempts, msg.last_error) == (OutboxStatus.SENT, 2, None)
    assert back.last_to("someone@example.org")["Subject"] == "Hall news"


@pytest.mark.settings(MAIL_PORT=DOWN_PORT)
def test_registration_succeeds_while_smtp_is_down(app, client):
    response = client.post(
        "/auth/register",
        data={
            "first_name": "Ada",
            "last_name": "Byron",
            "email": "ada@example.org",
            "password": "tangerine kayak on the glacier",
            "confirm": "tangerine kayak on the glacier",
        },
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert find_user_by_email("ada@example.org") is not None
    [msg] = all_messages()
    assert (msg.recipient, msg.status, msg.attempts) == ("ada@example.org", OutboxStatus.PENDING, 1)
    assert msg.last_error


@pytest.mark.settings(MAIL_SERVER=None)
def test_without_a_mail_server_messages_are_logged(app, mailbox, caplog):
    msg = queue(subject="Logged only")
    db.session.commit()
    with caplog.at_level(logging.WARNING, logger="hallweb.outbox.services"):
        assert outbox.deliver_ready() == 1

    assert msg.status == OutboxStatus.LOGGED
    assert msg.sent_at is not None
    assert "Logged only" in caplog.text
    assert mailbox.messages == []


@pytest.mark.settings(MAIL_PORT=DOWN_PORT)
def test_a_reset_message_retried_after_an_outage_carries_a_fresh_link_that_works(app, make):
    user = make.user()
    request_password_reset(user.email)
    db.session.commit()

    assert outbox.deliver_ready() == 0
    [msg] = all_messages()
    assert outbox.LINK in msg.text_body
    assert db.session.scalars(select(EmailToken).where(EmailToken.user_id == user.id)).all() == []  # undone

    back = Mailbox()
    server = Controller(back, hostname="127.0.0.1", port=DOWN_PORT)
    server.start()
    try:
        assert outbox.retry_pending() == 1
    finally:
        server.stop()
    token = back.link_in(back.last_to(user.email), "/auth/reset/").rsplit("/", 1)[1]
    reset_password(token, "plum orbit lantern quiver 47")
    assert outbox.LINK in msg.text_body and token not in msg.text_body + msg.html_body
