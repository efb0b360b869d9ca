"""A member's employment panel: adding a job, at most one current job, ending it."""

from datetime import date

import pytest
from sqlalchemy import select

from hallweb.extensions import db
from hallweb.members.models import Employment
from tests.factories import classification_ids, give_job, make_employer, make_member
from tests.html import element, field_errors, starts_with_element
from tests.web.helpers import hx_trigger_events, location, text

# Employment


@pytest.fixture
def employed(app):
    """A member without a job and an employer."""
    return make_member(first_name="Rosa", last_name="Parks"), make_employer("Acme Electric")


def job_data(employer, start="2024-02-01"):
    return {"employer_id": str(employer.id), "classification_id": str(classification_ids()[1]), "start_date": start}


def employment_panel_with_form(client, member, url: str, action: str) -> str:
    """GET url asks for a form of the employment panel: under htmx the panel alone, otherwise the whole page
    with the form in the panel. Returns the fragment."""
    fragment = text(client.hx_get(url))
    assert "<html" not in fragment
    assert starts_with_element(fragment, "section", f"member-{member.id}-employment")
    assert f'action="{action}"' in fragment

    page = text(client.get(url))
    assert "<html" in page
    assert f'action="{action}"' in element(page, f"member-{member.id}-employment")
    return fragment


def test_add_job_form_is_a_fragment_under_htmx_and_a_page_otherwise(client, login_as, employed):
    login_as("staff")
    member, employer = employed
    jobs = f"/members/{member.id}/jobs"
    fragment = employment_panel_with_form(client, member, f"{jobs}/new", jobs)
    assert "Acme Electric" in fragment


def test_adding_a_job_returns_the_employment_panel_and_triggers_member_changed(client, login_as, employed):
    login_as("staff")
    member, employer = employed
    response = client.hx_post(f"/members/{member.id}/jobs", data=job_data(employer))
    html = text(response)
    assert response.status_code == 200
    assert starts_with_element(html, "section", f"member-{member.id}-employment")
    assert "Acme Electric" in html and "current" in html
    assert f'hx-get="/members/{member.id}/jobs/end"' in html  # the current job can now be ended
    assert "member-changed" in hx_trigger_events(response)
    jobs = db.session.scalars(select(Employment).where(Employment.member_id == member.id)).all()
    assert [(j.employer_id, j.start_date, j.end_date) for j in jobs] == [(employer.id, date(2024, 2, 1), None)]


def test_adding_a_job_without_htmx_redirects_to_the_member_page(client, login_as, employed):
    login_as("staff")
    member, employer = employed
    response = client.post(f"/members/{member.id}/jobs", data=job_data(employer))
    assert response.status_code == 303
    assert location(response) == f"/members/{member.id}"


def test_second_open_job_is_refused_with_the_message_in_the_employment_panel(client, login_as, employed):
    login_as("staff")
    member, employer = employed
    give_job(member, make_employer("Old Works"), start=date(2023, 1, 1))

    response = client.hx_post(f"/members/{member.id}/jobs", data=job_data(employer))
    html = text(response)
    assert response.status_code == 422
    assert starts_with_element(html, "section", f"member-{member.id}-employment")
    assert "already has a current job" in field_errors(html, "start_date")
    assert f'action="/members/{member.id}/jobs/end"' in html  # the way out is offered beside it
    assert db.session.scalar(select(db.func.count(Employment.id)).where(Employment.member_id == member.id)) == 1

    page = client.post(f"/members/{member.id}/jobs", data=job_data(employer))
    assert page.status_code == 422
    assert "already has a current job" in element(text(page), f"member-{member.id}-employment")


def test_the_end_job_form_is_shown_only_when_asked_for(client, login_as, employed):
    login_as("staff")
    member, employer = employed
    give_job(member, employer, start=date(2023, 1, 1))
    panel = element(text(client.get(f"/members/{member.id}")), f"member-{member.id}-employment")
    assert f'hx-get="/members/{member.id}/jobs/end"' in panel
    assert f'action="/members/{member.id}/jobs/end"' not in panel and 'name="end_date"' not in panel

    url = f"/members/{member.id}/jobs/end"
    fragment = employment_panel_with_form(client, member, url, url)
    assert f'value="{date.today().isoformat()}"' in fragment  # ends today unless told otherwise


def test_without_a_current_job_there_is_no_end_form_to_ask_for(client, login_as, employed):
    login_as("staff")
    member, _ = employed
    fragment = text(client.hx_get(f"/members/{member.id}/jobs/end"))
    assert 'name="end_date"' not in fragment
    assert f'hx-get="/members/{member.id}/jobs/new"' in fragment


def test_ending_the_current_job(client, login_as, employed):
    login_as("staff")
    member, employer = employed
    give_job(member, employer, start=date(2023, 1, 1))
    response = client.hx_post(f"/members/{member.id}/jobs/end", data={"end_date": "2024-06-30"})
    html = text(response)
    assert response.status_code == 200
    assert starts_with_element(html, "section", f"member-{member.id}-employment")
    assert "06/30/2024" in html
    assert f"/members/{member.id}/jobs/new" in html  # a new job can be added now
    assert "member-changed" in hx_trigger_events(response)
    job = db.session.scalar(select(Employment).where(Employment.member_id == member.id))
    db.session.refresh(job)
    assert job.end_date == date(2024, 6, 30)


def test_ending_a_job_before_it_started_is_refused_in_the_panel(client, login_as, employed):
    login_as("staff")
    member, employer = employed
    give_job(member, employer, start=date(2023, 1, 1))
    response = client.hx_post(f"/members/{member.id}/jobs/end", data={"end_date": "2022-12-31"})
    assert response.status_code == 422
    assert "cannot end earlier" in field_errors(text(response), "end_date")
