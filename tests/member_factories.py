"""Plain factories for members and organizations, built through the services (so search keys and audit
rows are what the app itself writes). Use them inside a test that has the `app` fixture.

    member = make_member(first_name="Rosa", last_name="Parks")   # unique card number and email
    no_email = make_member(email=None)
    acme = make_employer(name="Acme Electric")                     # kind="employer"
    target = make_employer(name="Scab Wiring", kind="non_union")
"""

from datetime import date
from itertools import count

from faker import Faker
from sqlalchemy import select

from hallweb.classifications.models import Classification
from hallweb.extensions import db
from hallweb.members.models import Member
from hallweb.members.services import create_member
from hallweb.organizations.models import Organization
from hallweb.organizations.services import create_organization

fake = Faker()
fake.seed_instance(2024)
_serial = count(1)


def classification_id(code: str | None = None) -> int:
    """The id of a seeded classification: `code` (e.g. "foreman"), or the first one in sort order."""
    stmt = select(Classification.id).order_by(Classification.sort_order, Classification.id).limit(1)
    if code is not None:
        stmt = stmt.where(Classification.code == code)
    found = db.session.scalar(stmt)
    assert found is not None, f"no classification {code!r}"
    return found


def make_member(**fields) -> Member:
    """A member made by create_member (actor=None). Card number "T000001"... and email
    "member1@example.net"... are unique per test run; any profile field can be overridden
    (email=None for a member without email)."""
    n = next(_serial)
    values = {
        "card_number": f"T{n:06d}",
        "first_name": fake.first_name(),
        "last_name": fake.last_name(),
        "email": f"member{n}@example.net",
        "date_of_birth": date(1980, 1, 1),
        "phone": "555-0100",
    }
    values.update(fields)
    if "classification_id" not in values:
        values["classification_id"] = classification_id()
    return create_member(actor=None, **values)


def make_employer(name: str | None = None, kind: str = "employer", **fields) -> Organization:
    """An organization made by create_organization (actor=None); an employer unless `kind` says otherwise."""
    n = next(_serial)
    return create_organization(actor=None, name=name or f"Employer {n} Electric", kind=kind, **fields)
