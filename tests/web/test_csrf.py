"""CSRF: every POST needs the token; htmx sends it in a header set once on <body>."""

import json

import pytest

from tests.html import csrf_token, input_attrs, input_value, parse
from tests.web.helpers import location, text

pytestmark = pytest.mark.csrf

EXPIRED = "Your session has expired or the form is stale. Reload the page and try again."


def sign_in_with_token(client, user, make):
    token = csrf_token(text(client.get("/auth/login")))
    response = client.post("/auth/login", data={"email": user.email, "password": make.PASSWORD, "csrf_token": token})
    assert response.status_code == 303
    return csrf_token(text(client.get("/")))


def test_tokenless_sign_in_post_gets_400_session_expired_page(client, make):
    user = make.user()
    response = client.post("/auth/login", data={"email": user.email, "password": make.PASSWORD})
    assert response.status_code == 400
    assert EXPIRED in text(response)
    assert "<html" in text(response)
    assert client.get("/").status_code == 303  # not signed in


def test_tokenless_htmx_post_gets_400_fragment_with_the_message_for_the_banner(client, make):
    response = client.hx_post("/auth/login", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400
    assert "<html" not in text(response)
    assert f'data-error-message="{EXPIRED}"' in text(response)


def test_wrong_token_is_refused(client, make):
    user = make.user()
    client.get("/auth/login")
    response = client.post(
        "/auth/login", data={"email": user.email, "password": make.PASSWORD}, headers={"X-CSRFToken": "forged"}
    )
    assert response.status_code == 400


def test_token_from_the_csrf_meta_in_the_x_csrftoken_header_is_accepted(client, make):
    user = make.user()
    token = csrf_token(text(client.get("/auth/login")))
    response = client.hx_post(
        "/auth/login", data={"email": user.email, "password": make.PASSWORD}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == "/"


def test_token_in_the_form_field_is_accepted_without_javascript(client, make):
    user = make.user()
    html = text(client.get("/auth/login"))
    field_token = input_value(html, "csrf_token")
    assert input_attrs(html, "csrf_token")["type"] == "hidden" and field_token, "the sign-in form has no csrf_token"
    response = client.post(
        "/auth/login", data={"email": user.email, "password": make.PASSWORD, "csrf_token": field_token}
    )
    assert response.status_code == 303
    assert location(response) == "/"


def test_body_hx_headers_carry_the_same_token_as_the_meta(client):
    html = text(client.get("/auth/login"))
    hx_headers = parse(html).find("body").attrs.get("hx-headers")
    assert hx_headers, "no hx-headers on <body>"
    assert json.loads(hx_headers) == {"X-CSRFToken": csrf_token(html)}


def test_signed_in_htmx_post_with_the_header_token_works_and_without_it_is_refused(client, make):
    user = make.user()
    token = sign_in_with_token(client, user, make)

    refused = client.hx_post("/account/sessions/revoke-others")
    assert refused.status_code == 400

    accepted = client.hx_post("/account/sessions/revoke-others", headers={"X-CSRFToken": token})
    assert accepted.status_code == 200
    assert 'id="sessions"' in text(accepted)


def test_sign_out_without_a_token_does_not_sign_out(client, make):
    user = make.user()
    token = sign_in_with_token(client, user, make)

    assert client.post("/auth/logout").status_code == 400
    assert client.get("/").status_code == 200

    html = text(client.get("/"))
    [sign_out_form] = [
        form for form in parse(html).find_all("form") if "sign-out" in form.attrs.get("class", "").split()
    ]
    # The form's token is signed with the second it was made in: not always the one the sign-in page had.
    form_token = input_value(sign_out_form, "csrf_token")
    assert form_token.split(".")[0] == token.split(".")[0]  # the same raw token, signed again
    response = client.post("/auth/logout", data={"csrf_token": form_token})
    assert response.status_code == 303
    assert client.get("/").status_code == 303


def test_csrf_token_does_not_expire_with_time(app):
    assert app.config["WTF_CSRF_ENABLED"] is True
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None
