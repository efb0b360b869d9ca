"""An organization's contacts (add, edit, remove) and its detail page: current employees, history, 404."""

import json
from datetime import date

import pytest
from sqlalchemy import select

from hallweb.extensions import db
from hallweb.organizations.models import Contact, Organization
from hallweb.organizations.services import add_contact
from tests.factories import give_job, make_employer, make_member
from tests.html import element, field_errors, input_value, starts_with_element
from tests.web.helpers import location, text


def contact_of(org: Organization, name: str) -> Contact:
    return db.session.scalar(select(Contact).where(Contact.organization_id == org.id, Contact.name == name))


# Contacts


def test_adding_a_contact_returns_the_contacts_panel(client, login_as):
    login_as("organizer")
    acme = make_employer("Acme Electric")
    response = client.hx_post(
        f"/organizations/{acme.id}/contacts",
        data={
            "new-name": "Dana Foreman",
            "new-title": "Superintendent",
            "new-email": "Dana@Acme.example",
            "new-phone": "555-200-3000",
        },
    )
    html = text(response)
    assert response.status_code == 200
    assert starts_with_element(html, "section", f"organization-{acme.id}-contacts")
    assert "Dana Foreman" in html and "dana@acme.example" in html
    assert "organization-changed" in json.loads(response.headers["HX-Trigger"])
    contact = contact_of(acme, "Dana Foreman")
    assert (contact.title, contact.email) == ("Superintendent", "dana@acme.example")


def test_adding_a_contact_without_htmx_redirects_to_the_organization(client, login_as):
    login_as("staff")
    acme = make_employer("Acme Electric")
    response = client.post(f"/organizations/{acme.id}/contacts", data={"new-name": "Dana Foreman"})
    assert response.status_code == 303
    assert location(response) == f"/organizations/{acme.id}"
    assert contact_of(acme, "Dana Foreman") is not None


def test_contact_with_a_bad_email_is_refused_inside_the_contacts_panel(client, login_as):
    login_as("organizer")
    acme = make_employer("Acme Electric")
    response = client.hx_post(
        f"/organizations/{acme.id}/contacts", data={"new-name": "Dana Foreman", "new-email": "dana at acme"}
    )
    html = text(response)
    assert response.status_code == 422
    assert starts_with_element(html, "section", f"organization-{acme.id}-contacts")
    panel = element(html, f"organization-{acme.id}-contacts")
    assert "Enter an email address" in field_errors(panel, "new-email")
    assert input_value(panel, "new-name") == "Dana Foreman"
    assert contact_of(acme, "Dana Foreman") is None

    page = client.post(f"/organizations/{acme.id}/contacts", data={"new-name": "Dana", "new-email": "dana at acme"})
    assert page.status_code == 422
    assert "<html" in text(page)
    assert "Enter an email address" in field_errors(
        element(text(page), f"organization-{acme.id}-contacts"), "new-email"
    )


@pytest.fixture
def acme_with_contact(app):
    acme = make_employer("Acme Electric")
    contact = add_contact(acme, actor=None, name="Dana Foreman", email="dana@acme.example")
    db.session.commit()
    return acme, contact


def test_contact_edit_link_returns_the_panel_with_the_edit_form(client, login_as, acme_with_contact):
    login_as("organizer")
    acme, contact = acme_with_contact
    url = f"/organizations/{acme.id}/contacts/{contact.id}/edit"
    detail = text(client.get(f"/organizations/{acme.id}"))
    assert f'hx-get="{url}"' in detail

    response = client.hx_get(url)
    html = text(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert starts_with_element(html, "section", f"organization-{acme.id}-contacts")
    row = element(html, f"contact-{contact.id}")
    assert f'action="{url}"' in row
    assert input_value(row, "edit-name") == "Dana Foreman"
    assert input_value(row, "edit-email") == "dana@acme.example"

    page = client.get(url)
    assert "<html" in text(page) and f'action="{url}"' in text(page)


def test_editing_a_contact_saves_it_and_returns_the_panel(client, login_as, acme_with_contact):
    login_as("staff")
    acme, contact = acme_with_contact
    response = client.hx_post(
        f"/organizations/{acme.id}/contacts/{contact.id}/edit",
        data={"edit-name": "Dana Foreman", "edit-title": "General foreman", "edit-email": "dana@acme.example"},
    )
    assert response.status_code == 200
    row = element(text(response), f"contact-{contact.id}")
    assert "General foreman" in row and 'name="edit-name"' not in row  # back to the plain row
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).title == "General foreman"


