"""Creating and editing a member: page and fragment forms, 422 re-renders, stale edits refused."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from hallweb.extensions import db
from hallweb.members.models import Member
from hallweb.members.services import update_member
from tests.factories import classification_ids, make_member
from tests.html import (
    element_by_id,
    field_errors,
    input_attrs,
    input_value,
    parse,
    select_options,
    starts_with_element,
    text_of,
)
from tests.support import fresh
from tests.web.helpers import location, signed_in_client, text


def profile_data(member: Member, **changes) -> dict:
    """The full create/edit form as the browser would post it for this member."""
    data = {
        "card_number": member.card_number,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "date_of_birth": member.date_of_birth.isoformat() if member.date_of_birth else "",
        "email": member.email or "",
        "phone": member.phone or "",
        "address_line1": member.address_line1 or "",
        "address_line2": member.address_line2 or "",
        "city": member.city or "",
        "state": member.state or "",
        "postal_code": member.postal_code or "",
        "classification_id": str(member.classification_id),
        "status": member.status,
        "initiation_date": "",
        "home_local": member.home_local or "",
        "notes": member.notes or "",
        "version": str(member.version),
    }
    data.update(changes)
    return data


def new_member_data(**changes) -> dict:
    data = {
        "card_number": "N1001",
        "first_name": "Lucy",
        "last_name": "Parsons",
        "date_of_birth": "1961-03-08",
        "email": "lucy@example.org",
        "phone": "555-867-5309",
        "classification_id": str(classification_ids()[0]),
        "status": "active",
    }
    data.update(changes)
    return data


def test_new_member_form_is_a_page_and_a_fragment(client, login_as):
    login_as("staff")
    page = text(client.get("/members/new"))
    fragment = text(client.hx_get("/members/new"))
    assert "<html" in page and 'id="member-form"' in page
    assert "<html" not in fragment and starts_with_element(fragment, "form", "member-form")


def test_creating_a_member_redirects_to_the_member_page(client, login_as):
    login_as("staff")
    response = client.post("/members/new", data=new_member_data())
    assert response.status_code == 303
    member = db.session.scalar(select(Member).where(Member.card_number == "N1001"))
    assert member is not None and member.email == "lucy@example.org"
    assert location(response) == f"/members/{member.id}"
    page = text(client.get(location(response)))
    assert "Lucy Parsons" in page and "Member Lucy Parsons added." in page


def test_creating_a_member_under_htmx_redirects_with_hx_redirect(client, login_as):
    login_as("staff")
    response = client.hx_post("/members/new", data=new_member_data())
    member = db.session.scalar(select(Member).where(Member.card_number == "N1001"))
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == f"/members/{member.id}"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "Enter an email address"),
        ({"phone": "call me"}, "phone", "Enter a phone number"),
        ({"date_of_birth": (date.today() + timedelta(days=1)).isoformat()}, "date_of_birth", "future"),
        ({"card_number": "dup-7"}, "card_number", "Another member already has this card number."),
        ({"email": "Taken@Example.org"}, "email", "Another member already uses this email address."),
        ({"last_name": ""}, "last_name", "required"),
    ],
)
def test_invalid_new_member_rerenders_the_form_with_422_and_the_error_beside_the_field(
    client, login_as, changes, field, message
):
    login_as("staff")
    make_member(card_number="DUP-7", email="taken@example.org")
    before = db.session.scalar(select(db.func.count(Member.id)))

    page = client.post("/members/new", data=new_member_data(**changes))
    assert page.status_code == 422
    assert "<html" in text(page)
    assert message in field_errors(text(page), field)
    assert 'aria-invalid="true"' in text(page)

    fragment = client.hx_post("/members/new", data=new_member_data(**changes))
    assert fragment.status_code == 422
    assert starts_with_element(text(fragment), "form", "member-form")
    assert message in field_errors(text(fragment), field)
    assert input_value(text(fragment), "first_name") == "Lucy"  # the user's input is kept

    db.session.expire_all()
    assert db.session.scalar(select(db.func.count(Member.id))) == before


def test_editing_a_member_saves_and_redirects(client, login_as):
    login_as("staff")
    member = make_member(first_name="Eugen", last_name="Debs")
    form = text(client.get(f"/members/{member.id}/edit"))
    assert input_value(form, "version") == "1"
    response = client.post(f"/members/{member.id}/edit", data=profile_data(member, first_name="Eugene"))
    assert response.status_code == 303
    assert location(response) == f"/members/{member.id}"
    stored = fresh(member)
    assert stored.first_name == "Eugene" and stored.version == 2


def test_edit_from_a_stale_version_is_refused_naming_the_changed_fields(client, login_as):
    login_as("staff")
    member = make_member(first_name="Eugene", last_name="Debs", phone="555-000-1111")
    opened = text(client.get(f"/members/{member.id}/edit"))
    stale_version = input_value(opened, "version")

    # meanwhile someone else changes the phone and the city
    update_member(member, actor=None, expected_version=member.version, phone="555-222-3333", city="Terre Haute")
    db.session.commit()

    response = client.post(
        f"/members/{member.id}/edit",
        data=profile_data(member, version=stale_version, phone="555-000-1111", city="", first_name="Gene"),
    )
    html = text(response)
    assert response.status_code == 422
    assert "Someone else changed this record while you were editing it (city, phone)" in html
    stored = fresh(member)
    assert (stored.first_name, stored.phone, stored.city) == ("Eugene", "555-222-3333", "Terre Haute")
    assert stored.version == 2
    assert input_value(html, "version") == "2"  # saving again is a deliberate overwrite


def test_after_a_stale_edit_untouched_fields_take_the_stored_value_and_saving_again_keeps_them(client, login_as):
    login_as("staff")
    member = make_member(first_name="Eugene", last_name="Debs", phone="555-000-1111")
    opened = profile_data(member)

    # meanwhile someone else changes the phone and the city
    update_member(member, actor=None, expected_version=member.version, phone="555-222-3333", city="Terre Haute")
    db.session.commit()

    response = client.hx_post(f"/members/{member.id}/edit", data={**opened, "last_name": "Dobbs"})
    html = text(response)
    assert response.status_code == 422
    # the fields this user left as they were hold the stored values, with theirs and yours beside them
    assert (input_value(html, "phone"), input_value(html, "city")) == ("555-222-3333", "Terre Haute")
    assert input_value(html, "last_name") == "Dobbs"
    phone_note = text_of(element_by_id(html, "phone-conflict"))
    assert "Theirs (stored now) 555-222-3333" in phone_note and "Yours 555-000-1111" in phone_note
    assert "now holds theirs" in phone_note
    assert "Yours (empty)" in text_of(element_by_id(html, "city-conflict"))
    assert "phone-conflict" in input_attrs(html, "phone")["aria-describedby"]
    assert 'id="last_name-conflict"' not in html  # nobody else changed it

    form = parse(html).find("form", {"id": "member-form"})
    resubmitted = {el.attrs["name"]: el.attrs.get("value", "") for el in form.find_all("input", {"name": None})}
    again = client.hx_post(f"/members/{member.id}/edit", data={**opened, **resubmitted})
    assert again.status_code == 200 and "HX-Redirect" in again.headers
    stored = fresh(member)
    assert (stored.last_name, stored.phone, stored.city, stored.version) == ("Dobbs", "555-222-3333", "Terre Haute", 3)


def test_a_field_changed_on_both_sides_keeps_yours_shows_theirs_and_saving_again_keeps_yours(client, login_as):
    login_as("staff")
    member = make_member(first_name="Eugene", last_name="Debs", phone="555-000-1111")
    opened = profile_data(member)
    update_member(member, actor=None, expected_version=member.version, phone="555-222-3333")
    db.session.commit()

    response = client.hx_post(f"/members/{member.id}/edit", data={**opened, "phone": "555-444-5555"})
    html = text(response)
    assert response.status_code == 422
    assert input_value(html, "phone") == "555-444-5555"
    note = text_of(element_by_id(html, "phone-conflict"))
    assert "Theirs (stored now) 555-222-3333" in note and "Yours 555-444-5555" in note
    assert "saving again keeps yours" in note
    assert fresh(member).phone == "555-222-3333"

    again = client.hx_post(f"/members/{member.id}/edit", data={**opened, "phone": "555-444-5555", "version": "2"})
    assert again.status_code == 200
    assert fresh(member).phone == "555-444-5555"


def test_a_pick_list_changed_by_someone_else_is_shown_by_its_label(client, login_as):
    login_as("staff")
    member = make_member(status="active")
    opened = profile_data(member)
    update_member(member, actor=None, expected_version=member.version, status="retired")
    db.session.commit()

    html = text(client.hx_post(f"/members/{member.id}/edit", data={**opened, "notes": "mine"}))
    assert "Theirs (stored now) Retired" in text_of(element_by_id(html, "status-conflict"))
    assert ("retired", "Retired", True) in select_options(html, "status")


def test_stale_edit_by_a_second_browser_is_refused(app, client, login_as):
    staff = login_as("staff")
    member = make_member(first_name="Eugene", last_name="Debs")
    other = signed_in_client(app, staff)
    data = profile_data(member)
    assert other.post(f"/members/{member.id}/edit", data={**data, "home_local": "Local 9"}).status_code == 303

    response = client.hx_post(f"/members/{member.id}/edit", data={**data, "notes": "mine"})
    assert response.status_code == 422
    assert starts_with_element(text(response), "form", "member-form")
    assert "(home local)" in text(response)
    stored = fresh(member)
    assert (stored.home_local, stored.notes) == ("Local 9", None)
