"""Invitations: an admin invites, the invitee sets a password by the emailed link and signs in."""

import re

from tests.web.helpers import GENERIC_FAILURE, NEW_PASSWORD, location, path_of, sign_in, text


def test_admin_invites_and_the_invitee_sets_a_password_and_signs_in(app, client, login_as, mailbox):
    login_as("admin")
    invited = client.post(
        "/admin/users/invite",
        data={
            "email": "ines.invited@example.org",
            "first_name": "Ines",
            "last_name": "Abara",
            "roles": ["member", "staff"],
        },
    )
    assert invited.status_code == 303
    assert re.fullmatch(r"/admin/users/\d+", location(invited))

    message = mailbox.last_to("ines.invited@example.org")
    assert "you are invited" in message["Subject"]
    link = path_of(mailbox.link_in(message, "/auth/invite/"))

    invitee = app.test_client()
    page = invitee.get(link)
    assert page.status_code == 200
    assert 'id="set-password-form"' in text(page)
    done = invitee.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 303
    assert location(done) == "/auth/login"

    sign_in(invitee, "ines.invited@example.org", NEW_PASSWORD)
    home = text(invitee.get("/"))
    assert "Welcome, Ines" in home
    assert "Your roles: Office staff, Member." in home
    assert invitee.get(link).status_code == 400  # the link worked once


def test_invitee_cannot_sign_in_before_setting_a_password(app, client, login_as):
    login_as("admin")
    client.post(
        "/admin/users/invite",
        data={"email": "not.yet@example.org", "first_name": "Not", "last_name": "Yet", "roles": ["member"]},
    )
    anonymous = app.test_client()
    response = anonymous.post("/auth/login", data={"email": "not.yet@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 422
    assert GENERIC_FAILURE in text(response)
