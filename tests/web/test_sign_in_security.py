"""The sign-in page under attack: pauses per account and address, the same answers for unknown addresses."""

import re
from datetime import timedelta
from email.utils import parsedate_to_datetime

from hallweb.db.db_types import utcnow
from tests.web.helpers import element, is_signed_in, path_of, sign_in, text

PAUSED = "Too many failed attempts from here. Try again in 30 minutes, or reset your password."


def attempt(client, email, password="wrong password here"):
    return client.post("/auth/login", data={"email": email, "password": password})


def form_answer(response, email):
    """The re-rendered form's text with the typed address taken out, so answers for two addresses compare."""
    return re.sub(r"<[^>]+>", " ", element(text(response), "login-form")).replace(email, "EMAIL")


def client_at(app, address):
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = address
    return other


def test_the_sixth_attempt_gets_the_same_page_for_real_and_unknown_addresses(client, make):
    user = make.user()
    real = [attempt(client, user.email) for _ in range(6)]
    unknown = [attempt(client, "nobody@example.org") for _ in range(6)]
    assert [r.status_code for r in real] == [r.status_code for r in unknown] == [422] * 6
    assert [form_answer(r, user.email) for r in real] == [form_answer(r, "nobody@example.org") for r in unknown]
    assert PAUSED in text(real[4])


def test_a_stranger_pausing_an_account_leaves_its_owner_free_to_sign_in(app, make):
    user = make.user()
    stranger, owner = client_at(app, "203.0.113.9"), client_at(app, "192.0.2.7")
    for _ in range(10):
        attempt(stranger, user.email)
    assert PAUSED in text(attempt(stranger, user.email, make.PASSWORD))
    sign_in(owner, user.email)
    assert is_signed_in(owner)
    assert not is_signed_in(stranger)


def test_a_reset_link_asked_for_before_signing_in_is_dead_after(client, make, mailbox):
    user = make.user()
    client.post("/auth/forgot", data={"email": user.email})
    link = path_of(mailbox.link_in(mailbox.last_to(user.email), "/auth/reset/"))
    sign_in(client, user.email)
    response = client.get(link)
    assert response.status_code == 400
    assert "This link has expired." in text(response)


def session_cookie(response) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("hallweb_session=")]
    assert len(cookies) == 1, response.headers.getlist("Set-Cookie")
    return cookies[0]


def test_the_sign_in_form_offers_keep_me_signed_in_unticked(client):
    html = text(client.get("/auth/login"))
    box = re.search(r'<input\b[^>]*\bname="remember"[^>]*>', html)
    assert box, "no remember checkbox"
    assert 'type="checkbox"' in box.group(0) and "checked" not in box.group(0)
    assert "Keep me signed in" in html


def test_without_keep_me_signed_in_the_cookie_ends_with_the_browser(client, make):
    user = make.user()
    cookie = session_cookie(sign_in(client, user.email))
    assert "Expires=" not in cookie and "Max-Age=" not in cookie
    assert is_signed_in(client)


def test_with_keep_me_signed_in_the_cookie_lasts_as_long_as_the_session(client, make):
    user = make.user()
    cookie = session_cookie(sign_in(client, user.email, remember="y"))
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie).group(1))
    assert abs(expires - (utcnow() + timedelta(days=14))) < timedelta(minutes=1)
    assert is_signed_in(client)
