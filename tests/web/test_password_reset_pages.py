"""A forgotten password, reset by the link in the message that reached the SMTP server."""

from datetime import timedelta

from sqlalchemy import update

from hallweb.auth.models import EmailToken
from hallweb.db.db_types import utcnow
from hallweb.extensions import db
from tests.html import element, field_errors
from tests.web.helpers import (
    NEW_PASSWORD,
    check_email_answer,
    is_signed_in,
    location,
    path_of,
    sign_in,
    signed_in_client,
    text,
)


def test_forgot_password_reset_by_emailed_link_ends_every_session_and_clears_a_lockout(app, client, mailbox, make):
    user = make.user()
    other_browser = signed_in_client(app, user)
    for _ in range(5):  # a reset also clears a lockout
        client.post("/auth/login", data={"email": user.email, "password": "wrong password here"})
    db.session.commit()

    known = client.post("/auth/forgot", data={"email": user.email})
    unknown = client.post("/auth/forgot", data={"email": "no.account@example.org"})
    assert check_email_answer(known, user.email) == check_email_answer(unknown, "no.account@example.org")
    assert mailbox.to("no.account@example.org") == []

    message = mailbox.last_to(user.email)
    assert "reset your password" in message["Subject"]
    link = path_of(mailbox.link_in(message, "/auth/reset/"))
    form = client.get(link)
    assert form.status_code == 200
    assert 'id="set-password-form"' in text(form)

    done = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 303
    assert location(done) == "/auth/login"
    assert "every session is signed out" in text(client.get("/auth/login"))

    assert not is_signed_in(other_browser)
    old = client.post("/auth/login", data={"email": user.email, "password": make.PASSWORD})
    assert old.status_code == 422
    sign_in(client, user.email, NEW_PASSWORD)
    assert is_signed_in(client)


def test_reset_link_works_once(client, mailbox, make):
    user = make.user()
    client.post("/auth/forgot", data={"email": user.email})
    link = path_of(mailbox.link_in(mailbox.last_to(user.email), "/auth/reset/"))
    assert client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 303

    again = client.get(link)
    assert again.status_code == 400
    assert "This link has already been used." in text(again)
    assert 'href="/auth/forgot"' in element(text(again), "link-failed")


def test_weak_password_on_the_reset_page_is_refused_with_the_reason_and_the_link_still_works(client, mailbox, make):
    user = make.user()
    client.post("/auth/forgot", data={"email": user.email})
    link = path_of(mailbox.link_in(mailbox.last_to(user.email), "/auth/reset/"))

    weak = client.post(link, data={"password": "password1234", "confirm": "password1234"})
    assert weak.status_code == 422
    assert field_errors(text(weak), "password")

    assert client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 303


def test_expired_reset_link_is_a_clear_page(client, mailbox, make):
    user = make.user()
    client.post("/auth/forgot", data={"email": user.email})
    link = path_of(mailbox.link_in(mailbox.last_to(user.email), "/auth/reset/"))
    db.session.execute(
        update(EmailToken).where(EmailToken.user_id == user.id).values(expires_at=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()
    response = client.get(link)
    assert response.status_code == 400
    assert "This link has expired." in text(response)
