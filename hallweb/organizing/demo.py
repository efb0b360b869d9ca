"""Demo organizing: about 30 activities across a dozen target employers, salt applications with follow-ups
and one correction, and a demo organizer who signs in (`flask seed demo`). Only adds rows."""

from datetime import date, timedelta

from sqlalchemy import select

from hallweb.auth.accounts import create_user
from hallweb.auth.models import RoleName
from hallweb.auth.services import find_user_by_email
from hallweb.extensions import db
from hallweb.members.models import Member, MemberStatus
from hallweb.organizations.models import EMPLOYER_KINDS, Organization, OrganizationKind
from hallweb.organizing.models import Activity, ActivityType, Outcome, SaltApplication, SaltFollowUp

TARGETS = 12
ACTIVITIES = 30
ORGANIZER_EMAIL = "organizer@example.org"
DESCRIPTIONS = {
    ActivityType.OUTREACH: "Called workers from the list the salts put together.",
    ActivityType.SITE_VISIT: "Visited the job site at the lunch break.",
    ActivityType.LEAFLETING: "Handed out leaflets on wages and benefits at the shift change.",
    ActivityType.ONE_ON_ONE: "One-on-one conversation about safety on the job.",
    ActivityType.MEETING: "House meeting with workers from the crew.",
    ActivityType.PETITION_DRIVE: "Petition for paid overtime after 40 hours.",
    ActivityType.CARD_SIGNING: "Card signing session after work.",
    ActivityType.INFORMATION_SESSION: "Information session on the apprenticeship and the union scale.",
    ActivityType.OTHER: "Took part in the community job fair.",
}
POSTINGS = [
    "Journeyman electrician, advertised on the company website",
    "Electrician helper, posted on a job board",
    "Commercial wireman, ad in the local paper",
    "Service technician, sign at the shop door",
]


def seed_organizing(rng, report, user_password) -> dict:
    """Add the demo campaigns; the demo organizer is linked to a member so activity is logged as theirs."""
    today = date.today()
    organizers = _organizers(rng, report, user_password)
    if not organizers:
        return {"activities": 0, "salt_applications": 0}
    targets = _targets()
    if not targets:
        return {"activities": 0, "salt_applications": 0}
    activities = 0
    for n in range(ACTIVITIES):
        employer = targets[0] if n % 5 == 0 else targets[n % len(targets)]  # one campaign stands out
        kind = rng.choice(list(ActivityType))
        contacted = 0 if kind == ActivityType.OTHER else rng.randint(1, 25)
        outcome = Outcome.NO_CONTACT if contacted == 0 else rng.choice(list(Outcome)[:3])
        cards = rng.randint(0, contacted) if outcome == Outcome.POSITIVE else rng.randint(0, contacted // 4)
        db.session.add(
            Activity(
                organizer_id=rng.choice(organizers),
                employer_id=employer.id,
                activity_date=today - timedelta(days=rng.randint(0, 240)),
                activity_type=kind,
                outcome=outcome,
                location=rng.choice(["Job site gate", "Union hall", "Diner on Main St", "Parking lot", None]),
                workers_contacted=contacted,
                cards_signed=cards,
                description=DESCRIPTIONS[kind],
            )
        )
        activities += 1
    salts = _salt_applications(rng, targets[:4], today)
    db.session.flush()
    return {"activities": activities, "salt_applications": salts}


def _organizers(rng, report, user_password) -> list[int]:
    """The demo organizer's member (linked to the account, made if missing) and two volunteers without accounts."""
    free = db.session.scalars(
        select(Member)
        .where(Member.user_id.is_(None), Member.status == MemberStatus.ACTIVE, Member.archived_at.is_(None))
        .order_by(Member.id.desc())
        .limit(3)
    ).all()
    if not free:
        return []
    user = find_user_by_email(ORGANIZER_EMAIL)
    if user is None:
        password = user_password(RoleName.ORGANIZER)
        user = create_user(
            actor=None,
            email=ORGANIZER_EMAIL,
            first_name="Demo",
            last_name="Organizer",
            roles=[RoleName.ORGANIZER.value],
            password=password,
        )
        report.users[ORGANIZER_EMAIL] = password
    linked = db.session.scalar(select(Member.id).where(Member.user_id == user.id))
    if linked is None:
        free[0].user_id = user.id
        linked = free[0].id
        free = free[1:]
    return [linked, *(m.id for m in free)]


def _targets() -> list[Organization]:
    """A dozen targets: the non-union employers on file, then (a small hall has few) signatory ones, whose
    non-union work is organized too. Only employers the demo made or found: it adds no organization."""
    return list(
        db.session.scalars(
            select(Organization)
            .where(Organization.kind.in_(EMPLOYER_KINDS), Organization.archived_at.is_(None))
            .order_by(Organization.kind != OrganizationKind.NON_UNION, Organization.id.desc())
            .limit(TARGETS)
        )
    )


def _salt_applications(rng, targets, today) -> int:
    """Two applications at each of four targets, most followed up; the first is corrected once."""
    salts = db.session.scalars(
        select(Member.id).where(Member.status == MemberStatus.ACTIVE).order_by(Member.id).limit(8)
    ).all()
    count = 0
    first = None
    for i, salt_id in enumerate(salts):
        applied = today - timedelta(days=rng.randint(20, 150))
        entry = SaltApplication(
            employer_id=targets[i % len(targets)].id,
            salt_id=salt_id,
            applied_on=applied,
            posting=rng.choice(POSTINGS),
            availability=rng.choice(["Immediately, full time", "From next Monday", "Two weeks' notice"]),
        )
        db.session.add(entry)
        db.session.flush()
        count += 1
        first = first or entry
        for k in range(rng.randint(0, 2)):
            db.session.add(
                SaltFollowUp(
                    application_id=entry.id,
                    followed_up_on=min(today, applied + timedelta(days=7 * (k + 1))),
                    note=rng.choice(["Called the office: no answer yet.", "Dropped by: told to wait.", "Emailed HR."]),
                )
            )
    if first is not None:
        db.session.add(
            SaltApplication(
                employer_id=first.employer_id,
                salt_id=first.salt_id,
                applied_on=first.applied_on - timedelta(days=3),
                posting=first.posting,
                availability=first.availability,
                corrects_id=first.id,
                correction_reason="The application was made three days earlier, as the receipt shows.",
            )
        )
        count += 1
    return count
