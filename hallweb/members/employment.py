"""Employment history: at most one open job per member (also a partial unique index)."""

from datetime import date, timedelta

from sqlalchemy.exc import IntegrityError

from hallweb.audit import services as audit
from hallweb.auth.models import User
from hallweb.classifications.models import Classification
from hallweb.db.versioning import ensure_editable
from hallweb.errors import Conflict, DomainError
from hallweb.extensions import db
from hallweb.formats import day
from hallweb.members.models import Employment, Member
from hallweb.organizations.models import EMPLOYER_KINDS, Organization

DAYS_AHEAD = 366  # a job may be recorded before it starts or ends (a dispatch for next month), not further


def _not_far_ahead(day: date, field: str, what: str) -> None:
    """A job's date a year or more ahead is a slip (9999 for 2025), not a plan: refused beside the field."""
    if day > date.today() + timedelta(days=DAYS_AHEAD):
        raise DomainError(f"A job cannot {what} more than a year in the future.", field=field)


def current_job(jobs):
    """The open job among a member's jobs (Employment objects or job rows), if any."""
    return next((job for job in jobs if job.end_date is None), None)


def add_job(member: Member, *, actor: User, employer_id: int, classification_id: int, start_date: date) -> Employment:
    """Start a job. The current one must be ended first, a job cannot start before the last one ended, nor
    more than a year ahead."""
    ensure_editable(member)
    _not_far_ahead(start_date, "start_date", "start")
    if current_job(member.jobs) is not None:
        raise Conflict("This member already has a current job: end it before adding another.", field="start_date")
    employer = db.session.get(Organization, employer_id)
    if employer is None or employer.kind not in EMPLOYER_KINDS or employer.archived_at is not None:
        raise DomainError("Choose an employer from the list.", field="employer_id")
    if db.session.get(Classification, classification_id) is None:
        raise DomainError("Choose a classification from the list.", field="classification_id")
    last_end = max((job.end_date for job in member.jobs if job.end_date), default=None)
    if last_end and start_date < last_end:
        raise DomainError(
            f"The previous job ended on {day(last_end)}; a new one cannot start earlier.", field="start_date"
        )
    try:
        with db.session.begin_nested():  # the job is made inside it, so a refused one leaves the session clean
            job = Employment(
                member=member, employer=employer, classification_id=classification_id, start_date=start_date
            )
            db.session.add(job)
            db.session.flush()
    except IntegrityError:
        raise Conflict(
            "This member already has a current job: end it before adding another.", field="start_date"
        ) from None
    audit.record(
        actor, "member.job_started", member, {"employer": employer.name, "start_date": start_date, "job_id": job.id}
    )
    return job


def end_job(member: Member, *, actor: User, end_date: date) -> Employment:
    ensure_editable(member)
    job = current_job(member.jobs)
    if job is None:
        raise DomainError("This member has no current job.", field="end_date")
    _not_far_ahead(end_date, "end_date", "end")
    if end_date < job.start_date:
        raise DomainError(f"The job started on {day(job.start_date)}; it cannot end earlier.", field="end_date")
    job.end_date = end_date
    audit.record(
        actor, "member.job_ended", member, {"employer": job.employer.name, "end_date": end_date, "job_id": job.id}
    )
    db.session.flush()
    return job
