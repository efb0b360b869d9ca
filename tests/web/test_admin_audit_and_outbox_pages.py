"""Admin pages for the record of what happened: the audit log, its filters, a user's history, the outbox."""

import re

import pytest
from sqlalchemy import select

from hallweb.classifications.models import Classification
from hallweb.extensions import db
from hallweb.members.services import update_member
from tests.factories import make_employer, make_member, role_id
from tests.html import (
    Element,
    element,
    element_by_id,
    field_errors,
    input_value,
    link_href,
    rows_by_id,
    select_options,
    starts_with_element,
)
from tests.web.helpers import sign_in, text


def audit_table_rows(html: str) -> list[Element]:
    return list(rows_by_id(element_by_id(html, "audit-table"), "audit").values())


def actions_in(html: str) -> set[str]:
    """The actions of the audit table's rows (each row names its action for scripts and tests)."""
    return {row.attrs["data-action"] for row in audit_table_rows(html)}


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
