"""The hall keeps an administrator without an expiry, whatever admins do to admin grants, also when two
admins act at the same moment."""

import contextlib
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from hallweb.auth import accounts
from hallweb.auth.models import Role, RoleName, UserRole
from hallweb.db.db_types import utcnow
from hallweb.errors import NotAllowed
from hallweb.extensions import db
from tests import factories
from tests.live_app import at_once, scratch_app


def admin_role_id() -> int:
    return db.session.scalar(select(Role.id).where(Role.name == RoleName.ADMIN))


def admin_grant(user) -> UserRole:
    return next(g for g in user.grants if g.role.name == RoleName.ADMIN)


def unexpiring_admins() -> int:
    return len(
        db.session.scalars(
            select(UserRole.id).join(Role).where(Role.name == RoleName.ADMIN, UserRole.expires_at.is_(None))
        ).all()
    )


@pytest.fixture
def boss(make):
    return make.user("admin")


def test_the_only_admin_cannot_give_their_own_grant_an_expiry(app, boss):
    with pytest.raises(NotAllowed):
        accounts.grant_role(actor=boss, user=boss, role_name="admin", expires_at=utcnow() + timedelta(days=1))
    assert admin_grant(boss).expires_at is None


def test_an_admin_grant_may_get_an_expiry_while_another_admin_has_none(app, boss, make):
    other = make.user("admin")
    until = utcnow() + timedelta(days=30)
    accounts.grant_role(actor=boss, user=other, role_name="admin", expires_at=until)
    assert admin_grant(other).expires_at == until


def test_an_admin_whose_grant_expires_does_not_keep_the_hall_administered(app, boss, make):
    make.user("admin").grants[0].expires_at = utcnow() + timedelta(days=30)  # an admin until next month
    with pytest.raises(NotAllowed):
        accounts.remove_role(actor=boss, user=boss, role_id=admin_role_id())
    with pytest.raises(NotAllowed):
        accounts.grant_role(actor=boss, user=boss, role_name="admin", expires_at=utcnow() + timedelta(days=60))
    assert admin_grant(boss).expires_at is None


def test_a_suspended_admin_does_not_keep_the_hall_administered(app, boss, make):
    other = make.user("admin")
    accounts.suspend_user(actor=boss, user=other, message="Away.")
    with pytest.raises(NotAllowed):
        accounts.remove_role(actor=boss, user=boss, role_id=admin_role_id())


def test_an_expiring_admin_grant_can_be_removed_or_changed_beside_the_last_unexpiring_one(app, boss, make):
    temporary = make.user("admin")
    admin_grant(temporary).expires_at = utcnow() + timedelta(days=3)
    accounts.grant_role(actor=boss, user=temporary, role_name="admin", expires_at=utcnow() + timedelta(days=9))
    accounts.remove_role(actor=boss, user=temporary, role_id=admin_role_id())
    assert unexpiring_admins() == 1


def test_other_roles_are_not_held_to_the_rule(app, boss, make):
    officer = make.user("officer")
    accounts.grant_role(actor=boss, user=officer, role_name="officer", expires_at=utcnow() + timedelta(days=3))
    accounts.remove_role(actor=boss, user=officer, role_id=officer.grants[0].role_id)
    assert officer.grants == []


# Two admins at the same moment, each through its own request and connection.


@pytest.fixture(scope="module")
def live_app(request, tmp_path_factory, smtp):
    with scratch_app(request, tmp_path_factory, smtp, "admins") as app:
        yield app


@pytest.fixture
def two_admins(live_app):
    """Two admins signed in, each in a browser of its own; the only admins of the hall."""
    with live_app.app_context():
        db.session.execute(db.delete(UserRole).where(UserRole.role_id == admin_role_id()))
        admins = [factories.user("admin") for _ in range(2)]
        ids, emails = [a.id for a in admins], [a.email for a in admins]
        role_id = admin_role_id()
    browsers = []
    for email in emails:
        browser = live_app.test_client()
        sign_in = browser.post("/auth/login", data={"email": email, "password": factories.PASSWORD})
        assert sign_in.status_code == 303
        browsers.append(browser)
    return browsers, ids, role_id


def meeting_after(monkeypatch, name: str):
    """Make accounts.<name> wait for the other request once it has decided, before its request commits, so
    both decide before either commits unless the first holds a lock the second waits for (then the first
    gives up waiting and commits)."""
    original = getattr(accounts, name)
    meeting = threading.Barrier(2, timeout=2)

    def decided_then_wait(**kwargs):
        result = original(**kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            meeting.wait()
        return result

    monkeypatch.setattr(accounts, name, decided_then_wait)


def answers(results) -> list:
    return sorted(r if isinstance(r, Exception) else r.status_code for r in results)


def test_two_admins_removing_each_other_at_once_leave_one(live_app, two_admins, monkeypatch):
    (first, second), (first_id, second_id), role_id = two_admins
    meeting_after(monkeypatch, "remove_role")
    results = at_once(
        lambda: first.post(f"/admin/users/{second_id}/roles/{role_id}/remove"),
        lambda: second.post(f"/admin/users/{first_id}/roles/{role_id}/remove"),
    )
    assert answers(results) == [303, 403]
    with live_app.app_context():
        assert unexpiring_admins() == 1


def test_two_admins_giving_each_other_an_expiry_at_once_leave_one_without(live_app, two_admins, monkeypatch):
    (first, second), (first_id, second_id), _ = two_admins
    meeting_after(monkeypatch, "grant_role")
    until = (utcnow() + timedelta(days=7)).date().isoformat()
    results = at_once(
        lambda: first.post(f"/admin/users/{second_id}/roles", data={"role": "admin", "expires_on": until}),
        lambda: second.post(f"/admin/users/{first_id}/roles", data={"role": "admin", "expires_on": until}),
    )
    assert answers(results) == [303, 422]
    with live_app.app_context():
        assert unexpiring_admins() == 1
