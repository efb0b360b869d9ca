"""Request size: an over-large body is refused before anything reads it, and over-long fields are refused
before the costly validators (email syntax) see them."""

import email_validator
import pytest

from tests.html import field_errors
from tests.web.helpers import text

TOO_LARGE = "That is more than this form can take."
HUGE = "a" * 2_000_000 + "@example.org"  # well past the limit, far short of what a probe would send

FORMS = [
    ("/auth/login", {"email": HUGE, "password": "not a password"}),
    ("/auth/forgot", {"email": HUGE}),
    ("/auth/verify/resend", {"email": HUGE}),
    ("/auth/register", {"first_name": "A", "last_name": "B", "email": HUGE, "password": "x", "confirm": "x"}),
]


@pytest.mark.parametrize(("url", "data"), FORMS)
def test_an_over_large_form_gets_a_413_page(client, url, data):
    response = client.post(url, data=data)
    assert response.status_code == 413
    assert "<html" in text(response)
    assert TOO_LARGE in text(response)


def test_an_over_large_htmx_post_gets_a_413_fragment(client):
    response = client.hx_post("/auth/login", data=FORMS[0][1])
    assert response.status_code == 413
    assert "<html" not in text(response)
    assert f'data-error-message="{TOO_LARGE}' in text(response)


def test_an_over_large_multipart_field_gets_a_413(client):
    body = f'--b\r\nContent-Disposition: form-data; name="email"\r\n\r\n{HUGE}\r\n--b--\r\n'
    response = client.post("/auth/login", data=body.encode(), content_type="multipart/form-data; boundary=b")
    assert response.status_code == 413


def test_a_normal_sign_in_form_is_not_refused_for_its_size(client, make):
    user = make.user()
    response = client.post("/auth/login", data={"email": user.email, "password": make.PASSWORD, "pad": "x" * 20_000})
    assert response.status_code == 303


@pytest.mark.parametrize("url", ["/auth/login", "/auth/forgot", "/auth/verify/resend", "/auth/register"])
def test_an_over_long_email_is_refused_by_length_before_the_email_check_runs(client, monkeypatch, url):
    calls = []
    real = email_validator.validate_email
    monkeypatch.setattr(email_validator, "validate_email", lambda *a, **kw: calls.append(a) or real(*a, **kw))
    response = client.post(url, data={"email": "a" * 5_000 + "@example.org", "password": "x"})
    assert response.status_code == 422
    assert "cannot be longer than 254 characters" in field_errors(text(response), "email")
    assert calls == []


@pytest.mark.csrf
def test_an_over_large_form_gets_its_413_before_the_csrf_check(client):
    response = client.post("/auth/login", data=FORMS[0][1])
    assert response.status_code == 413
    assert TOO_LARGE in text(response)
