"""Query budgets of the organizing pages: a fixed number of statements whether a campaign holds 10 activities
or 1,000, 2 salt applications or 60 (counted as tests/web/test_query_budgets.py counts)."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import insert

from hallweb.db.db_types import utcnow
from hallweb.extensions import db
from hallweb.organizing.models import Activity, SaltApplication, SaltFollowUp
from hallweb.organizing.salt_applications import correct_salt_application, record_follow_up
from tests import factories
from tests.organizing_factories import activity, organizer, salt_application, target
from tests.support import counted_statements
from tests.web.helpers import sign_in, text


def statements_for(client, url: str, *, htmx: bool = False) -> tuple[list[str], str]:
    with counted_statements() as statements:
        response = (client.hx_get if htmx else client.get)(url)
        assert response.status_code == 200, url
        html = text(response)
    return list(statements), html


@pytest.fixture
def campaign(app):
    user, member = organizer("Olive")
    employer = target("Acme Non-Union Wiring")
    salt = factories.make_member(first_name="Sal", last_name="Salter")
    logged = activity(user, employer)
    for _ in range(9):
        activity(user, employer)
    entry = salt_application(user, employer, salt)
    record_follow_up(entry, actor=user, followed_up_on=date(2026, 2, 20), note="Called")
    correct_salt_application(
        entry, actor=user, reason="Date", salt_id=salt.id, applied_on=date(2026, 2, 9), posting="P", availability="A"
    )
    db.session.commit()
    return {"user": user, "member": member, "employer": employer, "salt": salt, "activity": logged}


def grow(c) -> None:
    """From 10 activities to 1,000 over three years, and from 1 salt application to 61, each followed up."""
    start = date(2023, 1, 2)
    now = utcnow()
    db.session.execute(
        insert(Activity),
        [
            {
                "organizer_id": c["member"].id,
                "employer_id": c["employer"].id,
                "activity_date": start + timedelta(days=i),
                "activity_type": "leafleting",
                "outcome": "neutral",
                "workers_contacted": 5,
                "cards_signed": i % 3,
                "description": f"Leaflets {i}",
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for i in range(990)
        ],
    )
    ids = db.session.scalars(
        insert(SaltApplication).returning(SaltApplication.id),
        [
            {
                "employer_id": c["employer"].id,
                "salt_id": c["salt"].id,
                "applied_on": start + timedelta(days=i),
                "posting": f"Posting {i}",
                "availability": "Now",
                "recorded_at": now,
            }
            for i in range(60)
        ],
    ).all()
    db.session.execute(
        insert(SaltFollowUp),
        [{"application_id": i, "followed_up_on": date(2026, 1, 5), "note": "Called", "recorded_at": now} for i in ids],
    )
    db.session.commit()


PAGES = {  # name: (url, htmx?, what there is more of once grown)
    "activity-list": (lambda c: "/organizing/", False, r"Cards signed|<tr id=\"activity-"),
    "activity-list-fragment": (lambda c: "/organizing/?outcome=neutral", True, r'<tr id="activity-'),
    "campaign-page": (lambda c: f"/organizing/campaigns/{c['employer'].id}", False, r'<tr data-month="'),
    "activity-page": (lambda c: f"/organizing/{c['activity'].id}", False, None),
    "campaigns-list": (lambda c: "/organizing/campaigns", False, None),
    "employer-panel": (lambda c: f"/organizing/campaigns/{c['employer'].id}/summary", True, None),
    "organizer-home": (lambda c: "/", False, None),
    "member-panel": (lambda c: f"/organizing/members/{c['salt'].id}", True, r'id="member-salt-application-'),
}
STATEMENTS = {
    "activity-list": 5,  # session, the page of rows, its count, the employer and organizer pick lists
    "activity-list-fragment": 3,  # session, the page of rows, its count
    "campaign-page": 5,  # session, employer, months (totals and chart), timeline, salt entries with their follow-ups
    "activity-page": 4,  # session, the activity with organizer and employer, History, the names it points at
    "campaigns-list": 2,  # session, the campaigns with their totals
    "employer-panel": 3,  # session, employer, months
    "organizer-home": 5,  # session, the member linked to the account, their campaigns, their recent activity,
    # and the grievances card (organizers read grievances): due soon and overdue in one count
    "member-panel": 4,  # session, member, their activity's totals, their salt applications in force
}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_runs_a_fixed_number_of_statements_for_10_or_1000_activities(client, campaign, page):
    sign_in(client, campaign["user"].email)
    client.get("/")
    url_of, htmx, grown = PAGES[page]
    url = url_of(campaign)
    small, small_html = statements_for(client, url, htmx=htmx)
    grow(campaign)
    large, large_html = statements_for(client, url, htmx=htmx)
    assert len(small) == STATEMENTS[page], "\n\n".join(small)
    if grown:
        assert len(re.findall(grown, large_html)) > len(re.findall(grown, small_html)), "the page did not grow"
    assert len(large) == len(small), "\n\n".join(large)
