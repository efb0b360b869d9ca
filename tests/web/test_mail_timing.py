"""Mail leaves after the response: forms never wait for a mail server or reveal an account by their timing."""

import asyncio
import re
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller
from rq import SimpleWorker
from sqlalchemy import event

from hallweb import background
from hallweb.extensions import db
from tests.support import ISOLATION_ONLY, Mailbox, free_port, require
from tests.web.helpers import REDIS_URL, page_without_csrf_token, path_of, redis_ping_ok, text

GATED_PORT = free_port()  # a mail server that accepts a message only when the test opens its gate
GATE_TIMEOUT = 5.0
QUEUE_NAME = f"hallweb-test-mail-{uuid.uuid4().hex[:8]}"


@dataclass
class GatedMailbox(Mailbox):
    gate: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        await asyncio.get_running_loop().run_in_executor(None, self.gate.wait, GATE_TIMEOUT)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def gated_mailbox():
    mailbox = GatedMailbox()
    server = Controller(mailbox, hostname="127.0.0.1", port=GATED_PORT)
    server.start()
    yield mailbox
    mailbox.gate.set()
    server.stop()


@pytest.mark.settings(MAIL_PORT=GATED_PORT)
def test_forgot_password_answers_before_the_mail_server_has_taken_the_message(app, client, make, gated_mailbox):
    user = make.user()

    response = client.post("/auth/forgot", data={"email": user.email}, wait_for_mail=False)

    assert response.status_code == 200
    assert "Check your email" in text(response)
    assert gated_mailbox.messages == []  # the server is still holding the message: the answer did not wait
    gated_mailbox.gate.set()
    message = gated_mailbox.wait_for(user.email)
    assert background.wait_idle(app)  # the sender is done with the database before the test reads it
    assert client.get(path_of(gated_mailbox.link_in(message, "/auth/reset/"))).status_code == 200


@pytest.mark.settings(MAIL_PORT=GATED_PORT)
def test_registration_answers_before_the_mail_server_has_taken_the_message(app, client, gated_mailbox):
    data = {"first_name": "Ada", "last_name": "Byron", "email": "ada@example.org"}
    data["password"] = data["confirm"] = "tangerine kayak on the glacier"

    response = client.post("/auth/register", data=data, wait_for_mail=False)

    assert response.status_code == 200
    assert gated_mailbox.messages == []
    gated_mailbox.gate.set()
    assert "/auth/verify/" in Mailbox.text_of(gated_mailbox.wait_for("ada@example.org"))
    assert background.wait_idle(app)


@contextmanager
def statements_of_this_thread():
    """The SQL the request sends (the test client runs it in this thread; the mail thread is left out)."""
    connection = db.engines[None]
    me = threading.get_ident()
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if threading.get_ident() == me and not ISOLATION_ONLY.match(statement):
            statements.append(re.sub(r"\s+", " ", statement))

    event.listen(connection, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(connection, "before_cursor_execute", record)


@pytest.mark.parametrize(
    ("url", "user_fields"),
    [("/auth/forgot", {}), ("/auth/verify/resend", {"verified": False})],
)
def test_an_address_with_an_account_costs_the_request_the_same_work_as_one_without(
    app, client, make, mailbox, url, user_fields
):
    user = make.user(**user_fields)
    answers, work = [], []
    for email in (user.email, "no.account.here@example.org"):
        with statements_of_this_thread() as statements:
            response = client.post(url, data={"email": email})
        answers.append((response.status_code, page_without_csrf_token(response).replace(email, "<email>")))
        work.append(statements)

    assert answers[0] == answers[1]
    assert work[0] == work[1]
    assert mailbox.to(user.email)  # the account's owner still gets the message
    assert mailbox.to("no.account.here@example.org") == []


@pytest.fixture
def mail_queue(app):
    require(redis_ping_ok(), "Redis")
    mail_queue = background.queue_for(app)
    yield mail_queue
    mail_queue.delete(delete_jobs=True)
    mail_queue.connection.close()


@pytest.mark.settings(MAIL_QUEUE_URL=REDIS_URL, MAIL_QUEUE_NAME=QUEUE_NAME)
def test_with_a_redis_queue_an_rq_worker_sends_the_message(app, client, make, mailbox, mail_queue):
    user = make.user()

    response = client.post("/auth/forgot", data={"email": user.email})

    assert response.status_code == 200
    assert mail_queue.count == 1  # the request only handed the job over
    assert mailbox.to(user.email) == []
    SimpleWorker([mail_queue], connection=mail_queue.connection).work(burst=True)
    message = mailbox.last_to(user.email)
    assert mail_queue.count == 0
    assert client.get(path_of(mailbox.link_in(message, "/auth/reset/"))).status_code == 200


@pytest.mark.settings(MAIL_QUEUE_URL=REDIS_URL, MAIL_QUEUE_NAME=QUEUE_NAME)
def test_flask_mail_worker_sends_what_a_request_committed(app, client, mailbox, mail_queue):
    data = {"first_name": "Ada", "last_name": "Byron", "email": "ada@example.org"}
    data["password"] = data["confirm"] = "tangerine kayak on the glacier"
    assert client.post("/auth/register", data=data).status_code == 200
    assert mail_queue.count == 1

    result = app.test_cli_runner().invoke(args=["mail", "worker", "--burst"], catch_exceptions=False)

    assert result.exit_code == 0, result.output
    assert "/auth/verify/" in Mailbox.text_of(mailbox.last_to("ada@example.org"))


def test_flask_mail_worker_if_configured_does_nothing_without_a_queue(app):
    result = app.test_cli_runner().invoke(args=["mail", "worker", "--if-configured"])
    assert (result.exit_code, result.output) == (0, "")
    assert app.test_cli_runner().invoke(args=["mail", "worker"]).exit_code != 0
