"""Certification rules: record, renew (the old certificate kept, marked renewed), revoke with a reason, correct
with optimistic locking. Object-level checks here; views only declare the coarse ones."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hallweb.audit import services as audit
from hallweb.auth.models import User
from hallweb.certifications.models import Certification, CertificationType, StoredStatus
from hallweb.certifications.policies import (
    can_manage_certifications,
    can_record_certifications,
    can_view_certifications_of,
)
from hallweb.certifications.validity import default_expiry, validity_years
from hallweb.db.versioning import apply_change, check_version, ensure_editable
from hallweb.errors import Conflict, DomainError, NotFound
from hallweb.extensions import db
from hallweb.formats import day
from hallweb.hall_clock import hall_today
from hallweb.members.models import Member
from hallweb.policies import ensure

FIELDS = ("type", "issue_date", "expiry_date", "issuer", "certificate_number")
EARLIEST = date(1950, 1, 1)  # an issue date before it is a slip (0026 for 2026), not a certificate
DEFAULT = object()  # expiry_date not given: the type's usual validity (validity.default_expiry)


def ensure_can_view(actor: User, cert: Certification | None) -> Certification:
    """The certificate, if `actor` may see it: 404 otherwise, so nobody learns which ids exist."""
    if cert is None or not can_view_certifications_of(actor, cert.member):
        raise NotFound("There is no such certification.")
    return cert


def member_with_card(card_number: str | None) -> Member:
    """The member holding this card number (as typed: case and spaces aside), or a refusal beside the field."""
    card = (card_number or "").strip().upper()
    member = db.session.scalar(select(Member).where(Member.card_number == card)) if card else None
    if member is None:
        raise DomainError("No member has this card number.", field="card_number")
    return member


def _clean(values: dict) -> dict:
    cleaned = {}
    for key in FIELDS:
        if key in values:
            value = values[key]
            cleaned[key] = (value.strip() or None) if isinstance(value, str) else value
    if "type" in cleaned and cleaned["type"] not in set(CertificationType):
        raise DomainError("Choose a type from the list.", field="type")
    if "issue_date" in cleaned:
        issued = cleaned["issue_date"]
        if not isinstance(issued, date):
            raise DomainError("Enter the date the certificate was issued.", field="issue_date")
        if issued > hall_today():
            raise DomainError("A certificate cannot be issued in the future.", field="issue_date")
        if issued < EARLIEST:
            raise DomainError(f"Enter an issue date after {EARLIEST:%Y}.", field="issue_date")
    return cleaned


def _check_dates(issue_date: date, expiry_date: date | None) -> None:
    if expiry_date is not None and expiry_date < issue_date:
        raise DomainError(f"The expiry date cannot be before the issue date ({day(issue_date)}).", field="expiry_date")


def _with_expiry(values: dict, expiry_date) -> dict:
    """values with the expiry date given, or the type's default when none was."""
    if expiry_date is DEFAULT or expiry_date is None:
        expiry_date = default_expiry(values["type"], values["issue_date"], validity_years())
    _check_dates(values["issue_date"], expiry_date)
    return {**values, "expiry_date": expiry_date}


def record_certification(
    member: Member,
    *,
    actor: User | None,
    type: str,
    issue_date: date,
    expiry_date=DEFAULT,
    issuer: str | None = None,
    certificate_number: str | None = None,
    pending: bool = False,
) -> Certification:
    """Record a certificate a member holds (or, pending, one they have earned and not received yet). An empty
    expiry date takes the type's usual validity from the issue date (setting CERTIFICATION_VALIDITY_YEARS)."""
    if actor is not None:
        ensure(can_record_certifications(actor), "You may not record certifications.")
    ensure_editable(member)
    values = _clean(
        {"type": type, "issue_date": issue_date, "issuer": issuer, "certificate_number": certificate_number}
    )
    values = _with_expiry(values, expiry_date)
    status = StoredStatus.PENDING if pending else StoredStatus.ACTIVE
    cert = Certification(member=member, status=status.value, **values)
    db.session.add(cert)
    db.session.flush()
    audit.record(
        actor,
        "certification.recorded",
        cert,
        {"member_id": member.id, "status": [None, status.value], **{k: [None, v] for k, v in values.items() if v}},
    )
    return cert


