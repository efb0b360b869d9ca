"""Staff find a member by typing (the sort and the CSV download follow), edit contact details and employment in
place, in a real browser."""

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hallweb.auth.accounts import create_user
from hallweb.extensions import db
from hallweb.members.services import create_member
from hallweb.organizations.services import create_organization
from tests.browser.conftest import check_accessibility

pytestmark = pytest.mark.browser
PASSWORD = "brass lantern under orchard rain"
NAMES = [("Rosa", "Parks"), ("Lucy", "Parsons"), ("Eugene", "Debs"), ("Mother", "Jones"), ("Cesar", "Chavez")]


@pytest.fixture
def hall(live_server):
    """A staff account and a few members in the live server's database."""
    with live_server.app.app_context():
        create_user(
            actor=None,
            email="staff@example.org",
            first_name="Sam",
            last_name="Staff",
            roles=["staff"],
            password=PASSWORD,
        )
        ids = {}
        for n, (first, last) in enumerate(NAMES, start=1):
            member = create_member(
                actor=None, card_number=f"C{n:05d}", first_name=first, last_name=last, classification_id=1
            )
            ids[last] = member.id
        create_organization(actor=None, name="Acme Electric", kind="employer")
        db.session.commit()
    return ids


def sign_in(page):
    page.goto("/auth/login")
    page.get_by_label("Email").fill("staff@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Welcome, Sam")).to_be_visible()


def test_typing_in_the_search_box_narrows_the_table(page, hall):
    sign_in(page)
    page.goto("/members/")
    rows = page.locator("#member-table tbody tr")
    expect(rows).to_have_count(len(NAMES))
    check_accessibility(page)
    page.evaluate("() => { window.__sameDocument = true }")

    page.get_by_label("Search").press_sequentially("par", delay=50)
    expect(rows).to_have_count(2)
    expect(page.locator("#member-table")).to_contain_text("Parks, Rosa")
    expect(page.locator("#member-table")).to_contain_text("Parsons, Lucy")
    expect(page).to_have_url(re.compile(r"/members/\?.*q=par"))
    assert page.evaluate("() => window.__sameDocument === true"), "the table was not swapped by htmx"

    page.get_by_label("Search").press_sequentially("k")
    expect(rows).to_have_count(1)
    expect(page.locator("#member-table")).to_contain_text("Parks, Rosa")

    page.reload()  # the URL keeps the search
    expect(rows).to_have_count(1)
    expect(page.get_by_label("Search")).to_have_value("park")


def test_contact_details_are_edited_in_place(page, hall):
    sign_in(page)
    page.goto(f"/members/{hall['Debs']}")
    check_accessibility(page)
    page.evaluate("() => { window.__sameDocument = true }")
    page.get_by_role("link", name="Edit contact details").click()
    contact = page.locator(f"#member-{hall['Debs']}-contact")
    expect(contact.get_by_label("Phone")).to_be_visible()
    check_accessibility(page)

    contact.get_by_label("Phone").fill("not a phone")
    contact.get_by_role("button", name="Save").click()
    expect(contact).to_contain_text("Enter a phone number like")

    contact.get_by_label("Phone").fill("555-867-5309")
    contact.get_by_label("City").fill("Terre Haute")
    contact.get_by_role("button", name="Save").click()
    expect(contact).to_contain_text("555-867-5309")
    expect(contact).to_contain_text("Terre Haute")
    expect(page.get_by_text("Contact details saved.")).to_be_visible()
    # The History panel refreshed itself on the member-changed event.
    expect(page.locator(f"#member-{hall['Debs']}-history")).to_contain_text("Contact details updated")
    assert page.evaluate("() => window.__sameDocument === true")


def test_a_job_is_added_and_ended_in_the_employment_panel(page, hall):
    sign_in(page)
    page.goto(f"/members/{hall['Jones']}")
    page.evaluate("() => { window.__sameDocument = true }")
    panel = page.locator(f"#member-{hall['Jones']}-employment")

    panel.get_by_role("link", name="Add a job").click()
    panel.get_by_label("Employer").select_option(label="Acme Electric")
    panel.get_by_label("Start date").fill("2024-02-01")
    panel.get_by_role("button", name="Add job").click()
    expect(panel.get_by_role("row", name=re.compile("Acme Electric"))).to_contain_text("current")
    expect(panel.get_by_label("End date")).to_have_count(0)  # ending it is a step of its own

    panel.get_by_role("link", name="End the current job…").click()
    expect(panel.get_by_label("End date")).to_have_value(date.today().isoformat())
    check_accessibility(page)
    panel.get_by_label("End date").fill("2024-06-30")
    # How this browser's date input shows that value to its user: the page must show dates the same way.
    as_typed = page.evaluate(
        """() => new Date(2024, 5, 30).toLocaleDateString(navigator.language,
                   {year: "numeric", month: "2-digit", day: "2-digit"})"""
    )
    assert as_typed == "06/30/2024"
    panel.get_by_role("button", name="End current job").click()
    expect(panel.get_by_role("row", name=re.compile("Acme Electric"))).to_contain_text(as_typed)
    expect(panel.get_by_role("link", name="Add a job")).to_be_visible()
    expect(page.locator(f"#member-{hall['Jones']}-history")).to_contain_text(
        f"Job at Acme Electric ended on {as_typed}"
    )
    assert page.evaluate("() => window.__sameDocument === true"), "the panel was not swapped by htmx"


def test_the_csv_link_downloads_what_the_search_shows(page, hall):
    sign_in(page)
    page.goto("/members/")
    expect(page.get_by_role("link", name=f"Download these {len(NAMES)} members (CSV)")).to_be_visible()
    page.evaluate("() => { window.__sameDocument = true }")

    page.get_by_label("Search").press_sequentially("par", delay=50)
    expect(page.locator("#member-table tbody tr")).to_have_count(2)
    expect(page.get_by_role("status")).to_have_text("2 members match")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these 2 members (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    assert sorted((r["last_name"], r["first_name"]) for r in rows) == [("Parks", "Rosa"), ("Parsons", "Lucy")]
    assert page.evaluate("() => window.__sameDocument === true"), "the table was not swapped by htmx"


def test_typing_keeps_the_sort_chosen_by_a_column_header(page, hall):
    sign_in(page)
    page.goto("/members/")
    names = page.locator("#member-table tbody tr td:first-child")
    header = page.get_by_role("columnheader", name=re.compile("Card number"))
    header.get_by_role("link").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    header.get_by_role("link").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(names.first).to_have_text("Chavez, Cesar")  # C00005

    page.get_by_label("Search").press_sequentially("par", delay=50)
    expect(names).to_have_text(["Parsons, Lucy", "Parks, Rosa"])  # C00002, C00001: still descending
    expect(page).to_have_url(re.compile(r"sort=-card"))
    expect(page.get_by_role("status")).to_have_text("2 members match")
    check_accessibility(page)
