"""Who reviews at which level: an administrator assigns levels to officers (benevolence_reviewer_levels)."""

from sqlalchemy import select

from hallweb.audit import services as audit
from hallweb.auth.models import RoleName, User
from hallweb.benevolence.models import Level, ReviewerLevel
from hallweb.benevolence.policies import can_assign_benevolence_reviewers
from hallweb.benevolence.rules import level_label
from hallweb.errors import Conflict, DomainError, NotFound
from hallweb.extensions import db
from hallweb.policies import ensure


def levels_of(user) -> list[str]:
    """The levels this user reviews at, in the order of review."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    held = set(db.session.scalars(select(ReviewerLevel.level).where(ReviewerLevel.user_id == user.id)))
    return [level.value for level in Level if level in held]


def holds_level(user, level: str) -> bool:
    return level in levels_of(user)


def assignments() -> list[ReviewerLevel]:
    return list(db.session.scalars(select(ReviewerLevel).order_by(ReviewerLevel.level, ReviewerLevel.id)))


def officer_options() -> list[tuple[int, str]]:
    """(id, "Name (email)") of the accounts holding the officer role, for the assignment form."""
    users = db.session.scalars(select(User).order_by(User.last_name, User.first_name, User.id)).all()
    return [(u.id, f"{u.full_name} ({u.email})") for u in users if RoleName.OFFICER in u.role_names()]


def assign_level(*, actor, user_id: int, level: str) -> ReviewerLevel:
    """Officers review; an administrator says at which level. An account without the officer role cannot."""
    ensure(can_assign_benevolence_reviewers(actor), "Only an administrator assigns review levels.")
    if level not in set(Level):
        raise DomainError("Choose a level from the list.", field="level")
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None:
        raise DomainError("Choose an officer from the list.", field="user_id")
    if RoleName.OFFICER not in user.role_names():
        raise DomainError(f"{user.full_name} is not an officer: only officers review.", field="user_id")
    if holds_level(user, level):
        raise Conflict(f"{user.full_name} reviews at the {level_label(level)} level already.", field="level")
    assignment = ReviewerLevel(user_id=user.id, level=level)
    db.session.add(assignment)
    db.session.flush()
    audit.record(actor, "benevolence.reviewer_assigned", user, {"review_level": [None, level]})
    return assignment


def remove_level(assignment_id: int, *, actor) -> None:
    ensure(can_assign_benevolence_reviewers(actor), "Only an administrator assigns review levels.")
    assignment = db.session.get(ReviewerLevel, assignment_id)
    if assignment is None:
        raise NotFound("There is no such review level assignment.")
    audit.record(actor, "benevolence.reviewer_removed", assignment.user, {"review_level": [assignment.level, None]})
    db.session.delete(assignment)
    db.session.flush()
