"""Creating and editing organizations: who may, invalid input re-rendered with 422, stale edits."""

import pytest
from sqlalchemy import select

from hallweb.extensions import db
from hallweb.organizations.models import Organization
from hallweb.organizations.services import update_organization
from tests.factories import make_employer
from tests.html import element_by_id, field_errors, input_value, starts_with_element, text_of
from tests.web.helpers import location, text
from tests.web.organization_helpers import org_rows


def fresh(org: Organization) -> Organization:
    db.session.expire_all()
    return db.session.get(Organization, org.id)


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
