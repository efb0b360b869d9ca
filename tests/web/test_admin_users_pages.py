"""Admin pages for user accounts: the users list, creating and inviting users, roles, suspension, unlocking,
and who may open the admin pages."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from hallweb.auth.models import User
from hallweb.auth.services import grant_role_by_name
from hallweb.db.db_types import utcnow
from hallweb.extensions import db
from tests.factories import role_id
from tests.html import (
    element,
    element_by_id,
    field_errors,
    input_value,
    parse,
    row_ids,
    rows_by_id,
    starts_with_element,
)
from tests.web.helpers import NEW_PASSWORD, is_signed_in, location, sign_in, signed_in_client, text


def user_rows(html: str) -> set[int]:
    return set(row_ids(element_by_id(html, "user-table"), "user"))


def reload(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


# Users list


def test_users_list_searches_by_prefix_of_name_or_email_as_page_and_fragment(client, admin, make):
    by_first = make.user(first_name="Zephyrine", last_name="Quill")
    by_last = make.user(first_name="Amos", last_name="Zephyrson")
    by_email = make.user(email="zephyr.organizer@example.org")
    other = make.user(first_name="Bea", last_name="Onophry")  # contains "phy", but not at the start

    page = client.get("/admin/users?q=Zeph")
    fragment = client.hx_get("/admin/users?q=Zeph")
    assert "<html" in text(page)
    assert "<html" not in text(fragment)
    for response in (page, fragment):
        assert user_rows(text(response)) == {by_first.id, by_last.id, by_email.id}
    assert input_value(text(page), "q") == "Zeph"

    assert other.id not in user_rows(text(client.get("/admin/users?q=phy")))
    assert "No user matches these filters." in text(client.hx_get("/admin/users?q=nobody-starts-like-this"))


def test_users_list_filters_by_role_and_ignores_expired_grants(client, admin, make):
    officer = make.user("officer")
    member = make.user("member")
    expired = make.user()
    grant_role_by_name(expired, "officer", actor=None, expires_at=utcnow() - timedelta(days=1))
    db.session.commit()

    for response in (client.get("/admin/users?role=officer"), client.hx_get("/admin/users?role=officer")):
        rows = user_rows(text(response))
        assert officer.id in rows
        assert member.id not in rows
        assert expired.id not in rows


@pytest.mark.parametrize("status", ["active", "unverified", "invited", "suspended", "locked"])
def test_users_list_filters_by_status(client, admin, make, status):
    users = {
        "active": make.user(),
        "unverified": make.user(verified=False),
        "invited": make.user(password=None, verified=False),
        "suspended": make.user(suspended_at=utcnow(), suspension_message="On hold."),
        "locked": make.user(locked_until=utcnow() + timedelta(minutes=30)),
    }
    rows = user_rows(text(client.hx_get(f"/admin/users?status={status}")))
    assert users[status].id in rows
    also_matching = {"active": {"locked"}}.get(status, set())  # a locked account is still an active one
    others = {u.id for name, u in users.items() if name != status and name not in also_matching}
    assert rows.isdisjoint(others), status


def test_users_list_with_an_unknown_filter_value_still_answers(client, admin):
    response = client.get("/admin/users?role=emperor&status=whatever&page=-3")
    assert response.status_code == 200
    assert 'id="user-table"' in text(response)


# Creating users


def test_admin_creates_a_verified_user_who_can_sign_in_at_once(app, client, admin):
    response = client.post(
        "/admin/users/new",
        data={
            "email": "Carmen.Created@Example.org",
            "first_name": "Carmen",
            "last_name": "Ruiz",
            "roles": ["staff"],
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 303
    detail = client.get(location(response))
    assert "carmen.created@example.org" in text(detail)
    assert "User carmen.created@example.org created." in text(detail)

    browser = app.test_client()
    sign_in(browser, "carmen.created@example.org", NEW_PASSWORD)
    assert "Your roles: Office staff." in text(browser.get("/"))


def test_creating_a_user_with_a_weak_password_shows_the_reason_next_to_the_field(client, admin):
    response = client.hx_post(
        "/admin/users/new",
        data={
            "email": "weak@example.org",
            "first_name": "Wendy",
            "last_name": "Weak",
            "roles": ["member"],
            "password": "password1234",
            "confirm": "password1234",
        },
    )
    html = text(response)
    assert response.status_code == 422
    assert starts_with_element(html, "form", "new-user-form")
    assert field_errors(html, "password")
    assert input_value(html, "email") == "weak@example.org"
    assert db.session.scalar(select(User).where(User.email == "weak@example.org")) is None


def test_creating_a_user_with_a_taken_email_is_refused_next_to_the_email(client, admin, make):
    taken = make.user()
    response = client.post(
        "/admin/users/new",
        data={
            "email": taken.email,
            "first_name": "Dup",
            "last_name": "Licate",
            "roles": ["member"],
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 422
    assert "An account with this email already exists." in field_errors(text(response), "email")


def test_invite_form_shows_role_checkboxes_with_member_ticked(client, admin):
    html = text(client.get("/admin/users/invite"))
    assert any("checked" in box.attrs for box in parse(html).find_all("input", {"value": "member"}))
    assert 'value="officer"' in html


# Roles


def test_admin_grants_a_role_with_an_expiry(client, admin, make):
    user = make.user()
    expires = date.today() + timedelta(days=30)
    response = client.hx_post(
        f"/admin/users/{user.id}/roles", data={"role": "officer", "expires_on": expires.isoformat()}
    )
    html = text(response)
    assert response.status_code == 200
    assert starts_with_element(html, "section", "user-panel")
    assert "Role Officer granted." in html
    officer_rows = [row for row in rows_by_id(html, "grant").values() if row.find("td").text == "Officer"]
    assert officer_rows, "no Officer row in the panel"
    assert expires.strftime("%m/%d/%Y") in officer_rows[0].outer_html
    assert "officer" in reload(user).role_names()


def test_granting_a_role_that_expired_already_is_refused_next_to_the_date(client, admin, make):
    user = make.user()
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    response = client.post(f"/admin/users/{user.id}/roles", data={"role": "officer", "expires_on": yesterday})
    assert response.status_code == 422
    assert "The expiry must be in the future." in field_errors(text(response), "expires_on")
    assert "officer" not in reload(user).role_names()


def test_admin_removes_a_role(client, admin, make):
    user = make.user("organizer", "member")
    response = client.hx_post(f"/admin/users/{user.id}/roles/{role_id('organizer')}/remove")
    assert response.status_code == 200
    assert "Role removed." in text(response)
    assert reload(user).role_names() == {"member"}


def test_the_last_admin_cannot_lose_the_admin_role(client, admin):
    response = client.post(f"/admin/users/{admin.id}/roles/{role_id('admin')}/remove")
    assert response.status_code == 403
    assert "The last administrator cannot lose the admin role." in text(response)
    assert "admin" in reload(admin).role_names()


# Suspension and lockout


def test_admin_suspends_with_a_message_which_signs_the_user_out_and_is_shown_at_sign_in(app, client, admin, make):
    user = make.user()
    users_browser = signed_in_client(app, user)
    message = "Suspended while the local reviews the complaint. Call the office."

    response = client.hx_post(f"/admin/users/{user.id}/suspend", data={"message": message})
    html = text(response)
    assert response.status_code == 200
    assert "Suspended" in element(html, "user-panel")
    assert message in html
    assert "is suspended and signed out everywhere." in html

    assert not is_signed_in(users_browser)
    refused = users_browser.post("/auth/login", data={"email": user.email, "password": make.PASSWORD})
    assert refused.status_code == 422
    assert message in text(refused)

    lifted = client.hx_post(f"/admin/users/{user.id}/unsuspend")
    assert lifted.status_code == 200
    assert "may sign in again." in text(lifted)
    assert "Active" in text(lifted)
    sign_in(users_browser, user.email)


def test_suspending_needs_a_message(client, admin, make):
    user = make.user()
    response = client.post(f"/admin/users/{user.id}/suspend", data={"message": ""})
    assert response.status_code == 422
    assert field_errors(text(response), "message")
    assert reload(user).suspended_at is None


def test_admin_cannot_suspend_their_own_account(client, admin):
    response = client.post(f"/admin/users/{admin.id}/suspend", data={"message": "Oops", "confirmed": "yes"})
    assert response.status_code == 422  # shown on the suspend form
    assert "You cannot suspend your own account." in element(text(response), "suspend-form")
    assert reload(admin).suspended_at is None
    assert is_signed_in(client)


def test_admin_unlocks_a_locked_account(app, client, admin, make):
    user = make.user(locked_until=utcnow() + timedelta(minutes=30), failed_login_count=0)
    detail = text(client.get(f"/admin/users/{user.id}"))
    assert "Locked" in element(detail, "user-panel")
    assert f'action="/admin/users/{user.id}/unlock"' in detail

    response = client.hx_post(f"/admin/users/{user.id}/unlock")
    assert response.status_code == 200
    assert "is unlocked." in text(response)
    assert f'action="/admin/users/{user.id}/unlock"' not in text(response)
    sign_in(app.test_client(), user.email)


# Who may open the admin pages


@pytest.mark.parametrize("url", ["/admin/users", "/admin/audit", "/admin/outbox", "/admin/users/new"])
def test_non_admins_get_403_on_admin_pages(client, login_as, url):
    login_as("officer", "staff", "member")
    response = client.get(url)
    assert response.status_code == 403
    assert "You do not have access to this page." in text(response)
