"""Plain factory functions for test data: users, members, employers, jobs, classifications. Faker with a fixed seed.

Members, employers and jobs are made through the services (so search keys and audit rows are what the app
itself writes) and committed. Use them inside a test that has the `app` fixture.

    staff = user("staff")
    member = make_member(first_name="Rosa", last_name="Parks")   # unique card number and email
    no_email = make_member(email=None)
    acme = make_employer(name="Acme Electric")                     # kind="employer"
    target = make_employer(name="Scab Wiring", kind="non_union")
    give_job(member, acme, start=date(2020, 1, 6))
"""

from datetime import date, timedelta
from itertools import count

from faker import Faker
from sqlalchemy import insert, select

from hallweb.auth.models import Role, User
from hallweb.auth.passwords import hash_password
from hallweb.auth.services import grant_role_by_name
from hallweb.classifications.models import Classification
from hallweb.db.db_types import utcnow
from hallweb.db.search_keys import phone_key, search_key
from hallweb.extensions import db
from hallweb.members import employment
from hallweb.members.models import Employment, Member
from hallweb.members.services import create_member
from hallweb.organizations.models import Organization, OrganizationKind
from hallweb.organizations.services import create_organization

fake = Faker()
Faker.seed(4321)
_serial = count(1)

PASSWORD = "correct horse battery staple"


# --- users ----------------------------------------------------------------------------------------------------


def user(*roles: str, verified: bool = True, password: str | None = PASSWORD, **fields) -> User:
    n = next(_serial)
    values = {
        "email": f"user{n}.{fake.user_name()}@example.org".lower(),
        "first_name": fake.first_name(),
        "last_name": fake.last_name(),
        "password_hash": hash_password(password) if password else None,
        "email_verified_at": utcnow() - timedelta(days=1) if verified else None,
    }
    values.update(fields)
    u = User(**values)
    db.session.add(u)
    db.session.flush()
    for role in roles:
        grant_role_by_name(u, role, actor=None)
    db.session.commit()
    return u


def role_id(name: str) -> int:
    return db.session.scalar(select(Role.id).where(Role.name == name))


# --- classifications ------------------------------------------------------------------------------------------


def classification_id(code: str | None = None) -> int:
    """The id of a seeded classification: `code` (e.g. "foreman"), or the first one in sort order."""
    stmt = select(Classification.id).order_by(Classification.sort_order, Classification.id).limit(1)
    if code is not None:
        stmt = stmt.where(Classification.code == code)
    found = db.session.scalar(stmt)
    assert found is not None, f"no classification {code!r}"
    return found


def classification_ids() -> list[int]:
    """The seeded classifications' ids, in their list order."""
    return list(db.session.scalars(select(Classification.id).order_by(Classification.sort_order, Classification.id)))


# --- members --------------------------------------------------------------------------------------------------


def make_member(**fields) -> Member:
    """A committed member made by create_member (actor=None). Card number "T000001"... and email
    "member1@example.net"... are unique per test run; the name "Pat Placeholder00001"... is one that searches
    will not hit by accident. Any profile field can be given (email=None for a member without email)."""
    n = next(_serial)
    values = {
        "card_number": f"T{n:06d}",
        "first_name": "Pat",
        "last_name": f"Placeholder{n:05d}",
        "email": f"member{n}@example.net",
        "date_of_birth": date(1980, 1, 1),
        "phone": "555-0100",
    }
    values.update(fields)
    if "classification_id" not in values:
        values["classification_id"] = classification_id()
    member = create_member(actor=None, confirm_duplicate=True, **values)  # test data may repeat a name
    db.session.commit()
    return member


def insert_members(rows: list[dict]) -> None:
    """Members in one INSERT (fast; no audit rows), committed; search keys are set as the app sets them."""
    for row in rows:
        row.setdefault("first_name_key", search_key(row["first_name"]))
        row.setdefault("last_name_key", search_key(row["last_name"]))
        row.setdefault("phone_key", phone_key(row.get("phone")))
        row.setdefault("status", "active")
    db.session.execute(insert(Member), rows)
    db.session.commit()


def bulk_members(n: int, *, prefix: str = "Bulk", start: int = 0, **common) -> None:
    """n members named Sam <prefix>0000, Sam <prefix>0001 ... (see insert_members).

    Names and card numbers sort in the same order as the numbers; classifications take turns (so a lazy
    load per row would show up as extra queries, not hide behind one cached classification).
    """
    classifications = classification_ids()
    insert_members(
        [
            {
                "card_number": f"{prefix.upper()}{i:06d}",
                "first_name": "Sam",
                "last_name": f"{prefix}{i:04d}",
                "classification_id": classifications[i % len(classifications)],
                **common,
            }
            for i in range(start, start + n)
        ]
    )


def ids_of_members(prefix: str) -> list[int]:
    """Ids of the members whose last name starts with prefix, in name order."""
    return list(
        db.session.scalars(
            select(Member.id).where(Member.last_name.startswith(prefix)).order_by(Member.last_name_key, Member.id)
        )
    )


# --- employers and jobs ---------------------------------------------------------------------------------------


def make_employer(name: str | None = None, kind: str = OrganizationKind.EMPLOYER, **fields) -> Organization:
    """A committed organization made by create_organization (actor=None); an employer unless `kind` says
    otherwise."""
    n = next(_serial)
    org = create_organization(
        actor=None, name=name or f"Employer {n} Electric", kind=kind, confirm_duplicate=True, **fields
    )
    db.session.commit()
    return org


def give_job(member: Member, employer: Organization, start: date = date(2020, 1, 6), end: date | None = None):
    """A job in the first classification (ended when `end` is given), committed."""
    job = employment.add_job(
        member, actor=None, employer_id=employer.id, classification_id=classification_ids()[0], start_date=start
    )
    if end is not None:
        employment.end_job(member, actor=None, end_date=end)
    db.session.commit()
    return job


def bulk_organizations(n: int, start: int = 0) -> None:
    """n employers "Contractor 0000" ... in one INSERT (no audit rows), committed."""
    rows = [
        {
            "name": f"Contractor {i:04d}",
            "name_key": search_key(f"Contractor {i:04d}"),
            "kind": OrganizationKind.EMPLOYER,
        }
        for i in range(start, start + n)
    ]
    db.session.execute(insert(Organization), rows)
    db.session.commit()


def bulk_jobs(member_ids: list[int], employer: Organization) -> None:
    """An open job at employer for each member, job classifications taking turns; one INSERT, committed."""
    classifications = classification_ids()
    db.session.execute(
        insert(Employment),
        [
            {
                "member_id": m,
                "employer_id": employer.id,
                "classification_id": classifications[n % len(classifications)],
                "start_date": date(2022, 1, 3),
            }
            for n, m in enumerate(member_ids)
        ],
    )
    db.session.commit()


def bulk_past_jobs(member: Member, n: int) -> None:
    """n ended jobs for member, each at another "Contractor" (bulk_organizations) and in another job
    classification; one INSERT, committed."""
    classifications = classification_ids()
    employers = db.session.scalars(
        select(Organization.id).where(Organization.name.startswith("Contractor")).order_by(Organization.id).limit(n)
    ).all()
    db.session.execute(
        insert(Employment),
        [
            {
                "member_id": member.id,
                "employer_id": e,
                "classification_id": classifications[k % len(classifications)],
                "start_date": date(2000 + k, 1, 1),
                "end_date": date(2000 + k, 12, 31),
            }
            for k, e in enumerate(employers)
        ],
    )
    db.session.commit()