def test_editing_a_contact_with_a_bad_email_keeps_the_edit_form_with_the_error(client, login_as, acme_with_contact):
    login_as("staff")
    acme, contact = acme_with_contact
    response = client.hx_post(
        f"/organizations/{acme.id}/contacts/{contact.id}/edit", data={"edit-name": "Dana Foreman", "edit-email": "nope"}
    )
    assert response.status_code == 422
    row = element(text(response), f"contact-{contact.id}")
    assert "Enter an email address" in field_errors(row, "edit-email")
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).email == "dana@acme.example"


def test_removing_a_contact(client, login_as, acme_with_contact):
    login_as("organizer")
    acme, contact = acme_with_contact
    contact_id = contact.id
    response = client.hx_post(f"/organizations/{acme.id}/contacts/{contact_id}/remove")
    assert response.status_code == 200
    assert f'id="contact-{contact_id}"' not in text(response)
    assert "No contacts yet." in text(response)
    db.session.expire_all()
    assert db.session.get(Contact, contact_id) is None
    assert "Contact Dana Foreman removed" in element(
        text(client.get(f"/organizations/{acme.id}")), f"organization-{acme.id}-history"
    )


def test_a_contact_of_another_organization_is_not_found(client, login_as, acme_with_contact):
    login_as("staff")
    _, contact = acme_with_contact
    other = make_employer("Brightline Power")
    assert client.get(f"/organizations/{other.id}/contacts/{contact.id}/edit").status_code == 404
    assert client.post(f"/organizations/{other.id}/contacts/{contact.id}/remove").status_code == 404
    db.session.expire_all()
    assert db.session.get(Contact, contact.id) is not None


# Detail page


def test_detail_page_lists_members_employed_there_now_but_not_former_ones(client, login_as):
    login_as("organizer")
    acme = make_employer("Acme Electric")
    elsewhere = make_employer("Brightline Power")
    current = make_member(first_name="Rosa", last_name="Parks", card_number="RP1")
    former = make_member(first_name="Lucy", last_name="Parsons", card_number="LP1")
    moved = make_member(first_name="Eugene", last_name="Debs", card_number="ED1")
    give_job(current, acme, start=date(2021, 3, 1))
    give_job(former, acme, start=date(2018, 1, 1), end=date(2020, 6, 30))
    give_job(moved, acme, start=date(2017, 1, 1), end=date(2019, 1, 1))
    give_job(moved, elsewhere, start=date(2019, 2, 1))

    response = client.get(f"/organizations/{acme.id}")
    assert response.status_code == 200
    employees = element(text(response), f"organization-{acme.id}-employees")
    assert "Parks, Rosa" in employees
    assert "Parsons" not in employees and "Debs" not in employees
    assert "Debs, Eugene" in element(
        text(client.get(f"/organizations/{elsewhere.id}")), f"organization-{elsewhere.id}-employees"
    )


def test_detail_page_shows_the_organizations_history(client, login_as):
    login_as("staff")
    acme = make_employer("Acme Electric")
    client.post(f"/organizations/{acme.id}/contacts", data={"new-name": "Dana Foreman"})
    history = element(text(client.get(f"/organizations/{acme.id}")), f"organization-{acme.id}-history")
    assert "Organization added" in history and "Name: Acme Electric" in history
    assert "Contact Dana Foreman added" in history


def test_missing_organization_is_404(client, login_as):
    login_as("staff")
    assert client.get("/organizations/2000000000").status_code == 404
