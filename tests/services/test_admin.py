"""Account administration: invitations, created users, roles with expiry, suspension, unlocking."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from hallweb.auth import accounts as admin
from hallweb.auth import services as auth
from hallweb.auth import sessions
from hallweb.auth.models import Role
from hallweb.auth.passwords import check_password
from hallweb.db.db_types import utcnow
from hallweb.errors import Conflict, DomainError, NotAllowed
from hallweb.extensions import db
from hallweb.outbox import services as outbox
from tests.factories import PASSWORD
from tests.support import audit_rows

STRONG = "marmalade orbit under the bridge"


def audited_once_by(actor, user, action):
    rows = audit_rows(user, action)
    assert len(rows) == 1, f"{action}: {len(rows)} rows"
    assert rows[0].actor_id == actor.id
    return rows[0]


def role_id(name):
    return db.session.scalar(select(Role.id).where(Role.name == name))


@pytest.fixture
def boss(make):
    return make.user("admin")


def test_invite_creates_a_passwordless_user_and_emails_an_invitation_link(app, boss, mailbox):
    user = admin.invite_user(
        actor=boss, email="New.Steward@Example.org", first_name="Nell", last_name="Steward", roles=["staff"]
    )
    db.session.commit()
    assert outbox.deliver_ready() == 1

    assert (user.email, user.password_hash, user.email_verified_at) == ("new.steward@example.org", None, None)
    assert user.role_names() == {"staff"}
    link = mailbox.link_in(mailbox.last_to("new.steward@example.org"), "/auth/invite/")
    assert link.startswith("http://hall.test/auth/invite/")
    assert boss.full_name in mailbox.text_of(mailbox.last_to("new.steward@example.org"))
    audited_once_by(boss, user, "user.invited")
    assert audited_once_by(boss, user, "user.created").changes["via"] == "invitation"


def test_inviting_a_taken_email_is_a_conflict_on_the_email_field(app, boss, make, mailbox):
    taken = make.user()
    with pytest.raises(Conflict) as conflict:
        admin.invite_user(actor=boss, email=taken.email.upper(), first_name="A", last_name="B", roles=[])
    assert conflict.value.field == "email"
    db.session.commit()
    assert outbox.deliver_ready() == 0


def test_created_user_is_verified_and_can_sign_in(app, boss):
    user = admin.create_user(
        actor=boss,
        email="clerk@example.org",
        first_name="Cy",
        last_name="Clerk",
        roles=["staff", "officer"],
        password=STRONG,
    )
    assert user.email_verified_at is not None
    assert check_password(user.password_hash, STRONG)
    assert user.role_names() == {"staff", "officer"}
    assert auth.sign_in("clerk@example.org", STRONG, ip=None, user_agent=None).user == user
    assert audited_once_by(boss, user, "user.created").changes["via"] == "admin"
    assert len(audit_rows(user, "user.role_granted")) == 2


def test_create_user_refuses_a_weak_password(app, boss):
    with pytest.raises(DomainError) as weak:
        admin.create_user(
            actor=boss, email="clerk@example.org", first_name="Cy", last_name="Clerk", roles=[], password="password1234"
        )
    assert weak.value.field == "password"
    assert auth.find_user_by_email("clerk@example.org") is None


def test_grant_role_with_expiry_holds_until_it_expires(app, boss, make):
    user = make.user()
    grant = admin.grant_role(actor=boss, user=user, role_name="officer", expires_at=utcnow() + timedelta(days=30))
    assert user.has_role("officer")
    row = audited_once_by(boss, user, "user.role_granted")
    assert row.changes["role"] == "officer"

    grant.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()

    assert not user.has_role("officer")
    assert "officer" not in user.role_names()


def test_expired_admin_grant_grants_nothing(app, make):
    user = make.user("admin")
    user.grants[0].expires_at = utcnow() - timedelta(minutes=1)
    assert not user.has_role("staff")
    assert user.role_names() == set()


def test_grant_with_an_expiry_in_the_past_is_refused(app, boss, make):
    user = make.user()
    with pytest.raises(DomainError) as past:
        admin.grant_role(actor=boss, user=user, role_name="officer", expires_at=utcnow() - timedelta(days=1))
    assert past.value.field == "expires_on"
    assert not user.has_role("officer")
    assert audit_rows(user, "user.role_granted") == []


def test_granting_a_held_role_again_changes_its_expiry(app, boss, make):
    user = make.user("officer")
    until = utcnow() + timedelta(days=3)
    admin.grant_role(actor=boss, user=user, role_name="officer", expires_at=until)
    assert [g.expires_at for g in user.grants] == [until]


def test_remove_role_takes_it_away_and_is_audited(app, boss, make):
    user = make.user("staff", "officer")
    admin.remove_role(actor=boss, user=user, role_id=role_id("staff"))
    db.session.commit()
    db.session.expire_all()
    assert user.role_names() == {"officer"}
    assert audited_once_by(boss, user, "user.role_removed").changes == {"role": "staff"}


def test_last_admin_cannot_lose_the_admin_role(app, boss):
    with pytest.raises(NotAllowed):
        admin.remove_role(actor=boss, user=boss, role_id=role_id("admin"))
    assert boss.has_role("admin")


def test_an_expired_admin_grant_does_not_count_as_another_admin(app, boss, make):
    make.user("admin").grants[0].expires_at = utcnow() - timedelta(minutes=1)
    with pytest.raises(NotAllowed):
        admin.remove_role(actor=boss, user=boss, role_id=role_id("admin"))


def test_an_expired_admin_grant_can_be_removed_while_one_admin_remains(app, boss, make):
    former = make.user("admin")
    former.grants[0].expires_at = utcnow() - timedelta(minutes=1)
    admin.remove_role(actor=boss, user=former, role_id=role_id("admin"))
    assert former.grants == []


def test_an_admin_can_lose_the_role_while_another_remains(app, boss, make):
    other = make.user("admin")
    admin.remove_role(actor=boss, user=other, role_id=role_id("admin"))
    assert not other.has_role("admin")


def test_suspending_ends_every_session_and_blocks_sign_in(app, boss, make):
    user = make.user()
    _, raw = sessions.start_session(user, ip=None, user_agent=None)

    admin.suspend_user(actor=boss, user=user, message="  Dues unpaid.  ")

    assert sessions.find_live_session(raw) is None
    assert user.suspension_message == "Dues unpaid."
    assert not user.is_active
    assert audited_once_by(boss, user, "user.suspended").changes["sessions_ended"] == 1
    with pytest.raises(auth.AccountSuspended, match="Dues unpaid."):
        auth.sign_in(user.email, PASSWORD, ip=None, user_agent=None)


def test_admin_cannot_suspend_themself(app, boss):
    with pytest.raises(NotAllowed):
        admin.suspend_user(actor=boss, user=boss, message="oops")
    assert boss.suspended_at is None


def test_unsuspending_lets_the_user_sign_in_again(app, boss, make):
    user = make.user()
    admin.suspend_user(actor=boss, user=user, message="Dues unpaid.")
    admin.unsuspend_user(actor=boss, user=user)
    assert (user.suspended_at, user.suspension_message) == (None, None)
    assert auth.sign_in(user.email, PASSWORD, ip=None, user_agent=None).user == user
    audited_once_by(boss, user, "user.unsuspended")


def test_unsuspending_an_active_user_is_refused(app, boss, make):
    with pytest.raises(DomainError):
        admin.unsuspend_user(actor=boss, user=make.user())


def test_unlock_clears_the_lockout(app, boss, make):
    user = make.user(locked_until=utcnow() + timedelta(minutes=25), failed_login_count=2)
    admin.unlock_user(actor=boss, user=user)
    assert (user.locked_until, user.failed_login_count) == (None, 0)
    assert auth.sign_in(user.email, PASSWORD, ip=None, user_agent=None).user == user
    audited_once_by(boss, user, "user.unlocked")
