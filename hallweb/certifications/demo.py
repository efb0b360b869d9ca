"""Demo certifications: about 24 members hold some, a few expiring within 60 days, a few expired, one renewed."""

import random
from datetime import timedelta

from sqlalchemy import select

from hallweb.certifications.models import CertificationType
from hallweb.certifications.services import record_certification, renew_certification
from hallweb.extensions import db
from hallweb.hall_clock import hall_today
from hallweb.members.models import Member, MemberStatus

HOLDERS = 24
ISSUERS = ["Local 000 Training Center", "Red Cross", "National Safety Council", "United Rentals Training"]


def seed_certifications(rng: random.Random, holders: int = HOLDERS) -> int:
    """Certificates for the first `holders` active members; returns how many were recorded. Expiry dates fall
    around today so the Expiring view and the home card have something to show."""
    members = db.session.scalars(
        select(Member).where(Member.status == MemberStatus.ACTIVE).order_by(Member.id).limit(holders)
    ).all()
    today = hall_today()
    recorded = 0
    for n, member in enumerate(members):
        record_certification(
            member,
            actor=None,
            type=CertificationType.OSHA_10 if n % 3 else CertificationType.OSHA_30,
            issue_date=today - timedelta(days=rng.randint(200, 3000)),
            issuer=ISSUERS[0],
            certificate_number=f"OSHA-{rng.randint(100000, 999999)}",
        )
        recorded += 1
        # CPR lasts 2 years: issued about 2 years ago it expires soon, a bit longer ago it has expired.
        if n % 4 == 0:
            issued = today - timedelta(days=730 - rng.randint(5, 55))  # expiring within 60 days
        elif n % 4 == 1:
            issued = today - timedelta(days=730 + rng.randint(5, 200))  # expired
        else:
            issued = today - timedelta(days=rng.randint(30, 500))
        cpr = record_certification(
            member,
            actor=None,
            type=CertificationType.CPR,
            issue_date=issued,
            issuer=ISSUERS[1],
            certificate_number=f"CPR-{rng.randint(10000, 99999)}",
        )
        recorded += 1
        if n % 5 == 2:
            record_certification(
                member,
                actor=None,
                type=rng.choice([CertificationType.FORKLIFT, CertificationType.AERIAL_LIFT, CertificationType.FLAGGER]),
                issue_date=today - timedelta(days=rng.randint(60, 1200)),
                issuer=ISSUERS[3],
                certificate_number=f"EQ-{rng.randint(1000, 9999)}",
            )
            recorded += 1
        if n == 1:  # an expired CPR renewed: the old one kept in the chain
            renew_certification(
                cpr,
                actor=None,
                expected_version=cpr.version,
                issue_date=today - timedelta(days=3),
                certificate_number=f"CPR-{rng.randint(10000, 99999)}",
            )
            recorded += 1
    db.session.flush()
    return recorded
