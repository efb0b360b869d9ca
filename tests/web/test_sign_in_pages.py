"""Signing in and out: one generic failure message, lockout, suspension, unverified accounts, `next`."""

import pytest

from hallweb.db.db_types import utcnow
from tests.html import element, element_by_id, field_errors, input_value, links, text_of
from tests.web.helpers import GENERIC_FAILURE, TOO_LONG, is_signed_in, location, text

LOCKED = "Too many failed attempts from here. Try again in 30 minutes"


def form_errors(html: str) -> str:
    return text_of(element_by_id(html, "login-form"))


def test_sign_out_by_get_does_not_exist(client, login_as):
    login_as()
    response = client.get("/auth/logout")
    assert response.status_code == 405
    assert is_signed_in(client)


@pytest.mark.parametrize("email_of", [lambda user: user.email, lambda user: "nobody@example.org"])
def test_wrong_password_or_unknown_email_gets_one_generic_message_next_to_the_form(client, make, email_of):
    user = make.user()
    response = client.post("/auth/login", data={"email": email_of(user), "password": "not the password at all"})
    assert response.status_code == 422
    assert GENERIC_FAILURE in element(text(response), "login-form")
    assert input_value(text(response), "email") == email_of(user)
    assert not is_signed_in(client)


@pytest.mark.parametrize("password", ["a" * 73, "é" * 37, "x" * 500], ids=["73-ascii", "74-bytes-in-37-letters", "500"])
def test_over_long_password_at_sign_in_is_a_form_error_not_a_500(client, make, password):
    user = make.user()
    response = client.post("/auth/login", data={"email": user.email, "password": password})
    assert response.status_code == 422
    assert TOO_LONG in field_errors(text(response), "password")


def test_unverified_user_is_told_to_verify_and_offered_a_resend_link(client, mailbox, make):
    user = make.user(verified=False)
    response = client.post("/auth/login", data={"email": user.email, "password": make.PASSWORD})
    html = text(response)
    assert response.status_code == 422
    assert "Verify your email address first" in html
    resend = [
        link.attrs["href"]
        for link in links(element_by_id(html, "login-form"))
        if link.attrs["href"].startswith("/auth/verify/resend?email=")
    ]
    assert resend, "no resend link"

    page = client.get(resend[0])
    assert page.status_code == 200
    assert input_value(text(page), "email") == user.email
    client.post("/auth/verify/resend", data={"email": user.email})
    assert "confirm your email address" in mailbox.last_to(user.email)["Subject"]


def test_fifth_wrong_password_locks_the_account_and_the_page_says_so(client, make):
    user = make.user()
    for _ in range(4):
        response = client.post("/auth/login", data={"email": user.email, "password": "wrong password here"})
        assert GENERIC_FAILURE in text(response)
    locked = client.post("/auth/login", data={"email": user.email, "password": "wrong password here"})
    assert locked.status_code == 422
    assert LOCKED in text(locked)

    right_password = client.post("/auth/login", data={"email": user.email, "password": make.PASSWORD})
    assert right_password.status_code == 422
    assert LOCKED in text(right_password)


@pytest.mark.settings(LOGIN_MAX_FAILURES=2)
def test_lockout_threshold_is_a_setting(client, make):
    user = make.user()
    client.post("/auth/login", data={"email": user.email, "password": "wrong password here"})
    second = client.post("/auth/login", data={"email": user.email, "password": "wrong password here"})
    assert LOCKED in text(second)


def test_locked_account_page_says_locked(client, make):
    user = make.user()
    for _ in range(5):
        client.post("/auth/login", data={"email": user.email, "password": "wrong password here"})
    response = client.post("/auth/login", data={"email": user.email, "password": make.PASSWORD})
    assert response.status_code == 422
    assert LOCKED in form_errors(text(response))
    assert not is_signed_in(client)


def test_suspended_user_sees_the_suspension_message(client, make):
    message = "Your account is on hold until the dues audit ends. Call the office."
    user = make.user(suspended_at=utcnow(), suspension_message=message)
    response = client.post("/auth/login", data={"email": user.email, "password": make.PASSWORD})
    assert response.status_code == 422
    assert message in form_errors(text(response))
    assert not is_signed_in(client)


@pytest.mark.parametrize(
    ("next_value", "lands_on"),
    [
        ("/admin/users", "/admin/users"),
        ("/account/sessions?x=1", "/account/sessions?x=1"),
        ("//evil.example", "/"),
        ("https://evil.example", "/"),
        ("/\\evil", "/"),
        ("\\\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/\tevil", "/"),
    ],
    ids=[
        "local-path",
        "local-path-with-query",
        "protocol-relative",
        "absolute-url",
        "slash-backslash",
        "double-backslash",
        "javascript-scheme",
        "control-character",
    ],
)
def test_next_is_followed_only_to_a_path_on_this_site(client, make, next_value, lands_on):
    user = make.user("admin")
    response = client.post("/auth/login", data={"email": user.email, "password": make.PASSWORD, "next": next_value})
    assert response.status_code == 303
    assert response.headers["Location"] == lands_on


def test_next_from_the_sign_in_redirect_is_carried_through_the_form(client, make):
    user = make.user("admin")
    to_login = client.get("/admin/audit?action=user.")
    login_url = location(to_login)
    page = text(client.get(login_url))
    assert input_value(page, "next") == "/admin/audit?action=user."
    response = client.post(
        login_url, data={"email": user.email, "password": make.PASSWORD, "next": input_value(page, "next")}
    )
    assert response.headers["Location"] == "/admin/audit?action=user."
