"""Queueing and delivering email: stored in the outbox first, sent after the transaction commits.

Sending happens after the response (hallweb.background): a thread or an RQ worker calls deliver().
"""

import logging
from collections.abc import Callable

from flask import current_app
from flask_mail import Message
from markupsafe import escape
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from hallweb.db.db_types import utcnow
from hallweb.extensions import db, mail
from hallweb.outbox.models import OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)

_QUEUED = "outbox_queued"  # ids added in the open transaction
_READY = "outbox_ready"  # ids whose transaction has committed

# Stands in the stored bodies for a one-time link: the link itself exists only while a message is sent.
LINK = "[one-time link, made when the message is sent]"
_link_makers: dict[str, Callable[[OutboxMessage], str]] = {}


def link_maker(purpose: str):
    """Register how to make the one-time link of `purpose` for a message (auth.emails registers them)."""

    def register(make: Callable[[OutboxMessage], str]):
        _link_makers[purpose] = make
        return make

    return register


def queue(
    recipient: str,
    subject: str,
    text_body: str,
    html_body: str,
    *,
    link_purpose: str | None = None,
    link_user_id: int | None = None,
) -> OutboxMessage:
    """Store a message; it goes out after the surrounding transaction commits (see deliver_ready).

    With link_purpose, the bodies hold LINK where the one-time link goes; sending makes the link.
    """
    if link_purpose is not None and link_purpose not in _link_makers:
        raise ValueError(f"no link maker for {link_purpose!r}")
    msg = OutboxMessage(
        recipient=recipient,
        subject=subject,
        text_body=text_body,
        html_body=html_body,
        link_purpose=link_purpose,
        link_user_id=link_user_id,
    )
    db.session.add(msg)
    db.session.flush()
    db.session.info.setdefault(_QUEUED, []).append(msg.id)
    return msg


@event.listens_for(Session, "after_commit")
def _committed(session):
    queued = session.info.pop(_QUEUED, [])
    if queued:
        session.info.setdefault(_READY, []).extend(queued)


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session, previous_transaction):
    if previous_transaction.parent is None:  # the whole transaction: its messages were never stored
        session.info.pop(_QUEUED, None)


def take_ready() -> list[int]:
    """The ids of the messages whose transaction has committed, handed over once (to be sent elsewhere)."""
    return db.session.info.pop(_READY, [])


def deliver_ready() -> int:
    """Send, now, the messages whose transaction has committed (background jobs, tests)."""
    ids = take_ready()
    return deliver(ids) if ids else 0


def deliver(ids) -> int:
    """Try each pending message once; a failure stays pending with its error. Returns how many went out."""
    sent = 0
    messages = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.PENDING)
    ).all()
    for msg in messages:
        sent += _deliver_one(msg)
    db.session.commit()
    db.session.info.pop(_READY, None)  # this commit queued nothing new
    return sent


def retry_pending() -> int:
    """Send every pending message (`flask mail retry`)."""
    ids = db.session.scalars(
        select(OutboxMessage.id).where(OutboxMessage.status == OutboxStatus.PENDING).order_by(OutboxMessage.id)
    ).all()
    return deliver(ids)


def _deliver_one(msg: OutboxMessage) -> int:
    msg.attempts += 1
    if not current_app.config.get("MAIL_SERVER"):
        # The stored text: a one-time link is never in it, so none is made (and none is logged).
        log.warning("mail (no MAIL_SERVER configured) to=%s subject=%s\n%s", msg.recipient, msg.subject, msg.text_body)
        msg.status = OutboxStatus.LOGGED
        msg.sent_at = utcnow()
        return 1
    try:
        # A savepoint: if sending fails, the token made for this attempt is undone with it.
        with db.session.begin_nested():
            text_body, html_body = msg.text_body, msg.html_body
            if msg.link_purpose:
                link = _link_makers[msg.link_purpose](msg)
                text_body, html_body = text_body.replace(LINK, link), html_body.replace(LINK, str(escape(link)))
            mail.send(Message(subject=msg.subject, recipients=[msg.recipient], body=text_body, html=html_body))
    except Exception as err:  # noqa: BLE001 - any SMTP or socket failure leaves the message queued
        log.warning("mail to %s failed: %s", msg.recipient, err)
        msg.last_error = f"{type(err).__name__}: {err}"[:1000]
        return 0
    msg.status = OutboxStatus.SENT
    msg.sent_at = utcnow()
    msg.last_error = None
    return 1
