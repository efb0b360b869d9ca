"""Dates that make no sense for what they date (a job starting in 9999, an initiation next century) are
refused with a message beside the field, by the services and so by every page that calls them."""

from datetime import date, timedelta

import pytest

from hallweb.errors import DomainError
from hallweb.members import employment
from hallweb.members import services as members
from tests.factories import classification_id, make_employer, make_member
from tests.html import field_errors
from tests.web.helpers import text

FAR = date(9999, 12, 31)


def start_job(member, employer, start):
    return employment.add_job(
        member, actor=None, employer_id=employer.id, classification_id=classification_id(), start_date=start
    )


@pytest.mark.parametrize("start", [FAR, date.today() + timedelta(days=400)])
def test_a_job_cannot_start_far_in_the_future(staff, start):
    member, employer = make_member(), make_employer()
    with pytest.raises(DomainError) as refused:
        start_job(member, employer, start)
    assert refused.value.field == "start_date"
    assert member.jobs == []


def test_a_job_may_start_soon(staff):
    member, employer = make_member(), make_employer()
    assert start_job(member, employer, date.today() + timedelta(days=30)).start_date > date.today()


@pytest.mark.parametrize("end", [FAR, date.today() + timedelta(days=400)])
def test_a_job_cannot_end_far_in_the_future(staff, end):
    member, employer = make_member(), make_employer()
    job = start_job(member, employer, date(2024, 1, 8))
    with pytest.raises(DomainError) as refused:
        employment.end_job(member, actor=None, end_date=end)
    assert refused.value.field == "end_date"
    assert job.end_date is None


@pytest.mark.parametrize("change", ["create", "update"])
def test_an_initiation_date_cannot_be_in_the_future(staff, change):
    with pytest.raises(DomainError) as refused:
        if change == "create":
            make_member(initiation_date=FAR)
        else:
            member = make_member()
            members.update_member(member, actor=staff, expected_version=member.version, initiation_date=FAR)
    assert refused.value.field == "initiation_date"


def test_a_job_posted_with_a_far_start_date_is_a_form_error(client, login_as):
    login_as("staff")
    member, employer = make_member(), make_employer()
    data = {"employer_id": employer.id, "classification_id": classification_id(), "start_date": FAR.isoformat()}
    response = client.post(f"/members/{member.id}/jobs", data=data)
    assert response.status_code == 422
    assert "future" in field_errors(text(response), "start_date")


def test_a_job_ended_far_in_the_future_is_a_form_error(client, login_as):
    login_as("staff")
    member, employer = make_member(), make_employer()
    start_job(member, employer, date(2024, 1, 8))
    response = client.post(f"/members/{member.id}/jobs/end", data={"end_date": FAR.isoformat()})
    assert response.status_code == 422
    assert "future" in field_errors(text(response), "end_date")
