"""Actions not lightly undone ask first, without JavaScript too: a confirmation page says what will happen."""

from datetime import date

import pytest

from hallweb.auth.models import UserSession
from hallweb.extensions import db
from hallweb.members.linking import request_member_link
from hallweb.members.services import link_user
from hallweb.organizations.services import add_contact
from tests import factories
from tests.factories import make_employer, make_member
from tests.html import element_by_id, parse, text_of
from tests.support import fresh
from tests.web.helpers import location, signed_in_client, text


def button_form(html: str, action: str):
    """The post_button form whose htmx request posts to `action`."""
    form = parse(html).find("form", {"hx-post": action})
    assert form is not None, f"no button posting to {action}"
    return form


@pytest.fixture
def records(app, client, login_as):
    """A staff admin signed in, a member with a linked account, an organization with a contact, a second
    browser session: every destructive button has something to act on."""
    me = login_as("staff", "admin")
    member = make_member(first_name="Lucy", last_name="Parsons")
    account = factories.user("member", email="lucy@example.org")
    link_user(member, actor=me, user=account)
    org = make_employer("Acme Electric")
    contact = add_contact(org, actor=me, name="Pat Foreman")
    other = factories.user("staff")
    db.session.commit()
    signed_in_client(app, me, user_agent="Other browser")
    sessions = db.session.scalars(db.select(UserSession).where(UserSession.user_id == me.id)).all()
    return {
        "member": member,
        "org": org,
        "contact": contact,
        "other": other,
        "staff_role": next(g.role_id for g in other.grants),
        "other_session": next(s for s in sessions if s.user_agent == "Other browser"),
    }


def destructive_buttons(r):
    """(page, action, what the confirmation page says) for every destructive post_button."""
    m, o, c, u = r["member"], r["org"], r["contact"], r["other"]
    return [
        (f"/members/{m.id}", f"/members/{m.id}/archive", "An administrator can restore it."),
        (f"/members/{m.id}", f"/members/{m.id}/unlink", "The account itself stays."),
        (f"/organizations/{o.id}", f"/organizations/{o.id}/archive", "An administrator can restore it."),
        (f"/organizations/{o.id}", f"/organizations/{o.id}/contacts/{c.id}/remove", "The contact is deleted"),
        (f"/admin/users/{u.id}", f"/admin/users/{u.id}/roles/{r['staff_role']}/remove", "It can be granted again."),
        ("/account/sessions", f"/account/sessions/{r['other_session'].id}/revoke", "needs your password"),
        ("/account/sessions", "/account/sessions/revoke-others", "This browser stays signed in"),
    ]


def test_every_destructive_button_leads_to_a_confirmation_page_without_javascript(client, records):
    for page, action, says in destructive_buttons(records):
        form = button_form(client.get(page).get_data(as_text=True), action)
        # without JavaScript: a GET to the confirmation page (no CSRF token in a URL); with htmx: ask, then POST
        assert (form.attrs["method"], form.attrs["action"]) == ("get", f"{action}/confirm"), action
        assert form.attrs["hx-confirm"], action
        assert form.find("input", {"name": "csrf_token"}) is None, action

        confirm = client.get(form.attrs["action"])
        assert confirm.status_code == 200, action
        html = text(confirm)
        assert says in text_of(html), action
        confirm_form = element_by_id(html, "confirm-form")
        assert (confirm_form.attrs["method"], confirm_form.attrs["action"]) == ("post", action)
        assert confirm_form.find("button", {"type": "submit"}) is not None
        assert [a.attrs["href"] for a in confirm_form.find_all("a") if a.text == "Cancel"] == [page], action


def test_archiving_a_member_without_javascript_asks_then_archives(client, records):
    member = records["member"]
    html = text(client.get(f"/members/{member.id}/archive/confirm"))
    assert text_of(element_by_id(html, "main")).startswith("Archive Lucy Parsons?")
    assert fresh(member).archived_at is None  # asking changes nothing

    form = element_by_id(html, "confirm-form")
    values = {i.attrs["name"]: i.attrs.get("value", "") for i in form.find_all("input")}
    response = client.post(form.attrs["action"], data=values)
    assert response.status_code == 303
    assert location(response) == f"/members/{member.id}"
    assert fresh(member).archived_at is not None


def test_a_confirmation_page_for_a_missing_record_is_not_found(client, records):
    org = records["org"]
    assert client.get(f"/organizations/{org.id}/contacts/2000000000/remove/confirm").status_code == 404
    assert client.get("/account/sessions/2000000000/revoke/confirm").status_code == 404


def test_suspending_without_javascript_asks_first_and_carries_the_message(client, records):
    user = records["other"]
    asked = client.post(f"/admin/users/{user.id}/suspend", data={"message": "On hold, call the office."})
    html = text(asked)
    assert asked.status_code == 200
    assert "Suspend " + user.email + "?" in text_of(html)
    assert fresh(user).suspended_at is None

    form = element_by_id(html, "confirm-form")
    values = {i.attrs["name"]: i.attrs.get("value", "") for i in form.find_all("input")}
    assert values["message"] == "On hold, call the office."
    done = client.post(form.attrs["action"], data=values)
    assert done.status_code == 303
    stored = fresh(user)
    assert stored.suspended_at is not None and stored.suspension_message == "On hold, call the office."


def test_withdrawing_a_link_request_asks_first_without_javascript(client, login_as):
    user = login_as()
    request_member_link(user, card_number="RP1995", date_of_birth=date(1960, 2, 4))
    db.session.commit()
    form = button_form(text(client.get("/me/")), "/me/link/withdraw")
    assert (form.attrs["method"], form.attrs["action"]) == ("get", "/me/link/withdraw/confirm")

    html = text(client.get(form.attrs["action"]))
    assert "Withdraw your request to be linked?" in text_of(html)
    confirm_form = element_by_id(html, "confirm-form")
    assert confirm_form.attrs["action"] == "/me/link/withdraw"
    assert [a.attrs["href"] for a in confirm_form.find_all("a") if a.text == "Cancel"] == ["/me/"]
