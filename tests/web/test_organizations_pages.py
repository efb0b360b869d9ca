"""Employers and other organizations: list, search, kind filter and CSV; create and edit; contacts; current
employees."""

import csv
import io
import json
from datetime import date

import pytest
from sqlalchemy import select

from hallweb.extensions import db
from hallweb.organizations.models import Contact, Organization
from hallweb.organizations.services import add_contact, archive_organization, update_organization
from tests.factories import give_job, make_employer, make_member
from tests.html import (
    element,
    element_by_id,
    field_errors,
    form_values,
    input_value,
    link_href,
    row_ids,
    starts_with_element,
    text_of,
)
from tests.web.helpers import location, query_of, text


def fresh(org: Organization) -> Organization:
    db.session.expire_all()
    return db.session.get(Organization, org.id)


def org_rows(html: str) -> list[int]:
    return row_ids(html, "organization")


def org_data(org: Organization | None = None, **changes) -> dict:
    data = {
        "name": "Acme Electric",
        "kind": "employer",
        "phone": "",
        "email": "",
        "website": "",
        "address": "",
        "notes": "",
    }
    if org is not None:
        data.update({k: getattr(org, k) or "" for k in data} | {"version": str(org.version)})
    data.update(changes)
    return data


def contact_of(org: Organization, name: str) -> Contact:
    return db.session.scalar(select(Contact).where(Contact.organization_id == org.id, Contact.name == name))


# List, search, filter, CSV


def test_organization_list_is_a_page_and_search_a_fragment(client, login_as):
    login_as("organizer")
    acme = make_employer("Acme Electric")
    page = client.get("/organizations/")
    assert page.status_code == 200
    assert "<html" in text(page)
    assert f'id="organization-{acme.id}"' in element(text(page), "organization-table")

    fragment = client.hx_get("/organizations/?q=acm")
    assert fragment.status_code == 200
    assert "<html" not in text(fragment)
    assert starts_with_element(text(fragment), "section", "organization-table")
    assert org_rows(text(fragment)) == [acme.id]
    assert "HX-Request" in page.vary and "HX-Request" in fragment.vary


def test_search_by_the_start_of_the_name_narrows_the_list(client, login_as):
    login_as("staff")
    acme = make_employer("Acme Electric")
    acme_west = make_employer("Acme West Wiring")
    bright = make_employer("Brightline Power")
    assert set(org_rows(text(client.hx_get("/organizations/?q=acme")))) == {acme.id, acme_west.id}
    assert org_rows(text(client.hx_get("/organizations/?q=acme+w"))) == [acme_west.id]
    assert org_rows(text(client.hx_get("/organizations/?q=BRIGHT"))) == [bright.id]


def test_kind_filter_narrows_the_list_and_is_kept_in_sort_links(client, login_as):
    login_as("staff")
    signatory = make_employer("Acme Electric", kind="employer")
    non_union = make_employer("Acme Scab Co", kind="non_union")
    partner = make_employer("Apprentice Academy", kind="training_partner")
    html = text(client.get("/organizations/?kind=non_union"))
    assert org_rows(html) == [non_union.id]
    assert query_of(link_href(html, "Name")) == {"kind": "non_union", "sort": "-name"}
    assert query_of(link_href(html, "Download this organization (CSV)")) == {"kind": "non_union"}
    assert set(org_rows(text(client.hx_get("/organizations/?q=a")))) == {signatory.id, non_union.id, partner.id}


def test_the_status_line_says_how_many_organizations_match(client, login_as):
    login_as("staff")
    make_employer("Acme Electric")
    make_employer("Acme West Wiring")
    page = text(client.get("/organizations/"))
    assert element_by_id(page, "organization-status").attrs["role"] == "status"
    assert element_by_id(page, "organization-status").text == "2 organizations match"
    assert "aria-live" not in element_by_id(page, "organization-table").attrs
    for query, says in (("acme+w", "1 organization matches"), ("zzz", "No organization matches this search.")):
        status = element_by_id(text(client.hx_get(f"/organizations/?q={query}")), "organization-status")
        assert (status.attrs["hx-swap-oob"], status.text) == ("innerHTML", says)


def test_the_sort_a_header_chose_is_sent_with_the_next_search(client, login_as):
    login_as("staff")
    acme, acme_west = make_employer("Acme Electric"), make_employer("Acme West Wiring")
    page = text(client.get("/organizations/"))
    fragment = text(client.hx_get(link_href(page, "Name")))  # the header swaps only the table
    page = page.replace(element(page, "organization-table"), element(fragment, "organization-table"))
    submitted = form_values(page, "organization-filters")
    assert submitted["sort"] == "-name"
    assert org_rows(text(client.hx_get("/organizations/", query_string={**submitted, "q": "acme"}))) == [
        acme_west.id,
        acme.id,
    ]


@pytest.mark.parametrize("query", ["kind=spaceship", "archived=maybe", "sort=bogus", "after=%25%25", "before=x"])
def test_garbage_organization_filters_are_ignored(client, login_as, query):
    login_as("staff")
    acme = make_employer("Acme Electric")
    response = client.hx_get(f"/organizations/?{query}")
    assert response.status_code == 200
    assert org_rows(text(response)) == [acme.id]


def test_archived_organizations_are_hidden_unless_asked_for(client, login_as):
    login_as("staff")
    gone = make_employer("Acme Electric")
    archive_organization(gone, actor=None)
    db.session.commit()
    assert org_rows(text(client.hx_get("/organizations/"))) == []
    assert org_rows(text(client.hx_get("/organizations/?archived=only"))) == [gone.id]


