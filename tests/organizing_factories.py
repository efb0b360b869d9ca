"""Test data for organizing: organizers (a user linked to a member), target employers, activity, salt entries."""

from datetime import date

from hallweb.extensions import db
from hallweb.members.services import link_user
from hallweb.organizing import salt_applications
from hallweb.organizing.services import log_activity
from tests import factories
from tests.factories import make_employer, make_member


def organizer(first_name: str = "Olive", last_name: str | None = None, *roles: str):
    """A verified user holding the organizer role (and `roles`), linked to a member of the same name."""
    user = factories.user("organizer", *roles, first_name=first_name)
    member = make_member(first_name=first_name, last_name=last_name or user.last_name)
    link_user(member, actor=None, user=user)
    db.session.commit()
    return user, member


def target(name: str | None = None):
    return make_employer(name, kind="non_union")


def activity(actor, employer, **overrides):
    """An activity logged by actor (as the member linked to them unless organizer_id is given), committed."""
    values = {
        "employer_id": employer.id,
        "activity_date": date(2026, 3, 2),
        "activity_type": "site_visit",
        "outcome": "positive",
        "location": "Main gate",
        "workers_contacted": 10,
        "cards_signed": 4,
        "description": "Talked to the crew at lunch.",
    }
    values.update(overrides)
    logged = log_activity(actor=actor, **values)
    db.session.commit()
    return logged


def salt_application(actor, employer, salt, **overrides):
    values = {
        "salt_id": salt.id,
        "applied_on": date(2026, 2, 16),
        "posting": "Journeyman electrician, posted on the company site (ref. JE-114)",
        "availability": "Immediately, full time",
    }
    values.update(overrides)
    entry = salt_applications.record_salt_application(actor=actor, employer_id=employer.id, **values)
    db.session.commit()
    return entry
