"""Demo data: a realistic hall made with Faker, the same for the same seed; bulk inserts so 100,000
members take seconds, not hours. It only adds rows, never deletes any."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from faker import Faker
from sqlalchemy import func, insert, select

from hallweb.audit import services as audit
from hallweb.auth.accounts import create_user
from hallweb.auth.models import RoleName
from hallweb.auth.services import find_user_by_email
from hallweb.benevolence.demo import seed_benevolence
from hallweb.certifications.demo import seed_certifications
from hallweb.classifications.models import Classification
from hallweb.db.search_keys import phone_key, search_key
from hallweb.extensions import db
from hallweb.grievances.demo import seed_grievances
from hallweb.members.models import Employment, Member, MemberStatus
from hallweb.organizations.models import Contact, Organization, OrganizationKind
from hallweb.organizing.demo import seed_organizing
from hallweb.training.demo import seed_training_demo

BATCH = 5000
STATUS_WEIGHTS = {
    MemberStatus.ACTIVE: 80,
    MemberStatus.INACTIVE: 6,
    MemberStatus.RETIRED: 8,
    MemberStatus.SUSPENDED: 2,
    MemberStatus.DROPPED: 3,
    MemberStatus.DECEASED: 1,
}
RETIREE = "retiree"  # the classification a retired member holds
TRADE_WORDS = ["Electric", "Electrical Contractors", "Power & Light", "Systems", "Energy Services", "Controls"]


class AlreadySeeded(Exception):
    pass


@dataclass
class SeedReport:
    members: int = 0
    organizations: int = 0
    jobs: int = 0
    users: dict = field(default_factory=dict)  # email -> password (None when the account existed)


def seed_demo(
    *, members: int = 500, employers: int = 40, seed: int = 1, force: bool = False, user_password=None
) -> SeedReport:
    """Add `members` members with employment histories, `employers` employers with contacts, one user per
    role. Refuses (AlreadySeeded) when members exist, unless force. user_password(role) gives passwords."""
    if not force and db.session.scalar(select(func.count()).select_from(Member)):
        raise AlreadySeeded("The database already has members; use --force to add more.")
    fake = Faker("en_US")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    report = SeedReport()
    org_ids = _seed_organizations(fake, rng, employers, report)
    classes = dict(db.session.execute(select(Classification.code, Classification.id)).all())
    _seed_members(fake, rng, members, classes, org_ids, report)
    _seed_users(rng, report, user_password)
    seed_training_demo(rng, report, user_password)
    seed_certifications(rng)  # certifications/demo.py: about 24 members' certificates
    seed_benevolence(rng, report, user_password)  # reviewers (printed with the users) and 25 applications
    seed_organizing(rng, report, user_password)  # campaigns, salt applications, the organizer's member
    seed_grievances(seed)  # about twenty grievances at every step (hallweb/grievances/demo.py)
    audit.record(
        None,
        "seed.demo_loaded",
        changes={"members": report.members, "organizations": report.organizations, "jobs": report.jobs, "seed": seed},
    )
    return report


def _seed_organizations(fake, rng, count, report) -> list[int]:
    signatory = []
    for i in range(count):
        kind = OrganizationKind.EMPLOYER if i < count * 3 // 4 else OrganizationKind.NON_UNION
        name = f"{fake.last_name()} {rng.choice(TRADE_WORDS)}"
        domain = search_key(name).replace(" ", "").replace("&", "") + ".example.com"
        org = Organization(
            name=name,
            kind=kind,
            phone=fake.numerify("###-###-####"),
            email=f"office@{domain}",
            website=f"https://{domain}",
            address=f"{fake.street_address()}\n{fake.city()}, {fake.state_abbr()} {fake.zipcode()}",
        )
        db.session.add(org)
        for _ in range(rng.randint(1, 3)):
            person = fake.name()
            db.session.add(
                Contact(
                    organization=org,
                    name=person,
                    title=rng.choice(
                        ["Owner", "Project manager", "Superintendent", "Office manager", "Safety director"]
                    ),
                    email=search_key(person).replace(" ", ".") + f"@{domain}",
                    phone=fake.numerify("###-###-####"),
                )
            )
        db.session.flush()
        report.organizations += 1
        if kind == OrganizationKind.EMPLOYER or rng.random() < 0.3:
            signatory.append(org.id)
    return signatory


def _pools(fake, rng, size=2000):
    """Faker is slow per call: draw names and addresses from pools, which keeps 100,000 rows quick."""
    return {
        "first": [fake.first_name() for _ in range(size)],
        "last": [fake.last_name() for _ in range(size)],
        "street": [fake.street_address() for _ in range(size)],
        "city": [(fake.city(), fake.state_abbr(), fake.zipcode()) for _ in range(size // 4)],
    }


def _seed_members(fake, rng, count, classes, employer_ids, report):
    pools = _pools(fake, rng)
    taken_cards = set(db.session.scalars(select(Member.card_number)))
    start = (db.session.scalar(select(func.max(Member.id))) or 0) + 1
    statuses, weights = zip(*STATUS_WEIGHTS.items(), strict=True)
    working = [class_id for code, class_id in classes.items() if code != RETIREE]
    today = date.today()
    number = start
    for offset in range(0, count, BATCH):
        rows = []
        for _ in range(min(BATCH, count - offset)):
            while f"C{number:07d}" in taken_cards:
                number += 1
            card = f"C{number:07d}"
            number += 1
            first, last = rng.choice(pools["first"]), rng.choice(pools["last"])
            city, state, zipcode = rng.choice(pools["city"])
            status = rng.choices(statuses, weights)[0]
            retired = status == MemberStatus.RETIRED
            born = today - timedelta(
                days=rng.randint(60 * 365, 85 * 365) if retired else rng.randint(18 * 365, 70 * 365)
            )
            phone = f"{rng.randint(200, 989)}-{rng.randint(200, 999)}-{rng.randint(0, 9999):04d}"
            rows.append(
                {
                    "card_number": card,
                    "first_name": first,
                    "last_name": last,
                    "first_name_key": search_key(first),
                    "last_name_key": search_key(last),
                    "date_of_birth": born,
                    "email": f"{search_key(first)}.{search_key(last)}.{card.lower()}@example.net",
                    "phone": phone,
                    "phone_key": phone_key(phone),
                    "address_line1": rng.choice(pools["street"]),
                    "city": city,
                    "state": state,
                    "postal_code": zipcode,
                    "classification_id": classes[RETIREE] if retired else rng.choice(working),
                    "status": status,
                    "initiation_date": _initiated(rng, born, today),
                    "home_local": "Local 000",
                }
            )
        ids = db.session.scalars(insert(Member).returning(Member.id, sort_by_parameter_order=True), rows).all()
        report.members += len(ids)
        jobs = [
            job
            for member_id, row in zip(ids, rows, strict=True)
            for job in _jobs(rng, member_id, row, employer_ids, today)
        ]
        if jobs:
            db.session.execute(insert(Employment), jobs)
            report.jobs += len(jobs)


def _initiated(rng, born: date, today: date) -> date | None:
    """Initiated at 18 or later and at least a month ago, so dates spread over decades; a few unknown."""
    earliest, latest = born + timedelta(days=18 * 366), today - timedelta(days=30)
    if rng.random() < 0.1 or earliest > latest:
        return None
    return earliest + timedelta(days=rng.randint(0, (latest - earliest).days))


def _jobs(rng, member_id, member, employer_ids, today):
    """Up to three past jobs and, for most active members, a current one; never overlapping."""
    jobs = []
    start = member["initiation_date"] or today - timedelta(days=rng.randint(100, 4000))

    def job(begin, end):
        return {
            "member_id": member_id,
            "employer_id": rng.choice(employer_ids),
            "classification_id": member["classification_id"],
            "start_date": begin,
            "end_date": end,
        }

    for _ in range(rng.randint(0, 3)):
        end = start + timedelta(days=rng.randint(60, 900))
        if end >= today:
            break
        jobs.append(job(start, end))
        start = end + timedelta(days=rng.randint(1, 120))
    if member["status"] == MemberStatus.ACTIVE and rng.random() < 0.75:
        begin = min(max(start, today - timedelta(days=rng.randint(30, 1500))), today)
        jobs.append(job(begin, None))
    return jobs


def _seed_users(rng, report, user_password):
    """One user per role; the member's account is linked to an active member record of the same name."""
    record = db.session.scalar(
        select(Member)
        .where(Member.user_id.is_(None), Member.status == MemberStatus.ACTIVE)
        .order_by(Member.id)
        .limit(1)
    )
    for role in RoleName:
        email = f"{role.value}@example.org"
        if find_user_by_email(email) is not None:
            report.users[email] = None
            continue
        password = user_password(role)
        linked = record if role == RoleName.MEMBER else None
        user = create_user(
            actor=None,
            email=email,
            first_name=linked.first_name if linked else "Demo",
            last_name=linked.last_name if linked else role.value.capitalize(),
            roles=[role.value],
            password=password,
        )
        report.users[email] = password
        if linked:
            linked.user_id = user.id
