"""Member rules: create, edit with optimistic locking, contact details, archive and restore, account links."""

from datetime import date

from flask import current_app
from sqlalchemy import select

from hallweb.audit import services as audit
from hallweb.auth.models import User
from hallweb.auth.services import find_user_by_email
from hallweb.classifications.models import Classification
from hallweb.db.archiving import archive, restore
from hallweb.db.constraints import flush_unique
from hallweb.db.search_keys import search_key
from hallweb.db.versioning import apply_change, check_version, ensure_editable, flush_versioned
from hallweb.errors import Conflict, DomainError, NotFound, PossibleDuplicate
from hallweb.extensions import db
from hallweb.formats import day
from hallweb.members.models import Member, MemberStatus
from hallweb.members.policies import can_edit_contact, can_view_member
from hallweb.members.queries import next_card_number
from hallweb.policies import ensure

PROFILE_FIELDS = (
    "card_number",
    "first_name",
    "last_name",
    "date_of_birth",
    "email",
    "phone",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "postal_code",
    "classification_id",
    "status",
    "initiation_date",
    "home_local",
    "notes",
)
CONTACT_FIELDS = ("phone", "address_line1", "address_line2", "city", "state", "postal_code")


def ensure_can_view(actor: User, member: Member | None) -> Member:
    """The member, if `actor` may see it (members.policies.can_view_member).

    Anything else is 404, never 403, so a member cannot learn which ids exist.
    """
    if member is None or not can_view_member(actor, member):
        raise NotFound("There is no such member.")
    return member


def _clean(values: dict) -> dict:
    cleaned = {}
    for key, value in values.items():
        if isinstance(value, str):
            value = value.strip() or None
        cleaned[key] = value
    if cleaned.get("email"):
        cleaned["email"] = cleaned["email"].lower()
    if cleaned.get("card_number"):
        cleaned["card_number"] = cleaned["card_number"].upper()
    return cleaned


def _check_unique(member: Member | None, values: dict) -> None:
    member_id = member.id if member else None
    if "card_number" in values:
        other = db.session.scalar(select(Member.id).where(Member.card_number == values["card_number"]))
        if other is not None and other != member_id:
            raise Conflict("Another member already has this card number.", field="card_number")
    if values.get("email"):
        other = db.session.scalar(select(Member.id).where(Member.email == values["email"]))
        if other is not None and other != member_id:
            raise Conflict("Another member already uses this email address.", field="email")
    if "classification_id" in values and db.session.get(Classification, values["classification_id"]) is None:
        raise DomainError("Choose a classification from the list.", field="classification_id")
    if "status" in values and values["status"] not in set(MemberStatus):
        raise DomainError("Choose a status from the list.", field="status")
    born = values.get("date_of_birth")
    if born and born > date.today():
        raise DomainError("The date of birth cannot be in the future.", field="date_of_birth")
    initiated = values.get("initiation_date")
    if initiated and initiated > date.today():
        raise DomainError("The initiation date cannot be in the future.", field="initiation_date")


def new_member_suggestions() -> dict:
    """What "Add a member" starts with: the next card number of the hall's format, this local as home local."""
    return {"card_number": next_card_number(), "home_local": current_app.config["LOCAL_NUMBER"]}


def same_person_on_file(first_name: str, last_name: str, date_of_birth: date | None) -> Member | None:
    """A member, archived or not, with this name (case, accents and spaces aside) and date of birth."""
    if not date_of_birth:
        return None
    return db.session.scalar(
        select(Member)
        .where(
            Member.first_name_key == search_key(first_name),
            Member.last_name_key == search_key(last_name),
            Member.date_of_birth == date_of_birth,
        )
        .order_by(Member.id)
        .limit(1)
    )


def create_member(*, actor: User | None, confirm_duplicate: bool = False, **values) -> Member:
    """Add a member. One with the same name and date of birth is most likely the same person entered twice:
    refused with PossibleDuplicate (showing that record) unless the user confirms it is someone else."""
    values = _clean({k: v for k, v in values.items() if k in PROFILE_FIELDS})
    values.setdefault("status", MemberStatus.ACTIVE)
    _check_unique(None, values)
    if not confirm_duplicate:
        existing = same_person_on_file(values.get("first_name"), values.get("last_name"), values.get("date_of_birth"))
        if existing is not None:
            raise PossibleDuplicate(
                f"{existing.full_name}, born {day(existing.date_of_birth)}, is on file already "
                f"(card {existing.card_number}).",
                existing,
            )
    member = Member(**values)
    db.session.add(member)
    flush_unique()
    audit.record(actor, "member.created", member, {k: [None, v] for k, v in values.items() if v is not None})
    return member


def update_member(member: Member, *, actor: User, expected_version: int, **values) -> dict:
    """Edit the profile; refused (StaleEdit) if the record changed since the form was opened."""
    ensure_editable(member)
    values = _clean({k: v for k, v in values.items() if k in PROFILE_FIELDS})
    check_version(member, expected_version, values)
    _check_unique(member, values)
    return apply_change(member, values, actor=actor, action="member.updated", expected_version=expected_version)


def update_contact_details(member: Member, *, actor: User, expected_version: int, **values) -> dict:
    """Phone and address: staff in place on the member page, a member on their own record."""
    ensure_editable(member)
    ensure(can_edit_contact(actor, member), "You may change only your own contact details.")
    values = _clean({k: v for k, v in values.items() if k in CONTACT_FIELDS})
    return apply_change(member, values, actor=actor, action="member.contact_updated", expected_version=expected_version)


def archive_member(member: Member, *, actor: User) -> None:
    """Hide a member from lists; nothing is deleted (records are kept, see DOMAIN.md)."""
    archive(member, actor=actor, action="member.archived")


def restore_member(member: Member, *, actor: User) -> None:
    restore(member, actor=actor, action="member.restored")


def link_user(member: Member, *, actor: User, user: User) -> None:
    """Link a sign-in account to this member record (self-service); an account links to one member at most."""
    ensure_editable(member)
    if member.user_id == user.id:
        return
    if member.user_id is not None:
        raise Conflict("This member is already linked to another account; unlink it first.", field="email")
    if db.session.scalar(select(Member.id).where(Member.user_id == user.id)) is not None:
        raise Conflict("That account is already linked to another member.", field="email")
    expected = member.version
    member.user_id = user.id
    flush_versioned(member, expected)
    audit.record(actor, "member.user_linked", member, {"user": [None, user.email], "version": [expected, expected + 1]})


def link_user_by_email(member: Member, *, actor: User, email: str) -> User:
    """Link the account that signs in with this email (staff, from the member's page)."""
    user = find_user_by_email(email)
    if user is None:
        raise NotFound("No account uses this email address.", field="email")
    link_user(member, actor=actor, user=user)
    return user


def unlink_user(member: Member, *, actor: User) -> None:
    ensure_editable(member)
    if member.user_id is None:
        raise DomainError("This member has no linked account.")
    expected = member.version
    old = member.user.email if member.user else member.user_id
    member.user_id = None
    flush_versioned(member, expected)
    audit.record(actor, "member.user_unlinked", member, {"user": [old, None], "version": [expected, expected + 1]})
