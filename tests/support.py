"""Test plumbing shared by the fixtures: scratch databases, the SMTP server, the request client; counted SQL
statements and audit rows."""

import contextvars
import email
import email.policy
import os
import re
import secrets
import socket
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, make_url, select, text

from hallweb import background
from hallweb.audit.models import AuditLog
from hallweb.extensions import db

IN_CI = os.environ.get("CI", "").lower() == "true"


def require(available: bool, what: str):
    """A missing service fails in CI (nothing may be skipped there) and skips elsewhere."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not available")
    pytest.skip(f"{what} is not available")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ScratchDatabase:
    """A database of our own for one test run: a temp SQLite file, or a new PostgreSQL database."""

    def __init__(self, base_url: str, tmp_dir, label: str):
        self.base_url = base_url
        if base_url == "sqlite":
            self.url = f"sqlite:///{tmp_dir}/{label}.sqlite3"
            self._admin_url = None
        else:
            name = f"hallweb_{label}_{os.getpid()}_{secrets.token_hex(3)}"
            self._admin_url = make_url(base_url)
            self.url = self._admin_url.set(database=name).render_as_string(hide_password=False)
            self.name = name
            engine = create_engine(self._admin_url, isolation_level="AUTOCOMMIT")
            try:
                with engine.connect() as conn:
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
            except Exception as err:  # noqa: BLE001
                require(False, f"PostgreSQL at {base_url} ({err.__class__.__name__})")
            finally:
                engine.dispose()

    @property
    def is_postgres(self) -> bool:
        return self._admin_url is not None

    def drop(self):
        if self._admin_url is None:
            return
        engine = create_engine(self._admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        engine.dispose()


@dataclass
class Mailbox:
    """What reached the test SMTP server."""

    messages: list = field(default_factory=list)
    lock: threading.Condition = field(default_factory=threading.Condition)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(msg)
            self.lock.notify_all()
        return "250 Message accepted"

    def wait_for(self, address: str, timeout: float = 10.0):
        """The last message to address, waiting until one has arrived (mail is sent after the response)."""
        with self.lock:
            if not self.lock.wait_for(lambda: self._to(address), timeout=timeout):
                raise AssertionError(f"no message reached {address} within {timeout} s")
            return self._to(address)[-1]

    def _to(self, address: str) -> list:
        return [m for m in self.messages if address.lower() in m["To"].lower()]

    def clear(self):
        with self.lock:
            self.messages.clear()

    def to(self, address: str) -> list:
        with self.lock:
            return self._to(address)

    def last_to(self, address: str):
        found = self.to(address)
        assert found, f"no message reached {address}; got {[m['To'] for m in self.messages]}"
        return found[-1]

    @staticmethod
    def text_of(msg) -> str:
        return msg.get_body(preferencelist=("plain",)).get_content()

    @staticmethod
    def html_of(msg) -> str:
        return msg.get_body(preferencelist=("html",)).get_content()

    def link_in(self, msg, path_part: str) -> str:
        links = re.findall(r"https?://\S+", self.text_of(msg))
        matching = [link for link in links if path_part in link]
        assert matching, f"no link containing {path_part!r} in: {self.text_of(msg)}"
        return matching[0]


class SMTPServer:
    def __init__(self):
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()


class Client(FlaskClient):
    """Each request runs in an empty contextvars context, so it pushes its own app context.

    Otherwise Flask reuses the test's app context: the request would share the test's database session
    and `g` (where Flask-Login caches the current user), and sign-out would seem not to work.

    After the response, it waits until the app's background thread has sent the mail the request
    committed: that thread works on the test's one database connection, which two threads must not use
    at once. `wait_for_mail=False` returns as soon as the response has (then call background.wait_idle
    before the test touches the database again).
    """

    def open(self, *args, wait_for_mail: bool = True, **kwargs):
        kwargs.setdefault("buffered", True)  # streamed responses (CSV) are read whole, inside the request
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if wait_for_mail:
            assert background.wait_idle(self.application), "background mail jobs still running after 10 s"
        return response

    def hx_get(self, url, **kwargs):
        return self.get(url, headers={"HX-Request": "true", **kwargs.pop("headers", {})}, **kwargs)

    def hx_post(self, url, **kwargs):
        return self.post(url, headers={"HX-Request": "true", **kwargs.pop("headers", {})}, **kwargs)


ISOLATION_ONLY = re.compile(r"^\s*(BEGIN|SAVEPOINT|RELEASE|ROLLBACK)\b", re.IGNORECASE)


@contextmanager
def counted_statements():
    """The SQL statements sent while the block runs (isolation statements left out)."""
    connection = db.engines[None]  # in tests: the Connection every request's session uses
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if not ISOLATION_ONLY.match(statement):
            statements.append(statement)

    event.listen(connection, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(connection, "before_cursor_execute", record)


def audit_rows(entity, action: str | None = None) -> list[AuditLog]:
    """The audit rows about `entity` (a user, member, organization ...), oldest first; only `action`'s if given."""
    stmt = select(AuditLog).where(AuditLog.entity_type == entity.__tablename__, AuditLog.entity_id == entity.id)
    if action is not None:
        stmt = stmt.where(AuditLog.action == action)
    return list(db.session.scalars(stmt.order_by(AuditLog.id)))


def only_audit_row(entity, action: str) -> AuditLog:
    """The one audit row of `action` about `entity`."""
    rows = audit_rows(entity, action)
    assert len(rows) == 1, f"{action}: {len(rows)} rows"
    return rows[0]


def fresh(record):
    """The record as the database has it now, not the identity map's copy (requests write through their own
    sessions)."""
    db.session.expire_all()
    return db.session.get(type(record), record.id)
