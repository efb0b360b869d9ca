"""Linking sign-in accounts to member records: a self-registered member asks and staff confirm, or staff
invite a member to the portal from the member's page."""

from datetime import date

from sqlalchemy import select

from hallweb.audit import services as audit
from hallweb.auth import accounts
from hallweb.auth.models import RoleName, User
from hallweb.auth.services import find_user_by_email
from hallweb.db.db_types import utcnow
from hallweb.db.versioning import ensure_editable
from hallweb.errors import Conflict, DomainError
from hallweb.extensions import db
from hallweb.members import emails, services
from hallweb.members.models import LinkRequestStatus, Member, MemberLinkRequest


def pending_request_of(user: User) -> MemberLinkRequest | None:
    return db.session.scalar(
        select(MemberLinkRequest).where(
            MemberLinkRequest.user_id == user.id, MemberLinkRequest.status == LinkRequestStatus.PENDING
        )
    )


def invite_member(member: Member, *, actor: User) -> User:
    """Invite the member to the portal at the email on file: an account with the member role, linked to this
    record at once. It cannot sign in until the invitation (sent to that address) sets a password, so only
    whoever reads the member's mail can use it; accepting it needs no second step."""
    ensure_editable(member)
    if member.user_id is not None:
        raise Conflict("This member already has an account.")
    if not member.email:
        raise DomainError("There is no email address on file: add one to the member's record first.")
    if find_user_by_email(member.email) is not None:
        raise Conflict(
            f"An account already signs in with {member.email}: link that account here instead.", field="email"
        )
    user = accounts.invite_user(
        actor=actor,
        email=member.email,
        first_name=member.first_name,
        last_name=member.last_name,
        roles=[RoleName.MEMBER],
    )
    services.link_user(member, actor=actor, user=user)
    return user


def latest_request_of(user: User) -> MemberLinkRequest | None:
    """The user's newest request, whatever its status (/me shows a pending one, or why the last was refused)."""
    return db.session.scalar(
        select(MemberLinkRequest)
        .where(MemberLinkRequest.user_id == user.id)
        .order_by(MemberLinkRequest.created_at.desc(), MemberLinkRequest.id.desc())
        .limit(1)
    )


def request_member_link(user: User, *, card_number: str, date_of_birth: date) -> MemberLinkRequest:
    """Record the request; staff decide. The answer is the same whether or not the details match,
    so the form cannot be used to test card numbers and birth dates."""
    if pending_request_of(user) is not None:
        raise DomainError("You already asked to be linked; the hall office will confirm it.")
    card_number = card_number.strip().upper()
    match = db.session.scalar(
        select(Member).where(
            Member.card_number == card_number,
            Member.date_of_birth == date_of_birth,
            Member.user_id.is_(None),
            Member.archived_at.is_(None),
        )
    )
    link_request = MemberLinkRequest(
        user_id=user.id, card_number=card_number, date_of_birth=date_of_birth, member_id=match.id if match else None
    )
    db.session.add(link_request)
    db.session.flush()
    audit.record(
        user, "member.link_requested", link_request, {"card_number": card_number, "matched": match is not None}
    )
    return link_request


def withdraw_link_request(user: User) -> MemberLinkRequest:
    """The member takes back their pending request (a mistyped card number, say) and may ask again."""
    link_request = pending_request_of(user)
    if link_request is None:
        raise DomainError("You have no pending request to withdraw.")
    _decide(link_request, user, LinkRequestStatus.WITHDRAWN)
    return link_request


def _ensure_pending(link_request: MemberLinkRequest) -> None:
    if link_request.status == LinkRequestStatus.WITHDRAWN:
        raise DomainError("The member withdrew this request.")
    if link_request.status != LinkRequestStatus.PENDING:
        raise DomainError("This request was already decided.")


def approve_link_request(link_request: MemberLinkRequest, *, actor: User) -> None:
    """Link the account to the matched member; the member is told by email."""
    _ensure_pending(link_request)
    if link_request.member is None:
        raise DomainError(
            "No member matches this card number and date of birth: reject it, or link the account "
            "from the member's page."
        )
    services.link_user(link_request.member, actor=actor, user=link_request.user)
    _decide(link_request, actor, LinkRequestStatus.APPROVED)
    emails.send_link_approved(link_request.user)


def reject_link_request(link_request: MemberLinkRequest, *, actor: User, reason: str) -> None:
    """Refuse the request with a reason, which the member is emailed: they need to know what to fix."""
    _ensure_pending(link_request)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Say why, for the member: they are emailed the reason.", field="reason")
    link_request.reason = reason
    _decide(link_request, actor, LinkRequestStatus.REJECTED, reason=reason)
    emails.send_link_rejected(link_request.user, reason)


def _decide(link_request, actor, status, **details):
    link_request.status = status
    link_request.decided_by_id = actor.id
    link_request.decided_at = utcnow()
    audit.record(
        actor, f"member.link_{status}", link_request, {"status": [LinkRequestStatus.PENDING, status], **details}
    )
    db.session.flush()
