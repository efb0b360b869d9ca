"""Changing the password while signed in: the current one is needed, other sessions end."""

from tests.html import field_errors
from tests.web.helpers import NEW_PASSWORD, is_signed_in, location, sign_in, signed_in_client, text


def test_change_password_needs_the_current_one(client, login_as):
    login_as()
    assert client.get("/account/password").status_code == 200
    response = client.post(
        "/account/password",
        data={"current_password": "not my password at all", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 422
    assert "That is not your current password." in field_errors(text(response), "current_password")


def test_change_password_refuses_a_weak_new_one_with_the_reason(client, login_as, make):
    login_as()
    response = client.post(
        "/account/password",
        data={"current_password": make.PASSWORD, "password": "password1234", "confirm": "password1234"},
    )
    assert response.status_code == 422
    assert field_errors(text(response), "password")


def test_change_password_signs_out_other_sessions_and_keeps_this_one(app, client, login_as, make):
    user = login_as()
    other_browser = signed_in_client(app, user)
    response = client.post(
        "/account/password", data={"current_password": make.PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.status_code == 303
    assert location(response) == "/account/sessions"
    assert "Other sessions signed out: 1." in text(client.get("/account/sessions"))
    assert is_signed_in(client)
    assert not is_signed_in(other_browser)

    third = app.test_client()
    assert third.post("/auth/login", data={"email": user.email, "password": make.PASSWORD}).status_code == 422
    sign_in(third, user.email, NEW_PASSWORD)
