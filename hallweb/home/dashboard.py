"""The home page's cards: what needs each user today. A domain adds its card here, in the order shown.

    @card("home/_grievances.html", can_read_grievances)
    def grievances(viewer): return {"due_soon": ...}   # or None to leave the card out

A card shows when its policy allows the viewer and its loader returns a context.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from hallweb.auth.models import Role, RoleName, User, UserRole
from hallweb.db.db_types import utcnow
from hallweb.extensions import db
from hallweb.members.models import LinkRequestStatus, Member, MemberLinkRequest, MemberStatus
from hallweb.members.policies import can_manage_members
from hallweb.members.queries import member_of
from hallweb.organizing.home import organizer_card
from hallweb.outbox.models import OutboxMessage, OutboxStatus
from hallweb.policies import can_administer

RECENT = 8
GRANTS_EXPIRING_WITHIN = timedelta(days=14)


@dataclass(frozen=True)
class Card:
    template: str
    allowed: Callable
    load: Callable


CARDS: list[Card] = []


def card(template: str, allowed: Callable):
    def register(load):
        CARDS.append(Card(template, allowed, load))
        return load

    return register


def cards_for(viewer) -> list[tuple[str, dict]]:
    """(template, context) of each card this viewer gets."""
    shown = []
    for c in CARDS:
        if c.allowed(viewer) and (ctx := c.load(viewer)) is not None:
            shown.append((c.template, ctx))
    return shown


@card("home/_office.html", can_manage_members)
def office(viewer):
    """Staff: link requests waiting, emails that failed, members changed lately, members by status."""
    return {
        "link_requests": db.session.scalar(
            select(func.count(MemberLinkRequest.id)).where(MemberLinkRequest.status == LinkRequestStatus.PENDING)
        ),
        "failed_emails": db.session.scalar(
            select(func.count(OutboxMessage.id)).where(
                OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.attempts > 0
            )
        ),
        "recent": db.session.scalars(
            select(Member).where(Member.archived_at.is_(None)).order_by(Member.updated_at.desc()).limit(RECENT)
        ).all(),
        "by_status": dict(
            db.session.execute(
                select(Member.status, func.count(Member.id)).where(Member.archived_at.is_(None)).group_by(Member.status)
            ).all()
        ),
        "statuses": list(MemberStatus),
    }


@card("home/_accounts.html", can_administer)
def accounts(viewer):
    """Admins: sign-ups still to verify their email, role grants about to expire."""
    now = utcnow()
    return {
        "unverified": db.session.scalars(
            select(User)
            .where(User.email_verified_at.is_(None), User.password_hash.is_not(None))
            .order_by(User.created_at.desc())
            .limit(RECENT)
        ).all(),
        "expiring": db.session.execute(
            select(User, Role.name, UserRole.expires_at)
            .join(UserRole, UserRole.user_id == User.id)
            .join(Role, Role.id == UserRole.role_id)
            .where(UserRole.expires_at > now, UserRole.expires_at <= now + GRANTS_EXPIRING_WITHIN)
            .order_by(UserRole.expires_at)
        ).all(),
    }


def holds(role: RoleName) -> Callable:
    """Cards about a user's own work show only for a role the user really holds, not through admin."""
    return lambda user: role in user.role_names()


@card("home/_instructor.html", holds(RoleName.INSTRUCTOR))
def instructor(viewer):
    from hallweb.hall_clock import hall_today
    from hallweb.training.queries.my_sessions import my_sessions

    return {"mine": my_sessions(viewer.id, hall_today())}


@card("home/_organizer.html", holds(RoleName.ORGANIZER))
def organizer(viewer):
    return organizer_card(viewer)  # their campaigns and recent activity


@card("home/_my_record.html", holds(RoleName.MEMBER))
def my_record(viewer):
    return {"member": member_of(viewer)}
