"""Adding a member or an organization that looks like one on file warns first, links to it, and lets the
user save anyway."""

from datetime import date

from sqlalchemy import func, select

from hallweb.extensions import db
from hallweb.members.models import Member
from hallweb.organizations.models import Organization
from tests.factories import classification_id, make_employer, make_member
from tests.html import element_by_id, link_href, starts_with_element
from tests.web.helpers import location, text


def new_member(**fields) -> dict:
    return {
        "card_number": "D0001",
        "first_name": "Rosa",
        "last_name": "Parks",
        "date_of_birth": "1955-02-04",
        "classification_id": str(classification_id()),
        "status": "active",
        **fields,
    }


def count(model, **where) -> int:
    return db.session.scalar(select(func.count(model.id)).filter_by(**where))


def test_a_member_with_the_same_name_and_birth_date_warns_links_and_can_be_saved_anyway(client, login_as):
    login_as("staff")
    on_file = make_member(first_name="Rosa", last_name="Parks", card_number="C0042", date_of_birth=date(1955, 2, 4))
    typed = new_member(first_name=" rosa ", last_name="PARKS")

    page = client.post("/members/new", data=typed)
    assert page.status_code == 422 and "<html" in text(page)
    warning = element_by_id(text(page), "members-duplicate")
    assert "Rosa Parks" in text(page) and "born 02/04/1955" in text(page)
    assert link_href(warning.outer_html, "Rosa Parks (card C0042)") == f"/members/{on_file.id}"
    assert count(Member, last_name="Parks") == 1

    fragment = client.hx_post("/members/new", data=typed)
    assert fragment.status_code == 422
    assert starts_with_element(text(fragment), "form", "member-form")
    assert 'name="confirm_duplicate"' in text(fragment)
    assert count(Member, last_name="Parks") == 1

    saved = client.post("/members/new", data={**typed, "confirm_duplicate": "1"})
    assert saved.status_code == 303
    assert count(Member, last_name="Parks") == 1 and count(Member, last_name="PARKS") == 1


def test_no_warning_without_a_birth_date_or_with_another_one(client, login_as):
    login_as("staff")
    make_member(first_name="Rosa", last_name="Parks", date_of_birth=date(1955, 2, 4))
    assert client.post("/members/new", data=new_member(date_of_birth="1960-01-01")).status_code == 303
    assert client.post("/members/new", data=new_member(card_number="D0002", date_of_birth="")).status_code == 303


def test_the_first_form_never_carries_the_confirmation(client, login_as):
    login_as("staff")
    assert "confirm_duplicate" not in text(client.get("/members/new"))
    assert "confirm_duplicate" not in text(client.get("/organizations/new"))


def test_an_organization_with_a_name_on_file_warns_links_and_can_be_saved_anyway(client, login_as):
    login_as("staff")
    on_file = make_employer("Acme Electric")
    typed = {"name": "  acme   ELECTRIC ", "kind": "employer"}

    page = client.post("/organizations/new", data=typed)
    assert page.status_code == 422 and "<html" in text(page)
    warning = element_by_id(text(page), "organizations-duplicate")
    assert link_href(warning.outer_html, "Acme Electric") == f"/organizations/{on_file.id}"
    fragment = client.hx_post("/organizations/new", data=typed)
    assert fragment.status_code == 422
    assert starts_with_element(text(fragment), "form", "organization-form")
    assert count(Organization) == 1

    saved = client.post("/organizations/new", data={**typed, "confirm_duplicate": "1"})
    assert saved.status_code == 303 and location(saved).startswith("/organizations/")
    assert count(Organization) == 2
