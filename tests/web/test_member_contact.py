"""A member's contact details, edited in place: the panel, its form, 422 and stale saves."""

from hallweb.extensions import db
from hallweb.members.services import update_member
from tests.factories import make_member
from tests.html import element, element_by_id, field_errors, input_value, starts_with_element, text_of
from tests.support import fresh
from tests.web.helpers import hx_trigger_events, location, text

# Contact details, click to edit


def test_contact_edit_link_under_htmx_returns_the_form_in_place_of_the_panel(client, login_as):
    login_as("staff")
    member = make_member(phone="555-111-2222")
    detail = text(client.get(f"/members/{member.id}"))
    assert f'hx-get="/members/{member.id}/contact/edit"' in element(detail, f"member-{member.id}-contact")

    response = client.hx_get(f"/members/{member.id}/contact/edit")
    html = text(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert starts_with_element(html, "form", f"member-{member.id}-contact")
    assert input_value(html, "phone") == "555-111-2222"
    assert input_value(html, "version") == str(member.version)


def test_contact_edit_opened_directly_is_a_full_page(client, login_as):
    login_as("staff")
    member = make_member()
    html = text(client.get(f"/members/{member.id}/contact/edit"))
    assert "<html" in html and f'<form id="member-{member.id}-contact"' in html


def test_saving_contact_details_under_htmx_returns_the_panel_and_triggers_member_changed(client, login_as):
    login_as("staff")
    member = make_member()
    response = client.hx_post(
        f"/members/{member.id}/contact",
        data={"phone": "555-867-5309", "city": "Terre Haute", "state": "IN", "version": str(member.version)},
    )
    html = text(response)
    assert response.status_code == 200
    assert starts_with_element(html, "section", f"member-{member.id}-contact")
    assert "555-867-5309" in html and "Terre Haute" in html
    assert "member-changed" in hx_trigger_events(response)
    stored = fresh(member)
    assert (stored.phone, stored.city, stored.version) == ("555-867-5309", "Terre Haute", 2)


def test_saving_contact_details_without_htmx_redirects_to_the_member_page(client, login_as):
    login_as("staff")
    member = make_member()
    response = client.post(f"/members/{member.id}/contact", data={"phone": "555-867-5309", "version": "1"})
    assert response.status_code == 303
    assert location(response) == f"/members/{member.id}"
    assert fresh(member).phone == "555-867-5309"


def test_invalid_contact_details_return_the_form_with_422(client, login_as):
    login_as("staff")
    member = make_member(phone="555-111-2222")
    response = client.hx_post(f"/members/{member.id}/contact", data={"phone": "call me", "version": "1"})
    html = text(response)
    assert response.status_code == 422
    assert starts_with_element(html, "form", f"member-{member.id}-contact")
    assert "Enter a phone number" in field_errors(html, "phone")
    assert input_value(html, "phone") == "call me"
    assert fresh(member).phone == "555-111-2222"


def test_stale_contact_save_is_refused(client, login_as):
    login_as("staff")
    member = make_member()
    update_member(member, actor=None, expected_version=1, phone="555-222-3333")
    db.session.commit()
    response = client.hx_post(f"/members/{member.id}/contact", data={"phone": "555-999-0000", "version": "1"})
    assert response.status_code == 422
    assert "(phone)" in text(response)
    assert fresh(member).phone == "555-222-3333"


def test_a_stale_contact_save_takes_the_stored_value_where_this_user_changed_nothing(client, login_as):
    login_as("staff")
    member = make_member(phone="555-111-2222", city="Oakland")
    update_member(member, actor=None, expected_version=1, phone="555-222-3333")
    db.session.commit()
    response = client.hx_post(
        f"/members/{member.id}/contact", data={"phone": "555-111-2222", "city": "Fresno", "version": "1"}
    )
    html = text(response)
    assert response.status_code == 422
    assert (input_value(html, "phone"), input_value(html, "city")) == ("555-222-3333", "Fresno")
    assert input_value(html, "version") == "2"
    assert "Theirs (stored now) 555-222-3333" in text_of(element_by_id(html, "phone-conflict"))
