"""One-time links (reset, verification, invitation, email change) are never stored, shown or logged."""

import logging

import pytest
from sqlalchemy import select

from hallweb.extensions import db
from hallweb.outbox import services as outbox
from hallweb.outbox.models import OutboxMessage, OutboxStatus
from tests.web.helpers import NEW_PASSWORD, path_of, signed_in_client, text
from tests.web.test_members_access import linked

STRONG = "tangerine kayak on the glacier"


def logged(caplog) -> str:
    """Every log record of the sending side (the test SMTP server, aiosmtpd's "mail.log", is the recipient)."""
    return "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("mail.log"))


def ask_for_reset(app, client, make):
    user = make.user()
    client.post("/auth/forgot", data={"email": user.email})
    return user.email, "/auth/reset/"


def register(app, client, make):
    data = {"first_name": "Ada", "last_name": "Byron", "email": "ada@example.org", "password": STRONG}
    client.post("/auth/register", data={**data, "confirm": STRONG})
    return "ada@example.org", "/auth/verify/"


def invite(app, client, make):
    admin = signed_in_client(app, make.user("admin"))
    data = {"email": "ines.invited@example.org", "first_name": "Ines", "last_name": "Abara", "roles": ["member"]}
    assert admin.post("/admin/users/invite", data=data).status_code == 303
    return "ines.invited@example.org", "/auth/invite/"


def change_email(app, client, make):
    user = make.user("member")
    linked(user, email="rosa.old@example.org")
    assert signed_in_client(app, user).post("/me/email", data={"email": "rosa.new@example.org"}).status_code == 303
    return "rosa.new@example.org", "/me/email/confirm/"


@pytest.mark.parametrize("send", [ask_for_reset, register, invite, change_email])
def test_a_one_time_link_is_in_the_message_only_never_in_the_outbox_the_admin_page_or_the_log(
    app, client, make, mailbox, caplog, send
):
    caplog.set_level(logging.DEBUG)
    recipient, path = send(app, client, make)

    link = mailbox.link_in(mailbox.last_to(recipient), path)
    token = link.rsplit("/", 1)[1]
    rows = db.session.execute(select(OutboxMessage.__table__)).all()
    assert rows
    assert [value for row in rows for value in row if token in str(value)] == []
    assert caplog.records and token not in logged(caplog)
    [stored] = [m for m in db.session.scalars(select(OutboxMessage)) if m.recipient == recipient]
    assert outbox.LINK in stored.text_body
    assert stored.status == OutboxStatus.SENT

    admin = signed_in_client(app, make.user("admin"))
    page = text(admin.get("/admin/outbox"))
    assert recipient in page
    assert token not in page
    assert "one-time link" in page


def test_the_emailed_reset_link_still_works_and_works_once(app, client, make, mailbox):
    email, _ = ask_for_reset(app, client, make)
    link = path_of(mailbox.link_in(mailbox.last_to(email), "/auth/reset/"))

    done = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 303
    assert client.get(link).status_code == 400


@pytest.mark.settings(MAIL_SERVER=None)
def test_without_a_mail_server_the_log_shows_the_message_but_no_link(app, client, make, caplog):
    caplog.set_level(logging.DEBUG)
    email, _ = ask_for_reset(app, client, make)

    assert f"to={email}" in logged(caplog)
    assert "/auth/reset/" not in logged(caplog)
    assert outbox.LINK in logged(caplog)
