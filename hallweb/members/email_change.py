"""A member changes their email address: it takes effect only once a link sent to the new address is opened."""

from sqlalchemy import select

from hallweb.audit import services as audit
from hallweb.auth import emails, tokens
from hallweb.auth.models import TokenPurpose, User
from hallweb.db.versioning import ensure_editable, flush_versioned
from hallweb.errors import Conflict, DomainError
from hallweb.extensions import db
from hallweb.members.models import Member


def _taken(email: str, member: Member) -> bool:
    other = db.session.scalar(select(Member.id).where(Member.email == email))
    return other is not None and other != member.id


def request_email_change(member: Member, *, actor: User, new_email: str) -> None:
    ensure_editable(member)
    new_email = new_email.strip().lower()
    if new_email == member.email:
        raise DomainError("That is already your email address.", field="email")
    if _taken(new_email, member):
        raise Conflict("Another member already uses this email address.", field="email")
    emails.send_email_change(actor, new_email)  # the link is made when the message is sent
    audit.record(actor, "member.email_change_requested", member, {"new_email": new_email})


def confirm_email_change(raw_token: str, *, actor: User) -> Member:
    """Apply the change; the link only works for the account that asked for it."""
    token = tokens.find_token(raw_token, TokenPurpose.EMAIL_CHANGE)
    if token.user_id != actor.id:
        raise tokens.TokenInvalid("unknown")
    member = db.session.scalar(select(Member).where(Member.user_id == actor.id))
    if member is None:
        raise DomainError("Your account is not linked to a member record.")
    ensure_editable(member)
    if _taken(token.new_email, member):
        raise Conflict("Another member already uses this email address.")
    tokens.consume_token(raw_token, TokenPurpose.EMAIL_CHANGE)
    expected = member.version
    audit.record(
        actor,
        "member.email_changed",
        member,
        {"email": [member.email, token.new_email], "version": [expected, expected + 1]},
    )
    member.email = token.new_email
    flush_versioned(member, expected)
    return member
