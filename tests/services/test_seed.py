"""Demo data: realistic, deterministic for a seed, refuses a database with members unless forced, never deletes."""

from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from hallweb.audit.models import AuditLog
from hallweb.auth.models import RoleName, User
from hallweb.auth.passwords import check_password
from hallweb.db.search_keys import search_key
from hallweb.extensions import db
from hallweb.members.models import Employment, Member
from hallweb.organizations.models import EMPLOYER_KINDS, Organization
from hallweb.seed import AlreadySeeded, seed_demo
from tests.factories import make_member

PASSWORD = "a long enough demo passphrase"


def seed(**overrides):
    return seed_demo(**{"members": 60, "employers": 6, "seed": 7, "user_password": lambda role: PASSWORD, **overrides})


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def members_by_id():
    return db.session.scalars(select(Member).order_by(Member.id)).all()


def test_seed_creates_members_with_search_keys_and_valid_details(app):
    report = seed()

    members = members_by_id()
    assert (report.members, len(members)) == (60, 60)
    for m in members:
        assert m.first_name and m.last_name
        assert (m.first_name_key, m.last_name_key) == (search_key(m.first_name), search_key(m.last_name))
        assert m.email == m.email.lower()
    assert len({m.card_number for m in members}) == 60
    assert len({m.email for m in members}) == 60


def test_seed_creates_employment_histories_with_at_most_one_open_job_in_order(app):
    report = seed()

    jobs = db.session.scalars(select(Employment).order_by(Employment.member_id, Employment.start_date)).all()
    assert report.jobs == len(jobs) > 0
    open_per_member = Counter(j.member_id for j in jobs if j.end_date is None)
    assert open_per_member, "some members have a current job"
    assert max(open_per_member.values()) == 1
    by_member = {}
    for job in jobs:
        by_member.setdefault(job.member_id, []).append(job)
        assert job.employer.kind in EMPLOYER_KINDS
    for history in by_member.values():
        for earlier, later in zip(history, history[1:], strict=False):
            assert earlier.end_date is not None, "only the last job may be open"
            assert earlier.start_date <= earlier.end_date < later.start_date  # never overlapping


def test_seed_creates_organizations_with_contacts(app):
    report = seed()

    organizations = db.session.scalars(select(Organization)).all()
    assert (report.organizations, len(organizations)) == (6, 6)
    assert all(org.contacts for org in organizations)
    assert all(org.name_key == search_key(org.name) for org in organizations)
    assert {org.kind for org in organizations} == {"employer", "non_union"}


def test_seed_creates_one_verified_user_per_role_holding_that_role(app):
    report = seed()

    everyone = db.session.scalars(select(User).order_by(User.email)).all()
    users = [u for u in everyone if not u.email.startswith("fund.")]  # benevolence adds a reviewer per level
    per_role = [u for u in users if u.email.removesuffix("@example.org") in set(RoleName)]  # training: instructor2
    assert len(per_role) == len(RoleName) == 6
    for role in RoleName:
        user = next(u for u in users if u.email == f"{role.value}@example.org")
        assert user.role_names() == {role.value}
        assert user.is_verified
        assert check_password(user.password_hash, PASSWORD)
        assert report.users[user.email] == PASSWORD
    member_user = next(u for u in users if u.email == "member@example.org")
    assert db.session.scalar(select(Member.id).where(Member.user_id == member_user.id)) is not None
    assert db.session.scalar(select(AuditLog.changes).where(AuditLog.action == "seed.demo_loaded"))["members"] == 60


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(app):
    seed()
    seed(force=True)
    seed(force=True, seed=8)

    names = [(m.first_name, m.last_name, m.date_of_birth) for m in members_by_id()]
    first, second, other = names[:60], names[60:120], names[120:]
    assert first[:10] == second[:10]
    assert first == second
    assert other[:10] != first[:10]
    organizations = db.session.scalars(select(Organization.name).order_by(Organization.id)).all()
    assert organizations[:6] == organizations[6:12]


def test_seed_refuses_a_database_that_has_members_unless_forced(app):
    make_member()

    with pytest.raises(AlreadySeeded):
        seed()
    assert count(Member) == 1
    assert count(Organization) == 0

    seed(force=True)
    assert count(Member) == 61


def test_seed_never_deletes_anything(app):
    existing = make_member(first_name="Keep", last_name="Me")
    seed(force=True)
    after_first = count(Member), count(Organization), count(Employment), count(User)

    report = seed(force=True)

    assert count(Member) == after_first[0] + 60
    assert count(Organization) == after_first[1] + 6
    assert count(Employment) == after_first[2] + report.jobs
    assert count(User) == after_first[3]  # the demo users exist already: kept, not made again
    assert set(report.users.values()) == {None}
    db.session.expire_all()
    assert db.session.get(Member, existing.id).full_name == "Keep Me"


def test_initiation_dates_spread_over_decades_and_are_never_today(app):
    seed(members=200)
    members = members_by_id()
    dates = [m.initiation_date for m in members if m.initiation_date]
    assert len(dates) > 150
    assert max(dates) <= date.today() - timedelta(days=30)
    assert max(dates).year - min(dates).year >= 30
    assert all(
        m.initiation_date >= m.date_of_birth.replace(year=m.date_of_birth.year + 18)
        for m in members
        if m.initiation_date
    )


def test_retired_members_and_only_they_hold_the_retiree_classification(app):
    seed(members=200)
    members = members_by_id()
    retired = [m for m in members if m.status == "retired"]
    assert retired
    assert all(m.classification.code == "retiree" for m in retired)
    assert all(m.classification.code != "retiree" for m in members if m.status != "retired")


def test_the_demo_members_account_is_linked_to_a_record_of_the_same_name(app):
    seed()
    user = db.session.scalar(select(User).where(User.email == "member@example.org"))
    record = db.session.scalar(select(Member).where(Member.user_id == user.id))
    assert (user.first_name, user.last_name) == (record.first_name, record.last_name)
    assert record.status == "active"
