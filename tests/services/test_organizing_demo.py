"""The demo hall's organizing: about 30 activities over a dozen targets, salt applications with follow-ups and
one correction, and a demo organizer whose activity is logged as theirs."""

from datetime import date

from sqlalchemy import func, select

from hallweb.auth.models import User
from hallweb.extensions import db
from hallweb.members.models import Member
from hallweb.organizing.models import Activity, SaltApplication, SaltFollowUp
from hallweb.seed import seed_demo

PASSWORD = "a long enough demo passphrase"


def seed(**overrides):
    return seed_demo(**{"members": 60, "employers": 16, "seed": 7, "user_password": lambda role: PASSWORD, **overrides})


def test_the_demo_logs_about_30_activities_across_a_dozen_targets_within_the_rules(app):
    seed()
    activities = db.session.scalars(select(Activity)).all()
    assert 25 <= len(activities) <= 35
    assert len({a.employer_id for a in activities}) == 12
    assert all(0 <= a.cards_signed <= a.workers_contacted for a in activities)
    assert all(a.activity_date <= date.today() for a in activities)
    assert sum(a.cards_signed for a in activities) > 0
    assert {a.employer.kind for a in activities} <= {"employer", "non_union"}
    non_union = {a.employer_id for a in activities if a.employer.kind == "non_union"}
    assert non_union, "the non-union employers are targets first"


def test_the_demo_organizer_signs_in_and_logs_as_a_member(app):
    seed()
    organizer = db.session.scalar(select(User).where(User.email == "organizer@example.org"))
    assert organizer.role_names() == {"organizer"}
    member_id = db.session.scalar(select(Member.id).where(Member.user_id == organizer.id))
    assert member_id is not None
    assert db.session.scalar(select(func.count()).where(Activity.organizer_id == member_id)) > 0


def test_the_demo_salt_applications_have_follow_ups_and_one_correction(app):
    seed()
    entries = db.session.scalars(select(SaltApplication)).all()
    corrections = [e for e in entries if e.corrects_id]
    assert len(entries) >= 8
    assert len(corrections) == 1 and corrections[0].correction_reason
    corrected = db.session.get(SaltApplication, corrections[0].corrects_id)
    assert corrected.employer_id == corrections[0].employer_id
    follow_ups = db.session.scalars(select(SaltFollowUp)).all()
    assert follow_ups and all(
        f.followed_up_on >= db.session.get(SaltApplication, f.application_id).applied_on for f in follow_ups
    )


def test_seeding_again_adds_activity_and_no_user(app):
    seed()
    users = db.session.scalar(select(func.count()).select_from(User))
    first = db.session.scalar(select(func.count()).select_from(Activity))
    report = seed(force=True)
    assert db.session.scalar(select(func.count()).select_from(User)) == users
    assert db.session.scalar(select(func.count()).select_from(Activity)) == 2 * first
    assert set(report.users.values()) == {None}