def renew_certification(
    old: Certification,
    *,
    actor: User | None,
    expected_version: int | None,
    issue_date: date,
    expiry_date=DEFAULT,
    issuer: str | None = None,
    certificate_number: str | None = None,
) -> Certification:
    """A new certificate of the same type for the same member; the old one is marked renewed and kept, linked
    from the new one (renews), so the chain reads back to the first. Only an active one (in force or expired)
    is renewed, once, and not with an issue date before its own; the issuer stays unless another is given."""
    if actor is not None:
        ensure(can_record_certifications(actor), "You may not renew certifications.")
    ensure_editable(old.member)
    if old.status != StoredStatus.ACTIVE:
        raise Conflict(
            f"This certification is {old.status}: only an active (or expired) one can be renewed.", field="issue_date"
        )
    check_version(old, expected_version)
    if isinstance(issue_date, date) and issue_date < old.issue_date:
        raise DomainError(
            f"A renewal cannot be issued before the certificate it renews ({day(old.issue_date)}).",
            field="issue_date",
        )
    values = _clean(
        {
            "type": old.type,
            "issue_date": issue_date,
            "issuer": issuer if issuer and issuer.strip() else old.issuer,
            "certificate_number": certificate_number,
        }
    )
    values = _with_expiry(values, expiry_date)
    apply_change(
        old,
        {"status": StoredStatus.RENEWED.value},
        actor=actor,
        action="certification.renewed",
        expected_version=old.version,
    )
    cert = Certification(member_id=old.member_id, status=StoredStatus.ACTIVE.value, renews_id=old.id, **values)
    db.session.add(cert)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # renewed meanwhile by another request (renews_id is unique)
        db.session.rollback()
        raise Conflict("This certification was renewed meanwhile: reload the page.") from None
    audit.record(
        actor,
        "certification.recorded",
        cert,
        {
            "member_id": old.member_id,
            "renews_id": old.id,
            "status": [None, StoredStatus.ACTIVE.value],
            **{k: [None, v] for k, v in values.items() if v},
        },
    )
    return cert


def update_certification(cert: Certification, *, actor: User | None, expected_version: int | None, **values) -> dict:
    """Correct a certificate still in force or pending (type, dates, issuer, number; pending to active once
    the card arrives); refused if someone changed it since the form was opened."""
    if actor is not None:
        ensure(can_manage_certifications(actor), "You may not correct certifications.")
    if cert.status not in (StoredStatus.ACTIVE, StoredStatus.PENDING):
        raise Conflict(f"This certification is {cert.status}: it is history and can no longer be changed.")
    ensure_editable(cert.member)
    status = values.pop("status", None)
    cleaned = _clean(values)
    if status is not None:
        if status not in (StoredStatus.ACTIVE, StoredStatus.PENDING):
            raise DomainError("Choose active or pending.", field="status")
        cleaned["status"] = str(status)
    check_version(cert, expected_version, cleaned)
    _check_dates(cleaned.get("issue_date", cert.issue_date), cleaned.get("expiry_date", cert.expiry_date))
    return apply_change(cert, cleaned, actor=actor, action="certification.updated", expected_version=expected_version)


def revoke_certification(
    cert: Certification, *, actor: User | None, expected_version: int | None, reason: str | None
) -> dict:
    """Withdraw a certificate (found forged, issued in error, withdrawn by the issuer). The reason is required
    and kept; the record stays, shown as revoked."""
    if actor is not None:
        ensure(can_manage_certifications(actor), "You may not revoke certifications.")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Give the reason for revoking it.", field="reason")
    if cert.status not in (StoredStatus.ACTIVE, StoredStatus.PENDING):
        raise Conflict(f"This certification is {cert.status}: it cannot be revoked.", field="reason")
    return apply_change(
        cert,
        {"status": StoredStatus.REVOKED.value, "revocation_reason": reason},
        actor=actor,
        action="certification.revoked",
        expected_version=expected_version,
    )
