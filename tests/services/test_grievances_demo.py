"""The demo grievances: every step and status, some due soon and overdue as of today, amounts, one of each kind."""

from collections import Counter

from sqlalchemy import select

from hallweb.auth.models import User
from hallweb.extensions import db
from hallweb.grievances.models import Grievance, GrievanceEvent
from hallweb.grievances.queries import deadline_counts
from hallweb.seed import seed_demo


def test_the_demo_has_grievances_at_every_step_and_status(app):
    seed_demo(members=60, employers=6, seed=7, user_password=lambda role: "a long enough demo passphrase")
    grievances = db.session.scalars(select(Grievance)).all()
    assert 18 <= len(grievances) <= 25
    statuses = Counter(g.status for g in grievances)
    assert statuses["withdrawn"] == 1 and statuses["arbitration"] == 1
    assert statuses["settled"] >= 2 and statuses["closed"] >= 1
    assert {1, 2, 3, 4} <= {g.step for g in grievances}
    assert sum(g.is_policy for g in grievances) == 1
    assert any(g.filed_late for g in grievances) and any(g.deadline_extended for g in grievances)
    amounts = [g.settlement_amount for g in grievances if g.settlement_amount]
    assert len(amounts) >= 2 and all(a.as_tuple().exponent == -2 for a in amounts)
    assert len({g.employer_id for g in grievances}) >= 3
    counts = deadline_counts(3)
    assert counts["due_soon"] >= 2 and counts["overdue"] >= 2, counts
    kinds = Counter(db.session.scalars(select(GrievanceEvent.kind)))
    assert kinds["meeting"] >= 5 and kinds["answer"] >= 4
    member_user = db.session.scalar(select(User).where(User.email == "member@example.org"))
    assert any(g.member is not None and g.member.user_id == member_user.id for g in grievances)