def test_csv_export_lists_the_filtered_organizations(client, login_as):
    login_as("officer")
    make_employer("Acme Electric", kind="employer", phone="555-100-2000")
    make_employer("Brightline Power", kind="employer")
    make_employer("Apprentice Academy", kind="training_partner")
    response = client.get("/organizations/export.csv?kind=employer&sort=-name", buffered=True)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(text(response))))
    assert rows[0] == ["name", "kind", "phone", "email", "website", "address", "archived"]
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        ("Brightline Power", "employer", ""),
        ("Acme Electric", "employer", "555-100-2000"),
    ]


def test_csv_link_in_the_searched_table_downloads_exactly_the_matches(client, login_as):
    login_as("staff")
    make_employer("Acme Electric")
    make_employer("Acme West Wiring")
    make_employer("Brightline Power")
    fragment = text(client.hx_get("/organizations/?q=acme&sort=-name"))
    link = link_href(element_by_id(fragment, "organization-table"), "Download these 2 organizations (CSV)")
    assert query_of(link) == {"q": "acme", "sort": "-name"}
    rows = list(csv.DictReader(io.StringIO(text(client.get(link, buffered=True)))))
    assert [r["name"] for r in rows] == ["Acme West Wiring", "Acme Electric"]
    assert "(CSV)" not in text(client.hx_get("/organizations/?q=nothing"))


def test_csv_export_with_no_match_still_has_its_header(client, login_as):
    login_as("staff")
    response = client.get("/organizations/export.csv?q=nothing", buffered=True)
    assert text(response).splitlines() == ["name,kind,phone,email,website,address,archived"]


# Create and edit


@pytest.mark.parametrize("role", ["organizer", "staff"])
def test_organizers_and_staff_create_organizations(client, login_as, role):
    login_as(role)
    response = client.post("/organizations/new", data=org_data(name="Union Hall Print Shop", kind="other_union"))
    assert response.status_code == 303
    org = db.session.scalar(select(Organization).where(Organization.name == "Union Hall Print Shop"))
    assert org is not None and org.kind == "other_union"
    assert location(response) == f"/organizations/{org.id}"


def test_officers_cannot_create_or_edit_organizations(client, login_as):
    login_as("officer")
    acme = make_employer("Acme Electric")
    assert client.get("/organizations/new").status_code == 403
    assert client.post("/organizations/new", data=org_data(name="Nope")).status_code == 403
    assert client.post(f"/organizations/{acme.id}/edit", data=org_data(acme, name="Renamed")).status_code == 403
    assert client.post(f"/organizations/{acme.id}/contacts", data={"new-name": "X"}).status_code == 403
    assert db.session.scalar(select(Organization).where(Organization.name == "Nope")) is None
    assert fresh(acme).name == "Acme Electric"
    assert "/organizations/new" not in text(client.get("/organizations/"))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "nope"}, "email", "Enter an email address"),
        ({"phone": "call us"}, "phone", "Enter a phone number"),
        ({"website": "not a url"}, "website", "Enter a web address"),
        ({"name": ""}, "name", "required"),
    ],
)
def test_invalid_organization_rerenders_the_form_with_422(client, login_as, changes, field, message):
    login_as("organizer")
    response = client.hx_post("/organizations/new", data=org_data(**changes))
    assert response.status_code == 422
    assert starts_with_element(text(response), "form", "organization-form")
    assert message in field_errors(text(response), field)
    assert db.session.scalar(select(db.func.count(Organization.id))) == 0


def test_edit_from_a_stale_version_is_refused_naming_the_changed_fields(client, login_as):
    login_as("organizer")
    acme = make_employer("Acme Electric", phone="555-100-2000")
    opened = text(client.get(f"/organizations/{acme.id}/edit"))
    stale = input_value(opened, "version")
    update_organization(
        acme, actor=None, expected_version=acme.version, phone="555-300-4000", website="https://acme.example"
    )
    db.session.commit()

    response = client.post(
        f"/organizations/{acme.id}/edit",
        data=org_data(acme, version=stale, name="Acme Electrical", phone="555-100-2000", website=""),
    )
    html = text(response)
    assert response.status_code == 422
    assert "Someone else changed this record while you were editing it (phone, website)" in html
    stored = fresh(acme)
    assert (stored.name, stored.phone, stored.website) == ("Acme Electric", "555-300-4000", "https://acme.example")
    assert input_value(html, "version") == str(stored.version)


def test_saving_again_after_a_stale_edit_keeps_what_someone_else_changed(client, login_as):
    login_as("organizer")
    acme = make_employer("Acme Electric", phone="555-100-2000")
    opened = org_data(acme)
    update_organization(acme, actor=None, expected_version=acme.version, phone="555-300-4000")
    db.session.commit()

    refused = text(client.post(f"/organizations/{acme.id}/edit", data={**opened, "name": "Acme Electrical"}))
    assert input_value(refused, "phone") == "555-300-4000"  # untouched here: it takes theirs
    assert "Yours 555-100-2000" in text_of(element_by_id(refused, "phone-conflict"))
    again = client.post(
        f"/organizations/{acme.id}/edit",
        data={**opened, "name": "Acme Electrical", "phone": input_value(refused, "phone"), "version": "2"},
    )
    assert again.status_code == 303
    stored = fresh(acme)
    assert (stored.name, stored.phone) == ("Acme Electrical", "555-300-4000")


def test_editing_an_organization_saves_and_redirects(client, login_as):
    login_as("staff")
    acme = make_employer("Acme Electric")
    response = client.post(f"/organizations/{acme.id}/edit", data=org_data(acme, name="Acme Electrical"))
    assert response.status_code == 303
    assert location(response) == f"/organizations/{acme.id}"
    assert fresh(acme).name == "Acme Electrical"
    assert org_rows(text(client.hx_get("/organizations/?q=acme+electrical"))) == [acme.id]


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
