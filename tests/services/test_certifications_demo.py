"""Demo certifications: about 24 members hold some; some expire within 60 days, some have expired, one renewed."""

from collections import Counter

from sqlalchemy import func, select

from hallweb.certifications.models import Certification
from hallweb.certifications.queries import expiring_counts
from hallweb.extensions import db
from hallweb.hall_clock import hall_today
from hallweb.seed import seed_demo


def test_the_demo_gives_certificates_expiring_expired_and_one_renewal(app):
    seed_demo(members=60, employers=6, seed=7, user_password=lambda role: "a long enough demo passphrase")

    holders = db.session.scalar(select(func.count(func.distinct(Certification.member_id))))
    assert 20 <= holders <= 24
    counts = expiring_counts(hall_today())
    assert counts["within_60"] >= 3
    assert counts["expired"] >= 3
    statuses = Counter(db.session.scalars(select(Certification.status)))
    assert statuses["renewed"] == 1
    renewal = db.session.scalar(select(Certification).where(Certification.renews_id.is_not(None)))
    assert renewal.status == "active" and renewal.renews.status == "renewed"
