"""A member changes their email address: it takes effect only once a link sent to the new address is opened.

The member chooses whether the new address also becomes the one they sign in with; either way it is proved
by the same link, and the choice travels in the token's purpose (email_change or sign_in_email).
"""

from sqlalchemy import select

from hallweb.audit import services as audit
from hallweb.auth import tokens
from hallweb.auth.emails import EMAIL_CHANGES
from hallweb.auth.models import TokenPurpose, User
from hallweb.auth.services import find_user_by_email
from hallweb.db.constraints import flush_unique
from hallweb.db.versioning import ensure_editable, flush_versioned
from hallweb.errors import Conflict, DomainError
from hallweb.extensions import db
from hallweb.members import emails
from hallweb.members.models import Member


def _taken(email: str, member: Member) -> bool:
    other = db.session.scalar(select(Member.id).where(Member.email == email))
    return other is not None and other != member.id


def request_email_change(member: Member, *, actor: User, new_email: str, also_sign_in: bool = False) -> None:
    """Send a confirmation link to the new address. Whether another account signs in with it is not said
    here (the form would tell anyone which addresses have accounts); the link, opened by the address's
    owner, says so."""
    ensure_editable(member)
    new_email = new_email.strip().lower()
    if new_email == member.email and (not also_sign_in or new_email == actor.email):
        raise DomainError("That is already your email address.", field="email")
    if _taken(new_email, member):
        raise Conflict("Another member already uses this email address.", field="email")
    tokens.end_unused(actor, *EMAIL_CHANGES)  # the latest request is the one that counts
    emails.send_email_change(actor, new_email, also_sign_in=also_sign_in)  # the link is made when it is sent
    audit.record(actor, "member.email_change_requested", member, {"new_email": new_email, "also_sign_in": also_sign_in})


def _find_token(raw_token: str):
    """The live email change token, of either purpose."""
    try:
        return tokens.find_token(raw_token, TokenPurpose.EMAIL_CHANGE)
    except tokens.TokenInvalid as err:
        if err.reason != "unknown":
            raise
    return tokens.find_token(raw_token, TokenPurpose.SIGN_IN_EMAIL)


def confirm_email_change(raw_token: str, *, actor: User) -> Member:
    """Apply the change; the link only works for the account that asked for it. A sign-in change is refused
    whole (nothing changes) while another account signs in with the address."""
    token = _find_token(raw_token)
    if token.user_id != actor.id:
        raise tokens.TokenInvalid("unknown")
    member = db.session.scalar(select(Member).where(Member.user_id == actor.id))
    if member is None:
        raise DomainError("Your account is not linked to a member record.")
    ensure_editable(member)
    if _taken(token.new_email, member):
        raise Conflict("Another member already uses this email address.")
    moves_sign_in = token.purpose == TokenPurpose.SIGN_IN_EMAIL and token.new_email != actor.email
    if moves_sign_in and find_user_by_email(token.new_email) is not None:
        raise Conflict(
            f"Another account signs in with {token.new_email}, so it cannot become your sign-in address. "
            "Nothing was changed."
        )
    tokens.consume_token(raw_token, token.purpose)
    if token.new_email != member.email:
        expected = member.version
        audit.record(
            actor,
            "member.email_changed",
            member,
            {"email": [member.email, token.new_email], "version": [expected, expected + 1]},
        )
        member.email = token.new_email
        flush_versioned(member, expected)
    if moves_sign_in:
        old_email = actor.email
        audit.record(actor, "user.email_changed", actor, {"email": [old_email, token.new_email]})
        actor.email = token.new_email
        flush_unique()
        emails.send_sign_in_changed(actor, old_email)
    return member
