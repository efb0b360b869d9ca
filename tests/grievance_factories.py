"""Test data for grievances: filed through the service (numbers, clocks and audit rows as the app makes them)."""

from datetime import date

from hallweb.extensions import db
from hallweb.grievances.filing import file_grievance
from hallweb.grievances.models import Grievance, Holiday
from tests.factories import make_employer, make_member

INCIDENT = date(2026, 11, 2)  # a Monday
FILED = date(2026, 11, 4)  # a Wednesday: the answer is due Thursday 19 November across Veterans Day


def ensure_holiday(day: date, name: str) -> None:
    """The holiday on the list (the migration seeds this year's and next year's: it may be there already)."""
    if db.session.query(Holiday.id).filter(Holiday.day == day).first() is None:
        db.session.add(Holiday(day=day, name=name))
        db.session.commit()


def make_grievance(*, actor=None, member=None, employer=None, policy=False, **fields) -> Grievance:
    """A committed grievance filed on 4 November 2026 for an incident on the 2nd, at step 1 unless told."""
    if employer is None:
        employer = make_employer()
    if member is None and not policy:
        member = make_member()
    values = {
        "incident_date": INCIDENT,
        "filed_date": FILED,
        "article": "Article 4.2 Overtime",
        "violation": "Overtime was given out of seniority order.",
        "remedy": "Make the grievant whole for the hours lost.",
        "step": 1,
    }
    values.update(fields)
    g = file_grievance(
        actor=actor,
        card_number=None if policy else member.card_number,
        is_policy=policy,
        employer_id=employer.id,
        **values,
    )
    db.session.commit()
    return g


def put_at(g: Grievance, status: str, step: int) -> Grievance:
    """Force a grievance into a status and step (bypassing the moves), committed: to walk the table."""
    g.status, g.step = status, step
    db.session.commit()
    return g
