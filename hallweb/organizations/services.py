"""Organization rules: create, edit with optimistic locking, archive and restore, contacts."""

from sqlalchemy import select

from hallweb.audit import services as audit
from hallweb.auth.models import User
from hallweb.db.archiving import archive, restore
from hallweb.db.search_keys import search_key
from hallweb.db.versioning import apply_change, check_version, ensure_editable
from hallweb.errors import DomainError, NotFound, PossibleDuplicate
from hallweb.extensions import db
from hallweb.organizations.models import Contact, Organization, OrganizationKind

FIELDS = ("name", "kind", "phone", "email", "website", "address", "notes")
CONTACT_FIELDS = ("name", "title", "email", "phone")


def _clean(values: dict, allowed) -> dict:
    cleaned = {}
    for key in allowed:
        if key in values:
            value = values[key]
            cleaned[key] = (value.strip() or None) if isinstance(value, str) else value
    if cleaned.get("email"):
        cleaned["email"] = cleaned["email"].lower()
    if "kind" in cleaned and cleaned["kind"] not in set(OrganizationKind):
        raise DomainError("Choose a kind from the list.", field="kind")
    if "name" in cleaned and not cleaned["name"]:
        raise DomainError("Give the organization a name.", field="name")
    return cleaned


def same_name_on_file(name: str | None) -> Organization | None:
    """An organization, archived or not, of this name (case, accents and spaces aside)."""
    key = search_key(name)
    if not key:
        return None
    return db.session.scalar(
        select(Organization).where(Organization.name_key == key).order_by(Organization.id).limit(1)
    )


def create_organization(*, actor: User | None, confirm_duplicate: bool = False, **values) -> Organization:
    """Add an organization. One of the same name is most likely entered twice: refused with PossibleDuplicate
    (showing it) unless the user confirms this is another one (two branches of a firm, say)."""
    values = _clean(values, FIELDS)
    if not confirm_duplicate:
        existing = same_name_on_file(values.get("name"))
        if existing is not None:
            raise PossibleDuplicate(f"{existing.name} is on file already ({existing.kind_label}).", existing)
    org = Organization(**values)
    db.session.add(org)
    db.session.flush()
    audit.record(actor, "organization.created", org, {k: [None, v] for k, v in values.items() if v is not None})
    return org


def update_organization(org: Organization, *, actor: User, expected_version: int, **values) -> dict:
    """Edit; refused (StaleEdit) if someone changed the record since the form was opened."""
    values = _clean(values, FIELDS)
    check_version(org, expected_version, values)
    return apply_change(org, values, actor=actor, action="organization.updated", expected_version=expected_version)


def archive_organization(org: Organization, *, actor: User) -> None:
    archive(org, actor=actor, action="organization.archived")


def restore_organization(org: Organization, *, actor: User) -> None:
    restore(org, actor=actor, action="organization.restored")


def _contact_of(org: Organization, contact_id: int) -> Contact:
    ensure_editable(org)
    contact = db.session.get(Contact, contact_id)
    if contact is None or contact.organization_id != org.id:
        raise NotFound("There is no such contact.")
    return contact


def add_contact(org: Organization, *, actor: User, **values) -> Contact:
    ensure_editable(org)
    values = _clean(values, CONTACT_FIELDS)
    if not values.get("name"):
        raise DomainError("Give the contact a name.", field="name")
    contact = Contact(organization=org, **values)
    db.session.add(contact)
    db.session.flush()
    audit.record(
        actor,
        "organization.contact_added",
        org,
        {"contact": values["name"], "contact_id": contact.id, **{k: [None, v] for k, v in values.items() if v}},
    )
    return contact


def update_contact(org: Organization, contact_id: int, *, actor: User, **values) -> Contact:
    contact = _contact_of(org, contact_id)
    values = _clean(values, CONTACT_FIELDS)
    changes = audit.diff(contact, values)
    for key, value in values.items():
        setattr(contact, key, value)
    if changes:
        audit.record(actor, "organization.contact_updated", org, {"contact_id": contact.id, **changes})
    db.session.flush()
    return contact


def remove_contact(org: Organization, contact_id: int, *, actor: User) -> None:
    """A contact who left; the audit row keeps what the contact record said."""
    contact = _contact_of(org, contact_id)
    audit.record(
        actor,
        "organization.contact_removed",
        org,
        {"contact_id": contact.id, **{k: [getattr(contact, k), None] for k in CONTACT_FIELDS}},
    )
    db.session.delete(contact)
    db.session.flush()
