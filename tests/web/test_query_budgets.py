"""Query budgets: each list, search and detail page sends a fixed, small number of SQL statements, whether the
database holds 10 members or 1,000 (no N+1 queries, no per-row lazy loads).

Counted from the SQLAlchemy connection the test's requests share, signed in (so the session lookup counts;
the sign-in is seconds old, so the once-a-minute last-seen update never falls inside a measurement).
BEGIN, SAVEPOINT, RELEASE and ROLLBACK are left out: they exist only for the test's isolation.
"""

import re
from datetime import date

import pytest

from hallweb.extensions import db
from hallweb.members.services import update_contact_details, update_member
from hallweb.organizations.services import add_contact
from tests import factories
from tests.factories import (
    bulk_jobs,
    bulk_members,
    bulk_organizations,
    bulk_past_jobs,
    give_job,
    ids_of_members,
    make_employer,
    make_member,
)
from tests.html import parse, row_ids
from tests.support import counted_statements
from tests.web.helpers import text

BUDGET = 8  # the ceiling for any page


def statements_for(client, url: str, *, htmx: bool = False) -> tuple[list[str], str]:
    with counted_statements() as statements:
        response = (client.hx_get if htmx else client.get)(url)
        assert response.status_code == 200, url
        html = text(response)
    return list(statements), html


@pytest.fixture
def hall(app):
    """A member with employment and history, an employer with contacts and employees, and 10 members."""
    staff_actor = factories.user("staff")  # history rows name who made the change
    employer = make_employer("Acme Electric")
    for name in ("Dana Foreman", "Lee Steward"):
        add_contact(employer, actor=staff_actor, name=name)
    db.session.commit()
    member = make_member(first_name="Rosa", last_name="Budget", phone="555-111-2222")
    give_job(member, make_employer("Old Works"), start=date(2015, 1, 5), end=date(2019, 12, 31))
    give_job(member, employer, start=date(2020, 1, 6))
    update_contact_details(member, actor=staff_actor, expected_version=member.version, phone="555-867-5309")
    update_member(member, actor=staff_actor, expected_version=member.version, home_local="Local 9")
    db.session.commit()
    bulk_members(9)
    bulk_jobs(ids_of_members("Bulk"), employer)
    bulk_organizations(5)
    return {"employer": employer, "member": member}


def grow(hall) -> None:
    """From 10 members to 1,000 (all but one employed at the employer), from 7 organizations to 102, and
    the member's employment history from 2 jobs to 12."""
    bulk_members(990, start=9)
    bulk_jobs(ids_of_members("Bulk")[9:], hall["employer"])
    bulk_organizations(95, start=5)
    bulk_past_jobs(hall["member"], 10)


PAGES = {  # name: (url, htmx?, what there is more of on the page once the database has grown)
    "members-list": (lambda h: "/members/", False, r'<tr id="member-'),
    "members-search-fragment": (lambda h: "/members/?q=bul", True, r'<tr id="member-'),
    "member-page": (lambda h: f"/members/{h['member'].id}", False, r'<tr id="job-'),
    "organizations-list": (lambda h: "/organizations/", False, r'<tr id="organization-'),
    "organization-page": (lambda h: f"/organizations/{h['employer'].id}", False, r"Bulk\d{4}, Sam"),
}
# What each page sends today. On PostgreSQL every statement is a round trip, so one more shows in `make bench`:
# a change that needs another must say why here.
STATEMENTS = {
    "members-list": 4,  # session, the page of rows, the two pick lists of the filters (2 once they are cached)
    "members-search-fragment": 2,  # session, the page of rows (one union)
    "member-page": 4,  # session, the member with account, its jobs, History
    "organizations-list": 2,  # session, the page
    "organization-page": 5,  # session, organization, contacts, employees, History
}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_runs_a_fixed_number_of_statements_for_10_or_1000_members(client, login_as, hall, page):
    login_as("staff")
    client.get("/")  # the sign-in's welcome page and flash are behind us
    url_of, htmx, grown = PAGES[page]
    url = url_of(hall)

    small, small_html = statements_for(client, url, htmx=htmx)
    grow(hall)
    large, large_html = statements_for(client, url, htmx=htmx)

    assert any("user_sessions" in s for s in small), "the signed-in session lookup was not counted"
    assert len(small) <= min(BUDGET, STATEMENTS[page]), "\n\n".join(small)
    assert len(re.findall(grown, large_html)) > len(re.findall(grown, small_html)), "the page did not grow"
    assert len(large) == len(small), "\n\n".join(large)


def test_the_list_offers_a_new_employer_at_once(client, login_as, hall):
    """The filters' pick lists are read with the page, so a change shows on the next load."""
    login_as("staff")
    first, _ = statements_for(client, "/members/")
    make_employer("Newly Signed Electric")
    changed, html = statements_for(client, "/members/")
    assert len(changed) == len(first)
    offered = [option for option in parse(html).find_all("option") if option.text == "Newly Signed Electric"]
    assert offered and all(option.attrs.get("value", "").isdigit() for option in offered)


def test_member_list_budget_holds_for_a_full_page_of_rows(client, login_as, hall):
    """The list grows from 10 rows to a full page of 50 without more statements."""
    login_as("staff")
    small, small_html = statements_for(client, "/members/?q=bul", htmx=True)
    grow(hall)
    large, large_html = statements_for(client, "/members/?q=bul", htmx=True)
    assert (len(row_ids(small_html)), len(row_ids(large_html))) == (9, 50)
    assert len(large) == len(small)


def test_member_page_budget_holds_with_history_by_several_people(client, login_as, hall):
    """History rows name who made each change: the same statements whether one person or four made them."""
    login_as("staff")
    member = hall["member"]
    before, _ = statements_for(client, f"/members/{member.id}")
    for version, phone in enumerate(("555-000-0001", "555-000-0002", "555-000-0003"), start=member.version):
        login_as("staff")  # another person each time
        response = client.post(f"/members/{member.id}/contact", data={"phone": phone, "version": str(version)})
        assert response.status_code == 303
    after, html = statements_for(client, f"/members/{member.id}")
    assert html.count('id="audit-') >= 8
    assert len(after) == len(before)


def test_organization_page_budget_holds_with_many_employees(client, login_as, hall):
    login_as("staff")
    url = f"/organizations/{hall['employer'].id}"
    small, small_html = statements_for(client, url)
    grow(hall)
    large, large_html = statements_for(client, url)
    assert small_html.count("Bulk0") == 9 and large_html.count("Bulk0") == 999
    assert len(large) == len(small)
