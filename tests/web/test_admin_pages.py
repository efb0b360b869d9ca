"""Admin pages: the users list, creating and inviting users, roles, suspension, unlocking, audit log, outbox."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from hallweb.auth.models import Role, User
from hallweb.auth.services import grant_role_by_name
from hallweb.classifications.models import Classification
from hallweb.db.db_types import utcnow
from hallweb.extensions import db
from hallweb.members.services import update_member
from tests.factories import make_employer, make_member
from tests.html import (
    Element,
    element,
    element_by_id,
    field_errors,
    input_value,
    link_href,
    parse,
    row_ids,
    rows_by_id,
    select_options,
    starts_with_element,
)
from tests.web.helpers import NEW_PASSWORD, is_signed_in, location, sign_in, signed_in_client, text


def user_rows(html: str) -> set[int]:
    return set(row_ids(element_by_id(html, "user-table"), "user"))


def audit_table_rows(html: str) -> list[Element]:
    return list(rows_by_id(element_by_id(html, "audit-table"), "audit").values())


def actions_in(html: str) -> set[str]:
    """The actions of the audit table's rows (each row names its action for scripts and tests)."""
    return {row.attrs["data-action"] for row in audit_table_rows(html)}


def role_id(name: str) -> int:
    return db.session.scalar(select(Role.id).where(Role.name == name))


