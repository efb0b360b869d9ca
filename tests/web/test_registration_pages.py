"""Registering, and verifying the email address by the link in the message that reached the SMTP server."""

from datetime import timedelta

from sqlalchemy import func, select, update

from hallweb.auth.models import EmailToken, User
from hallweb.db.db_types import utcnow
from hallweb.extensions import db
from tests.html import element, field_errors
from tests.web.helpers import NEW_PASSWORD, TOO_LONG, check_email_answer, location, path_of, query_of, sign_in, text


def registration(email: str, password: str = NEW_PASSWORD, **fields) -> dict:
    return {
        "first_name": "Nadia",
        "last_name": "Verhoeven",
        "email": email,
        "password": password,
        "confirm": password,
        **fields,
    }


def user_by_email(email: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def test_register_verify_by_emailed_link_sign_in_and_sign_out(client, mailbox):
    email = "nadia.verhoeven@example.org"

    assert client.get("/auth/register").status_code == 200
    answer = client.post("/auth/register", data=registration(email))
    assert answer.status_code == 200
    assert f"We have sent a message to <strong>{email}</strong>" in element(text(answer), "check-email")

    message = mailbox.last_to(email)
    assert "confirm your email address" in message["Subject"]
    link = mailbox.link_in(message, "/auth/verify/")
    assert link.startswith("http://hall.test/auth/verify/")  # from BASE_URL, not the request's host
    assert mailbox.link_in(message, "/auth/verify/") in mailbox.html_of(message)

    refused = client.post("/auth/login", data={"email": email, "password": NEW_PASSWORD})
    assert refused.status_code == 422
    assert "Verify your email address first" in text(refused)

    verified = client.get(path_of(link))
    assert verified.status_code == 303
    assert location(verified) == "/auth/login"
    assert user_by_email(email).email_verified_at is not None
    assert "welcome" in mailbox.last_to(email)["Subject"]
    assert "Your email address is confirmed" in text(client.get("/auth/login"))

    signed_in = client.post("/auth/login", data={"email": email, "password": NEW_PASSWORD})
    assert signed_in.status_code == 303
    assert location(signed_in) == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert "Welcome, Nadia" in text(home)

    signed_out = client.post("/auth/logout")
    assert signed_out.status_code == 303
    assert location(signed_out) == "/auth/login"
    after = client.get("/")
    assert after.status_code == 303
    assert location(after).startswith("/auth/login")
    assert query_of(location(after))["next"] == "/"


def test_registering_an_existing_email_gives_the_same_answer_and_tells_the_owner_by_email(client, mailbox, make):
    owner = make.user()
    new_answer = client.post("/auth/register", data=registration("someone.new@example.org"))
    repeat_answer = client.post("/auth/register", data=registration(owner.email.upper()))

    assert check_email_answer(repeat_answer, owner.email.upper()) == check_email_answer(
        new_answer, "someone.new@example.org"
    )
    notice = mailbox.last_to(owner.email)
    assert "someone tried to register" in notice["Subject"]
    assert "/auth/forgot" in mailbox.text_of(notice)
    count = db.session.scalar(select(func.count()).select_from(User).where(User.email == owner.email))
    assert count == 1
    sign_in(client, owner.email)  # the owner's password is untouched


def test_refused_registration_does_not_reveal_whether_the_email_is_taken(client, make):
    owner = make.user()
    weak = {"password": "password1234", "confirm": "password1234"}
    for_new = client.post("/auth/register", data=registration("nobody.yet@example.org", **weak))
    for_taken = client.post("/auth/register", data=registration(owner.email, **weak))
    assert for_new.status_code == for_taken.status_code == 422
    assert field_errors(text(for_new), "password") == field_errors(text(for_taken), "password")


def test_registration_with_a_73_byte_password_is_a_form_error(client):
    response = client.post("/auth/register", data=registration("long.pw@example.org", password="é" * 37))
    assert response.status_code == 422
    assert TOO_LONG in field_errors(text(response), "password")


def test_used_verify_link_shows_a_clear_page_with_a_resend_form(client, mailbox, make):
    user = make.user(verified=False)
    client.post("/auth/verify/resend", data={"email": user.email})
    link = path_of(mailbox.link_in(mailbox.last_to(user.email), "/auth/verify/"))
    assert client.get(link).status_code == 303

    again = client.get(link)
    assert again.status_code == 400
    assert "This link has already been used." in text(again)
    assert 'id="resend-form"' in text(again)


def test_expired_verify_link_shows_a_clear_page_and_the_resend_form_sends_a_working_link(client, mailbox, make):
    user = make.user(verified=False)
    client.post("/auth/verify/resend", data={"email": user.email})
    link = path_of(mailbox.link_in(mailbox.last_to(user.email), "/auth/verify/"))
    db.session.execute(
        update(EmailToken).where(EmailToken.user_id == user.id).values(expires_at=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()

    expired = client.get(link)
    assert expired.status_code == 400
    assert "This link has expired." in text(expired)
    resend_form = element(text(expired), "resend-form")
    assert 'action="/auth/verify/resend"' in resend_form

    mailbox.clear()
    assert client.post("/auth/verify/resend", data={"email": user.email}).status_code == 200
    fresh = path_of(mailbox.link_in(mailbox.last_to(user.email), "/auth/verify/"))
    assert fresh != link
    assert client.get(fresh).status_code == 303
    assert user_by_email(user.email).email_verified_at is not None


def test_unknown_verify_link_is_a_400_page(client):
    response = client.get("/auth/verify/not-a-real-token")
    assert response.status_code == 400
    assert "This link is not valid." in text(response)


def test_resend_gives_the_same_answer_for_unknown_and_unverified_emails(client, mailbox, make):
    user = make.user(verified=False)
    known = client.post("/auth/verify/resend", data={"email": user.email})
    unknown = client.post("/auth/verify/resend", data={"email": "no.such.person@example.org"})
    assert check_email_answer(known, user.email) == check_email_answer(unknown, "no.such.person@example.org")
    assert mailbox.to(user.email)
    assert mailbox.to("no.such.person@example.org") == []
