"""Account administration: invitations, accounts made by an admin or the CLI, roles, suspension, unlocking."""

from datetime import datetime

from flask import current_app
from sqlalchemy import select

from hallweb.audit import services as audit
from hallweb.auth import emails, sessions, throttle
from hallweb.auth.models import Role, RoleName, User, UserRole
from hallweb.auth.passwords import hash_password
from hallweb.auth.services import check_new_password, find_user_by_email, grant_role_by_name, normalize_email
from hallweb.db.constraints import flush_unique
from hallweb.db.db_types import utcnow
from hallweb.errors import Conflict, DomainError, NotAllowed
from hallweb.extensions import db


def _new_user(actor, email, first_name, last_name, roles, via) -> User:
    email = normalize_email(email)
    if find_user_by_email(email) is not None:
        raise Conflict("An account with this email already exists.", field="email")
    user = User(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        timezone=current_app.config["DEFAULT_TIMEZONE"],
    )
    db.session.add(user)
    flush_unique()
    audit.record(actor, "user.created", user, {"email": email, "via": via})
    for name in roles:
        grant_role_by_name(user, name, actor=actor)
    return user


def invite_user(*, actor: User | None, email: str, first_name: str, last_name: str, roles: list[str]) -> User:
    """Create an account without a password and email a 7-day link to set one."""
    user = _new_user(actor, email, first_name, last_name, roles, via="invitation")
    emails.send_invite(user, invited_by=actor)
    audit.record(actor, "user.invited", user, {"email": user.email})
    return user


def create_user(
    *, actor: User | None, email: str, first_name: str, last_name: str, roles: list[str], password: str
) -> User:
    """Create a verified account with a password (admin page and `flask users create`)."""
    check_new_password(password, [email, first_name, last_name])
    user = _new_user(actor, email, first_name, last_name, roles, via="admin")
    user.password_hash = hash_password(password)
    user.email_verified_at = utcnow()
    return user


def grant_role(*, actor: User, user: User, role_name: str, expires_at: datetime | None) -> UserRole:
    """Grant a role, or change the expiry of one held. An admin grant given an expiry must leave another
    admin without one (see _keep_an_unexpiring_admin)."""
    if expires_at is not None and expires_at <= utcnow():
        raise DomainError("The expiry must be in the future.", field="expires_on")
    held = next((g for g in user.grants if g.role.name == role_name), None)
    if held is not None and expires_at is not None:
        _keep_an_unexpiring_admin(held, "The last administrator without an expiry cannot be given one.")
    return grant_role_by_name(user, role_name, actor=actor, expires_at=expires_at)


def remove_role(*, actor: User, user: User, role_id: int) -> None:
    grant = next((g for g in user.grants if g.role_id == role_id), None)
    if grant is None:
        raise DomainError("This user does not hold that role.")
    _keep_an_unexpiring_admin(grant, "The last administrator cannot lose the admin role.")
    user.grants.remove(grant)
    audit.record(actor, "user.role_removed", user, {"role": grant.role.name})


def _keep_an_unexpiring_admin(grant: UserRole, refusal: str) -> None:
    """Refuse to remove `grant`, or give it an expiry, when it is the last admin grant without an expiry
    held by an account that can sign in: the hall would be left with no administrator, or with one only
    until a date.

    The admin grants are read locked (SELECT ... FOR UPDATE on PostgreSQL; on SQLite the request's
    transaction already holds the database's write lock, see hallweb.db.transactions): two admins removing
    each other at the same moment are checked one after the other, and the second sees the first's change.
    """
    if grant.role.name != RoleName.ADMIN:
        return
    unexpiring = db.session.scalars(
        select(UserRole.id)
        .join(Role, Role.id == UserRole.role_id)
        .join(User, User.id == UserRole.user_id)
        .where(
            Role.name == RoleName.ADMIN,
            UserRole.expires_at.is_(None),
            User.active.is_(True),
            User.suspended_at.is_(None),
        )
        .order_by(UserRole.id)
        .with_for_update(of=UserRole)
    ).all()
    if grant.expires_at is None and grant.id not in unexpiring and grant.user.is_active:
        raise Conflict("This role was changed meanwhile: reload the page and try again.")
    if grant.id in unexpiring and len(unexpiring) <= 1:
        raise NotAllowed(refusal)


def suspend_user(*, actor: User, user: User, message: str) -> None:
    """Suspend an account: it cannot sign in, and every session it has ends now."""
    if user.id == actor.id:
        raise NotAllowed("You cannot suspend your own account.")
    if user.suspended_at is not None:
        raise DomainError("This account is already suspended.")
    user.suspended_at = utcnow()
    user.suspension_message = message.strip()
    ended = sessions.revoke_sessions(user)
    audit.record(actor, "user.suspended", user, {"message": user.suspension_message, "sessions_ended": ended})


def unsuspend_user(*, actor: User, user: User) -> None:
    if user.suspended_at is None:
        raise DomainError("This account is not suspended.")
    audit.record(actor, "user.unsuspended", user, {"suspended_at": [user.suspended_at, None]})
    user.suspended_at = None
    user.suspension_message = None


def unlock_user(*, actor: User, user: User) -> None:
    """End every sign-in pause on the account, from every client address."""
    cleared = throttle.clear(user.email)  # before the user's row: sign-in takes these rows first
    audit.record(actor, "user.unlocked", user, {"locked_until": [user.locked_until, None], "pauses_ended": cleared})
    user.locked_until = None
    user.failed_login_count = 0


def all_roles() -> list[Role]:
    return db.session.scalars(select(Role).order_by(Role.id)).all()
