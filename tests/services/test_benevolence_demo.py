"""`flask seed demo` adds reviewers and 25 benevolence applications at every status, reviewed at the right levels."""

from collections import Counter

from sqlalchemy import select

from hallweb.benevolence import rules, settings
from hallweb.benevolence.models import Application, ReviewerLevel, Status
from hallweb.extensions import db
from hallweb.seed import seed_demo

PASSWORD = "demo password for every role"


def test_the_demo_has_applications_at_every_status_reviewed_at_the_right_levels(app):
    report = seed_demo(members=60, employers=6, seed=3, user_password=lambda role: PASSWORD)
    db.session.commit()
    applications = db.session.scalars(select(Application)).unique().all()
    assert len(applications) == 25
    assert set(Counter(a.status for a in applications)) == set(Status)
    limits = settings.level_limits()
    for a in applications:
        needed = [level.value for level in rules.levels_needed(a.amount_requested, limits)]
        approvals = [r.level for r in a.reviews if r.decision == "approved" and r.review_round == a.review_round]
        assert approvals == needed[: len(approvals)], a.id
        if a.status in ("approved", "paid"):
            assert approvals == needed
        if a.status in ("submitted", "under_review"):
            assert a.awaiting_level == needed[len(approvals)]
    over = [a for a in applications if a.amount_requested > settings.cap_per_application()]
    assert over and all(a.is_overridden for a in over if a.status == "paid")
    assert any(a.status == "needs_info" for a in applications)
    assert {r.level for r in db.session.scalars(select(ReviewerLevel))} == {"vp", "admin", "manager", "president"}
    assert report.users["fund.vp@example.org"] == PASSWORD
    linked = [a for a in applications if a.member.user and a.member.user.email == "member@example.org"]
    assert linked, "the demo member has an application of their own"
