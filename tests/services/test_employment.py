"""Employment history: add and end jobs, at most one open job (service and database), dates in order."""

from datetime import date

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from hallweb.errors import Conflict, DomainError
from hallweb.extensions import db
from hallweb.members.employment import add_job, current_job, end_job
from hallweb.members.models import Employment
from hallweb.organizations.services import archive_organization
from tests.factories import classification_id, make_employer, make_member
from tests.support import audit_rows


@pytest.fixture
def acme(app):
    return make_employer(name="Acme Electric")


def start(member, employer, on, *, actor):
    return add_job(member, actor=actor, employer_id=employer.id, classification_id=classification_id(), start_date=on)


def open_jobs(member):
    return db.session.scalar(
        select(func.count())
        .select_from(Employment)
        .where(Employment.member_id == member.id, Employment.end_date.is_(None))
    )


def test_adding_a_job_makes_it_the_current_job_and_audits_it_on_the_member(app, staff, acme):
    member = make_member()

    job = start(member, acme, date(2024, 3, 1), actor=staff)

    assert current_job(member.jobs) is job
    assert (job.employer.name, job.start_date, job.end_date, job.is_current) == (
        "Acme Electric",
        date(2024, 3, 1),
        None,
        True,
    )
    [row] = audit_rows(member, "member.job_started")
    assert row.actor_id == staff.id
    assert row.changes == {"employer": "Acme Electric", "start_date": "2024-03-01", "job_id": job.id}


def test_ending_the_current_job_closes_it_and_audits_it_on_the_member(app, staff, acme):
    member = make_member()
    job = start(member, acme, date(2024, 3, 1), actor=staff)

    ended = end_job(member, actor=staff, end_date=date(2024, 9, 30))

    assert ended is job
    assert job.end_date == date(2024, 9, 30)
    assert current_job(member.jobs) is None
    assert open_jobs(member) == 0
    [row] = audit_rows(member, "member.job_ended")
    assert row.actor_id == staff.id
    assert row.changes == {"employer": "Acme Electric", "end_date": "2024-09-30", "job_id": job.id}


def test_a_second_open_job_is_a_conflict(app, staff, acme):
    member = make_member()
    start(member, acme, date(2024, 3, 1), actor=staff)

    with pytest.raises(Conflict) as conflict:
        start(member, make_employer(), date(2024, 4, 1), actor=staff)

    assert conflict.value.field == "start_date"
    assert open_jobs(member) == 1
    assert len(audit_rows(member, "member.job_started")) == 1


def test_an_open_job_added_behind_the_services_back_still_gives_a_conflict(app, staff, acme):
    member = make_member()
    assert member.jobs == []  # the service's copy of the jobs is loaded, and will be out of date
    db.session.execute(
        insert(Employment).values(
            member_id=member.id, employer_id=acme.id, classification_id=classification_id(), start_date=date(2024, 1, 1)
        )
    )

    with pytest.raises(Conflict):
        start(member, acme, date(2024, 3, 1), actor=staff)

    db.session.flush()  # the refused job is not left pending in the session
    assert open_jobs(member) == 1
    assert [job.start_date for job in member.jobs] == [date(2024, 1, 1)]
    assert audit_rows(member, "member.job_started") == []


def test_the_database_allows_only_one_open_job_per_member(app, acme):
    member = make_member()
    job = {"member_id": member.id, "employer_id": acme.id, "classification_id": classification_id()}
    db.session.add_all(
        [
            Employment(**job, start_date=date(2020, 1, 1), end_date=date(2020, 12, 31)),
            Employment(**job, start_date=date(2021, 1, 1), end_date=date(2021, 12, 31)),
            Employment(**job, start_date=date(2022, 1, 1)),
        ]
    )
    db.session.flush()  # ended jobs do not count against the open one

    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(Employment(**job, start_date=date(2023, 1, 1)))
        db.session.flush()

    assert open_jobs(member) == 1


