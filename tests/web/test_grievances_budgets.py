"""Query budgets of the grievance pages: the same statements for 3 grievances or 120, for 2 events or 40."""

import re
from datetime import date, timedelta

import pytest

from hallweb.grievances import actions
from tests.factories import make_employer, make_member, user
from tests.grievance_factories import make_grievance
from tests.support import counted_statements
from tests.web.helpers import text

BUDGET = 8  # the ceiling for any page (tests/web/test_query_budgets.py)
STATEMENTS = {
    "list": 6,  # session, holidays (what is due soon), the page, its count, the two pick lists of the filters
    "list-fragment": 4,  # session, holidays, the page, its count
    "case": 6,  # session, grievance with its names, holidays to the deadline, timeline, History, History's names
    "home": 1,  # the card's: overdue, the deadlines of the weeks ahead and their holidays, in one statement
}


def statements_for(client, url, htmx=False):
    with counted_statements() as statements:
        response = (client.hx_get if htmx else client.get)(url)
        assert response.status_code == 200, url
        html = text(response)
    return list(statements), html


@pytest.fixture
def hall(app):
    staff = user("staff")
    employer = make_employer("Acme Electric")
    cases = [
        make_grievance(actor=staff, employer=employer, member=make_member(), representative_id=staff.id)
        for _ in range(3)
    ]
    return {"staff": staff, "employer": employer, "case": cases[0]}


def grow(hall):
    """To 120 grievances by several representatives, and the case's timeline and History to many events by
    several people."""
    for n in range(117):
        make_grievance(actor=hall["staff"], employer=hall["employer"], policy=n % 2 == 0, representative_id=None)
    g = hall["case"]
    for n in range(12):
        actor = user("staff")
        actions.grant_extension(
            g,
            actor=actor,
            expected_version=g.version,
            new_deadline=date(2027, 3, 1) + timedelta(weeks=n),
            agreed_by=f"Boss {n}",
            notes="More time",
        )
    actions.record_meeting(
        g, actor=user("officer"), expected_version=g.version, occurred_on=date(2026, 11, 10), outcome="denied"
    )


PAGES = {
    "list": (lambda h: "/grievances/", False, r'<tr id="grievance-'),
    "list-fragment": (lambda h: "/grievances/?q=acme", True, r'<tr id="grievance-'),
    "case": (lambda h: f"/grievances/{h['case'].id}", False, r'id="grievance-event-'),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_runs_a_fixed_number_of_statements(client, login_as, hall, page):
    login_as("staff")
    client.get("/")
    url_of, htmx, grown = PAGES[page]
    small, small_html = statements_for(client, url_of(hall), htmx)
    grow(hall)
    large, large_html = statements_for(client, url_of(hall), htmx)
    assert any("user_sessions" in s for s in small)
    assert len(small) <= min(BUDGET, STATEMENTS[page]), "\n\n".join(small)
    assert len(re.findall(grown, large_html)) > len(re.findall(grown, small_html)), "the page did not grow"
    assert len(large) == len(small), "\n\n".join(large)


def test_the_home_card_costs_one_statement(client, login_as, hall):
    login_as("staff")
    client.get("/")
    with_card, _ = statements_for(client, "/")
    login_as("instructor")  # no grievance card
    client.get("/")
    without, _ = statements_for(client, "/")
    assert sum("grievances" in s for s in with_card) == STATEMENTS["home"]
    assert not any("grievances" in s for s in without)