def reload(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


@pytest.fixture
def admin(login_as):
    return login_as("admin")


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


# Audit log and outbox


def test_audit_log_records_admin_and_sign_in_events_and_filters_by_action_and_actor(app, client, admin, make):
    user = make.user()
    browser = app.test_client()
    browser.post("/auth/login", data={"email": user.email, "password": "wrong password here"})
    sign_in(browser, user.email)
    client.post(f"/admin/users/{user.id}/roles", data={"role": "staff"})
    client.post(f"/admin/users/{user.id}/roles/{role_id('staff')}/remove")
    client.post(f"/admin/users/{user.id}/suspend", data={"message": "On hold.", "confirmed": "yes"})
    client.post(f"/admin/users/{user.id}/unsuspend")
    client.post(f"/admin/users/{user.id}/unlock")
    client.post(
        "/admin/users/invite",
        data={"email": "audit.invitee@example.org", "first_name": "Ava", "last_name": "Dit", "roles": ["member"]},
    )

    everything = actions_in(text(client.get("/admin/audit")))
    assert {
        "auth.sign_in_failed",
        "auth.signed_in",
        "user.role_granted",
        "user.role_removed",
        "user.suspended",
        "user.unsuspended",
        "user.unlocked",
        "user.created",
        "user.invited",
    } <= everything

    suspended = client.get("/admin/audit?action=user.suspended")
    assert actions_in(text(suspended)) == {"user.suspended"}
    assert "On hold." in text(suspended)
    fragment = client.hx_get("/admin/audit?action=user.")
    assert "<html" not in text(fragment)
    assert actions_in(text(fragment)) == {
        "user.role_granted",
        "user.role_removed",
        "user.suspended",
        "user.unsuspended",
        "user.unlocked",
        "user.created",
        "user.invited",
    }

    by_user = text(client.get(f"/admin/audit?actor={user.email[:12]}"))
    assert actions_in(by_user) == {"auth.signed_in"}
    by_admin = text(client.get(f"/admin/audit?actor={admin.email}"))
    assert "user.suspended" in actions_in(by_admin)
    assert "auth.sign_in_failed" not in actions_in(by_admin)
    assert all(admin.email in row.outer_html for row in audit_table_rows(by_admin))


def test_audit_log_reads_in_plain_words_and_links_to_the_records(client, login_as, make):
    staff = make.user("staff", first_name="Frances", last_name="Perkins")
    first, second = make.classification_ids()[:2]
    member = make_member(first_name="Rosa", last_name="Parks", classification_id=first)
    update_member(member, actor=staff, expected_version=member.version, classification_id=second)
    acme = make_employer("Acme Electric")
    db.session.commit()
    admin = login_as("admin", timezone="America/Chicago")
    client.post(f"/admin/users/{staff.id}/roles", data={"role": "officer"})

    html = text(client.get("/admin/audit"))
    rows = {row.attrs["data-action"]: row for row in reversed(audit_table_rows(html))}  # the newest of each
    names = dict(db.session.execute(select(Classification.id, Classification.name)).all())

    updated = rows["member.updated"]
    assert f"Classification changed from {names[first]} to {names[second]}" in updated.text
    assert "Frances Perkins" in updated.text and staff.email in updated.text  # admins see the actor's email
    assert "version" not in updated.text and "classification_id" not in updated.text
    assert link_href(updated, "Member Rosa Parks") == f"/members/{member.id}"
    assert link_href(rows["organization.created"], "Organization Acme Electric") == f"/organizations/{acme.id}"
    granted = rows["user.role_granted"]  # the officer role, just now
    assert "Role Officer granted" in granted.text and admin.full_name in granted.text
    assert link_href(granted, "User account Frances Perkins") == f"/admin/users/{staff.id}"
    assert re.search(r"\d\d/\d\d/\d{4} \d{1,2}:\d\d [AP]M C[SD]T", granted.text)  # the viewer's zone, named
    assert "IP address" in html


def test_audit_filter_offers_actions_and_record_types_by_name(client, admin, make):
    user = make.user()
    client.post(f"/admin/users/{user.id}/roles", data={"role": "staff"})
    html = text(client.get("/admin/audit"))
    actions = [(value, label) for value, label, _ in select_options(html, "action")]
    assert actions[0] == ("", "Anything")
    assert ("member.updated", "Member updated") in actions and ("user.", "Any user account change") in actions
    assert "member.updated" not in {label for _, label in actions}
    types = [(value, label) for value, label, _ in select_options(html, "entity_type")]
    assert {("members", "Member"), ("organizations", "Organization"), ("users", "User account")} <= set(types)

    chosen = text(client.get("/admin/audit?action=user.role_granted&entity_type=users"))
    assert actions_in(chosen) == {"user.role_granted"}
    assert ("user.role_granted", "Role granted", True) in select_options(chosen, "action")


def test_audit_filter_refuses_a_from_date_after_the_to_date_next_to_the_field(client, admin):
    url = "/admin/audit?since=2026-03-02&until=2026-03-01"
    page = client.get(url)
    assert page.status_code == 422
    assert "The From date is after the To date." in field_errors(text(page), "since")
    assert 'id="audit-table"' not in text(page)
    fragment = client.hx_get(url)
    assert fragment.status_code == 422
    assert "<html" not in text(fragment) and starts_with_element(text(fragment), "div", "audit-log")
    assert "The From date is after the To date." in field_errors(text(fragment), "since")
    assert input_value(text(fragment), "until") == "2026-03-01"  # what was typed stays
    assert client.get("/admin/audit?since=2026-03-01&until=2026-03-01").status_code == 200  # one day


@pytest.mark.parametrize(
    "query", ["until=9999-12-31", "since=0001-01-01", "since=0001-01-01&until=9999-12-31", "until=0001-01-01"]
)
def test_absurd_audit_dates_are_said_and_left_out_not_a_500(client, admin, query):
    response = client.get(f"/admin/audit?{query}")
    assert response.status_code == 200
    field = query.split("=")[0]
    assert "Enter a date between 1900 and 2999." in field_errors(text(response), field)
    assert 'id="audit-table"' in text(response)


def test_user_detail_shows_that_users_history(client, admin, make):
    user = make.user()
    client.post(f"/admin/users/{user.id}/roles", data={"role": "instructor"})
    history = element(text(client.get(f"/admin/users/{user.id}")), "user-panel")
    assert "Role Instructor granted" in history


def test_outbox_page_lists_sent_messages(client, admin, mailbox):
    client.post(
        "/admin/users/invite",
        data={"email": "outbox.reader@example.org", "first_name": "Otto", "last_name": "Box", "roles": ["member"]},
    )
    assert mailbox.last_to("outbox.reader@example.org")
    for response in (client.get("/admin/outbox"), client.hx_get("/admin/outbox")):
        table = element(text(response), "outbox-table")
        assert "To outbox.reader@example.org" in table
        assert "you are invited" in table
        assert ">Sent<" in table  # the status badge


@pytest.mark.parametrize("url", ["/admin/users", "/admin/audit", "/admin/outbox", "/admin/users/new"])
def test_non_admins_get_403_on_admin_pages(client, login_as, url):
    login_as("officer", "staff", "member")
    response = client.get(url)
    assert response.status_code == 403
    assert "You do not have access to this page." in text(response)