def test_the_database_allows_an_open_job_for_each_member(app, acme):
    one, two = make_member(), make_member()
    for member in (one, two):
        db.session.add(
            Employment(
                member_id=member.id,
                employer_id=acme.id,
                classification_id=classification_id(),
                start_date=date(2024, 1, 1),
            )
        )
    db.session.flush()
    assert (open_jobs(one), open_jobs(two)) == (1, 1)


def test_a_job_cannot_end_before_it_started(app, staff, acme):
    member = make_member()
    job = start(member, acme, date(2024, 3, 1), actor=staff)

    with pytest.raises(DomainError) as error:
        end_job(member, actor=staff, end_date=date(2024, 2, 29))

    assert error.value.field == "end_date"
    assert "03/01/2024" in error.value.message
    assert current_job(member.jobs) is job and job.end_date is None
    assert audit_rows(member, "member.job_ended") == []


def test_a_job_may_end_on_the_day_it_started(app, staff, acme):
    member = make_member()
    start(member, acme, date(2024, 3, 1), actor=staff)
    assert end_job(member, actor=staff, end_date=date(2024, 3, 1)).end_date == date(2024, 3, 1)


def test_ending_a_job_when_there_is_none_is_refused(app, staff):
    member = make_member()
    with pytest.raises(DomainError) as error:
        end_job(member, actor=staff, end_date=date(2024, 3, 1))
    assert error.value.field == "end_date"


def test_a_new_job_cannot_start_before_the_previous_one_ended(app, staff, acme):
    member = make_member()
    start(member, acme, date(2020, 1, 6), actor=staff)
    end_job(member, actor=staff, end_date=date(2021, 6, 30))

    with pytest.raises(DomainError) as error:
        start(member, acme, date(2021, 6, 29), actor=staff)

    assert error.value.field == "start_date"
    assert "06/30/2021" in error.value.message
    assert open_jobs(member) == 0
    next_job = start(member, acme, date(2021, 6, 30), actor=staff)  # the day it ended is fine
    assert current_job(member.jobs) is next_job
    db.session.expire(member, ["jobs"])
    assert [j.start_date for j in member.jobs] == [date(2021, 6, 30), date(2020, 1, 6)]  # newest first


@pytest.mark.parametrize("kind", ["employer", "non_union"])
def test_employers_of_either_kind_can_be_chosen(app, staff, kind):
    member = make_member()
    job = start(member, make_employer(name=f"A {kind}", kind=kind), date(2024, 1, 2), actor=staff)
    assert job.employer.kind == kind


@pytest.mark.parametrize("kind", ["training_partner", "government_agency", "other_union"])
def test_an_organization_that_is_not_an_employer_cannot_be_chosen(app, staff, kind):
    member = make_member()
    with pytest.raises(DomainError) as error:
        start(member, make_employer(name="Not An Employer", kind=kind), date(2024, 1, 2), actor=staff)
    assert error.value.field == "employer_id"
    assert open_jobs(member) == 0


def test_an_archived_or_unknown_employer_cannot_be_chosen(app, staff, acme):
    member = make_member()
    archive_organization(acme, actor=staff)
    with pytest.raises(DomainError) as error:
        start(member, acme, date(2024, 1, 2), actor=staff)
    assert error.value.field == "employer_id"
    with pytest.raises(DomainError) as error:
        add_job(
            member, actor=staff, employer_id=999_999, classification_id=classification_id(), start_date=date(2024, 1, 2)
        )
    assert error.value.field == "employer_id"
    assert open_jobs(member) == 0


def test_an_unknown_job_classification_is_refused(app, staff, acme):
    member = make_member()
    with pytest.raises(DomainError) as error:
        add_job(member, actor=staff, employer_id=acme.id, classification_id=999_999, start_date=date(2024, 1, 2))
    assert error.value.field == "classification_id"
