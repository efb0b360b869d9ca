"""Query budgets: each list, search and detail page sends a fixed, small number of SQL statements, whether the
database holds 10 members or 1,000 (no N+1 queries, no per-row lazy loads).

Counted from the SQLAlchemy connection the test's requests share, signed in (so the session lookup counts;
the sign-in is seconds old, so the once-a-minute last-seen update never falls inside a measurement).
BEGIN, SAVEPOINT, RELEASE and ROLLBACK are left out: they exist only for the test's isolation.
"""

import re
from datetime import date

import pytest
from sqlalchemy import func, insert, select

from hallweb.audit.models import AuditLog
from hallweb.auth.models import User
from hallweb.db.keyset import encode_cursor
from hallweb.extensions import db
from hallweb.members.services import update_contact_details, update_member
from hallweb.organizations.models import Contact
from hallweb.organizations.services import add_contact
from hallweb.outbox.models import OutboxMessage
from tests import factories
from tests.factories import (
    bulk_jobs,
    bulk_members,
    bulk_organizations,
    bulk_past_jobs,
    classification_ids,
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
# a change that needs another must say why here. The lists count their matches for the pager ("51–100 of 487")
# in one statement of their own: it reads every match, but it is one statement whatever the number of rows.
STATEMENTS = {
    "members-list": 5,  # session, the page of rows, its count, the two pick lists of the filters
    "members-search-fragment": 3,  # session, the page of rows (one union), its count
    "member-page": 5,  # session, the member with account, its jobs, History, the names History's rows point at
    "organizations-list": 3,  # session, the page, its count
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


def test_member_page_names_the_classifications_of_its_history_in_one_statement(client, login_as, hall):
    """History names the classifications its rows hold by id (and who made each change) with one statement
    for all of them: as many statements for one change as for a change to every classification."""
    login_as("staff")
    member = hall["member"]
    before, _ = statements_for(client, f"/members/{member.id}")
    for classification_id in factories.classification_ids():
        actor = factories.user("staff")
        update_member(member, actor=actor, expected_version=member.version, classification_id=classification_id)
    db.session.commit()
    after, html = statements_for(client, f"/members/{member.id}")
    assert html.count("Classification changed from") >= len(factories.classification_ids()) - 1
    assert len(after) == len(before)


def test_organization_page_budget_holds_with_many_employees(client, login_as, hall):
    login_as("staff")
    url = f"/organizations/{hall['employer'].id}"
    small, small_html = statements_for(client, url)
    grow(hall)
    large, large_html = statements_for(client, url)
    assert small_html.count("Bulk0") == 9 and large_html.count("Bulk0") == 999
    assert len(large) == len(small)


# Fragments: what htmx swaps in. A fragment reads only what it draws, never the whole page around it.


def bulk_history(entity, actor, n: int) -> None:
    """n audit rows about entity by actor, in one INSERT."""
    rows = [
        {"actor_id": actor.id, "action": "test.noted", "entity_type": entity.__tablename__, "entity_id": entity.id}
        for _ in range(n)
    ]
    db.session.execute(insert(AuditLog), rows)
    db.session.commit()


def bulk_contacts(organization, n: int) -> None:
    db.session.execute(
        insert(Contact), [{"organization_id": organization.id, "name": f"Contact {i}"} for i in range(n)]
    )
    db.session.commit()


def grow_fragments(hall) -> None:
    """grow(), and the member's and the employer's History and the employer's contacts too."""
    grow(hall)
    actor = factories.user("staff")
    bulk_history(hall["member"], actor, 20)
    bulk_history(hall["employer"], actor, 20)
    bulk_contacts(hall["employer"], 10)


def job_data(hall) -> dict:  # refused: the member already has a current job
    return {
        "employer_id": hall["employer"].id,
        "classification_id": classification_ids()[0],
        "start_date": "2024-05-01",
    }


def first_contact_id(hall) -> int:
    return hall["employer"].contacts[0].id


# name: (url, form data to POST or None to GET, status, what there is more of once the database has grown)
FRAGMENTS = {
    "members-pager-fragment": (lambda h: "/members/?last=1", None, 200, r'<tr id="member-'),
    "members-cursor-fragment": (
        lambda h: f"/members/?after={encode_cursor(['bulk', '', 0])}",
        None,
        200,
        r'<tr id="member-',
    ),
    "members-sort-fragment": (lambda h: "/members/?sort=-card", None, 200, r'<tr id="member-'),
    "member-history-fragment": (lambda h: f"/members/{h['member'].id}/history", None, 200, r'<tr id="audit-'),
    "member-contact-fragment": (lambda h: f"/members/{h['member'].id}/contact", None, 200, None),
    "member-contact-form-fragment": (lambda h: f"/members/{h['member'].id}/contact/edit", None, 200, None),
    "member-job-form-fragment": (lambda h: f"/members/{h['member'].id}/jobs/new", None, 200, r"<option value=\"\d+\""),
    "member-end-job-form-fragment": (lambda h: f"/members/{h['member'].id}/jobs/end", None, 200, r'<tr id="job-'),
    "member-add-job-refused-fragment": (lambda h: f"/members/{h['member'].id}/jobs", job_data, 422, r'<tr id="job-'),
    "member-end-job-refused-fragment": (
        lambda h: f"/members/{h['member'].id}/jobs/end",
        lambda h: {"end_date": "2001-01-01"},
        422,
        r'<tr id="job-',
    ),
    "organizations-search-fragment": (lambda h: "/organizations/?q=con", None, 200, r'<tr id="organization-'),
    "organizations-pager-fragment": (lambda h: "/organizations/?last=1", None, 200, r'<tr id="organization-'),
    "organization-contacts-fragment": (
        lambda h: f"/organizations/{h['employer'].id}/contacts",
        None,
        200,
        r'<tr id="contact-',
    ),
    "organization-contact-form-fragment": (
        lambda h: f"/organizations/{h['employer'].id}/contacts/{first_contact_id(h)}/edit",
        None,
        200,
        r'<tr id="contact-',
    ),
    "organization-history-fragment": (
        lambda h: f"/organizations/{h['employer'].id}/history",
        None,
        200,
        r'<tr id="audit-',
    ),
}
# What each fragment sends today; none reads the page around it. A refused job form rolls the session back,
# so the member and the signed-in user (with roles) are read again to draw the panel with the stored state.
FRAGMENT_STATEMENTS = {
    "members-pager-fragment": 3,  # session, the page of rows, its count
    "members-cursor-fragment": 3,  # session, the page of rows, its count (and the rows before the cursor)
    "members-sort-fragment": 3,  # session, the page of rows, its count
    "member-history-fragment": 4,  # session, the member, History, the names its rows point at
    "member-contact-fragment": 2,  # session, the member
    "member-contact-form-fragment": 2,  # session, the member
    "member-job-form-fragment": 5,  # session, the member, its jobs, the two pick lists
    "member-end-job-form-fragment": 3,  # session, the member, its jobs
    "member-add-job-refused-fragment": 9,  # session, member, 2 pick lists, jobs; then member, user, roles, job rows
    "member-end-job-refused-fragment": 7,  # session, member, jobs; then member, user, roles, job rows
    "organizations-search-fragment": 3,  # session, the page of rows, its count
    "organizations-pager-fragment": 3,  # session, the page of rows, its count
    "organization-contacts-fragment": 3,  # session, the organization, its contacts
    "organization-contact-form-fragment": 3,  # session, the organization, its contacts (the one edited among them)
    "organization-history-fragment": 3,  # session, the organization, History
}


def fragment_statements(client, hall, fragment: str) -> tuple[list[str], str]:
    url_of, data_of, status, _ = FRAGMENTS[fragment]
    url, data = url_of(hall), data_of and data_of(hall)
    with counted_statements() as statements:
        response = client.hx_post(url, data=data) if data else client.hx_get(url)
        assert response.status_code == status, text(response)[:2000]
        html = text(response)
    assert "<html" not in html, "a page, not a fragment"
    return list(statements), html


@pytest.mark.parametrize("fragment", list(FRAGMENTS))
def test_fragment_runs_a_fixed_number_of_statements_for_10_or_1000_members(client, login_as, hall, fragment):
    login_as("staff")
    client.get("/")
    grown = FRAGMENTS[fragment][3]

    small, small_html = fragment_statements(client, hall, fragment)
    grow_fragments(hall)
    large, large_html = fragment_statements(client, hall, fragment)

    assert any("user_sessions" in s for s in small), "the signed-in session lookup was not counted"
    assert len(small) <= FRAGMENT_STATEMENTS[fragment], "\n\n".join(small)
    if grown:
        assert len(re.findall(grown, large_html)) > len(re.findall(grown, small_html)), "the fragment did not grow"
    assert len(large) == len(small), "\n\n".join(large)


def test_audit_log_page_names_people_records_and_classifications_in_a_fixed_number_of_statements(
    client, login_as, hall
):
    """The audit log names who acted, the record each row is about and the classifications it changed: the
    same statements for the few rows of the fixture as for a full page by many people about many members."""
    login_as("admin")
    small, small_html = statements_for(client, "/admin/audit")
    actors = [factories.user("staff").id for _ in range(5)]
    classifications = factories.classification_ids()
    db.session.add_all(
        AuditLog(
            actor_id=actors[i % len(actors)],
            action="member.updated",
            entity_type="members",
            entity_id=member_id,
            changes={"classification_id": [classifications[i % 2], classifications[2 + i % 3]], "version": [1, 2]},
        )
        for i, member_id in enumerate(ids_of_members("Bulk"))
    )
    bulk_members(60, start=9)
    db.session.add_all(
        AuditLog(actor_id=actors[0], action="member.archived", entity_type="members", entity_id=member_id)
        for member_id in ids_of_members("Bulk")[9:]
    )
    db.session.commit()
    large, large_html = statements_for(client, "/admin/audit")
    assert len(row_ids(large_html, "audit")) == 50 > len(row_ids(small_html, "audit"))
    # session, the count, the page with actors, the actors' roles (loaded with every user), the names
    assert len(large) == len(small) <= 5, "\n\n".join(large)


# The admin lists: numbered pages, each a page of rows and its count.


def bulk_admin_rows(n: int, actor) -> None:
    """n more users (and one holding a role), audit rows by actor and outbox messages."""
    start = db.session.scalar(select(func.count()).select_from(User))
    users = [{"email": f"budget{start + i}@example.org", "first_name": "Bud", "last_name": "Get"} for i in range(n)]
    db.session.execute(insert(User), users)
    db.session.execute(insert(AuditLog), [{"action": "test.noted", "actor_id": actor.id} for _ in range(n)])
    message = {"recipient": "r@example.org", "subject": "Note", "text_body": "Hi", "html_body": "<p>Hi</p>"}
    db.session.execute(insert(OutboxMessage), [message] * n)
    db.session.commit()
    factories.user("instructor")


@pytest.mark.parametrize(
    ("url", "grown"),
    [("/admin/users", r'<tr id="user-'), ("/admin/audit", r'<tr id="audit-'), ("/admin/outbox", r'id="message-')],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_admin_list_runs_a_fixed_number_of_statements_for_a_few_rows_or_a_full_page(client, login_as, url, grown, htmx):
    admin = login_as("admin")
    client.get("/")
    bulk_admin_rows(3, admin)
    small, small_html = statements_for(client, url, htmx=htmx)
    bulk_admin_rows(60, admin)
    large, large_html = statements_for(client, url, htmx=htmx)
    assert len(small) <= BUDGET, "\n\n".join(small)
    assert len(re.findall(grown, large_html)) > len(re.findall(grown, small_html)), "the page did not grow"
    assert len(large) == len(small), "\n\n".join(large)
