"""Certification rules: record with the default expiry, renew keeping the old one, revoke with a reason,
correct with optimistic locking; each change audited field by field."""

from datetime import date

import pytest

from hallweb.certifications import services
from hallweb.certifications.models import Certification
from hallweb.certifications.queries import certifications_of
from hallweb.certifications.validity import Validity, add_years
from hallweb.db.versioning import StaleEdit
from hallweb.errors import ArchivedRecord, Conflict, DomainError, NotAllowed
from hallweb.extensions import db
from tests.certifications_support import certificate, days
from tests.factories import make_member
from tests.support import audit_rows, only_audit_row


@pytest.fixture
def staff(make):
    return make.user("staff")


@pytest.fixture
def member(app):
    return make_member(first_name="Rosa", last_name="Certified")


def stored(cert_id) -> Certification:
    db.session.expire_all()
    return db.session.get(Certification, cert_id)


# --- record ---------------------------------------------------------------------------------------------------


def test_recording_defaults_the_expiry_from_the_types_validity_and_audits_each_field(app, staff, member):
    cert = services.record_certification(
        member, actor=staff, type="cpr", issue_date=date(2025, 6, 1), issuer=" Red Cross ", certificate_number="C-1"
    )
    assert (cert.expiry_date, cert.status, cert.issuer, cert.number_key) == (
        date(2027, 6, 1),
        "active",
        "Red Cross",
        "c-1",
    )
    row = only_audit_row(cert, "certification.recorded")
    assert row.actor_id == staff.id
    assert row.changes["expiry_date"] == [None, "2027-06-01"]
    assert row.changes["type"] == [None, "cpr"]


@pytest.mark.settings(CERTIFICATION_VALIDITY_YEARS={"osha_10": 5})
def test_the_validity_setting_is_the_locals(app, staff, member):
    cert = services.record_certification(member, actor=staff, type="osha_10", issue_date=date(2025, 6, 1))
    assert cert.expiry_date == date(2030, 6, 1)


def test_osha_cards_do_not_expire_by_default_and_an_entered_expiry_wins(app, staff, member):
    osha = services.record_certification(member, actor=staff, type="osha_10", issue_date=date(2025, 6, 1))
    cpr = services.record_certification(
        member, actor=staff, type="cpr", issue_date=date(2025, 6, 1), expiry_date=date(2026, 1, 1)
    )
    assert (osha.expiry_date, cpr.expiry_date) == (None, date(2026, 1, 1))


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"type": "welding_wizard", "issue_date": date(2025, 1, 1)}, "type"),
        ({"type": "cpr", "issue_date": date(2025, 1, 1), "expiry_date": date(2024, 12, 31)}, "expiry_date"),
        ({"type": "cpr", "issue_date": date(1, 1, 1)}, "issue_date"),
        ({"type": "cpr", "issue_date": date(9999, 12, 31)}, "issue_date"),
    ],
)
def test_bad_values_are_refused_beside_their_field_and_nothing_is_written(app, staff, member, values, field):
    with pytest.raises(DomainError) as refused:
        services.record_certification(member, actor=staff, **values)
    assert refused.value.field == field
    db.session.rollback()
    assert certifications_of(member.id) == []


def test_an_issue_date_in_the_future_is_refused(app, staff, member):
    with pytest.raises(DomainError, match="future"):
        services.record_certification(member, actor=staff, type="cpr", issue_date=days(1))


def test_an_expiry_on_the_issue_date_itself_is_allowed(app, staff, member):
    cert = services.record_certification(
        member, actor=staff, type="other", issue_date=date(2025, 1, 1), expiry_date=date(2025, 1, 1)
    )
    assert cert.expiry_date == date(2025, 1, 1)


# --- who may --------------------------------------------------------------------------------------------------


def test_instructors_record_but_neither_correct_nor_revoke(app, make, member):
    instructor = make.user("instructor")
    cert = services.record_certification(member, actor=instructor, type="cpr", issue_date=days(-3))
    with pytest.raises(NotAllowed):
        services.revoke_certification(cert, actor=instructor, expected_version=cert.version, reason="Forged")
    with pytest.raises(NotAllowed):
        services.update_certification(cert, actor=instructor, expected_version=cert.version, issuer="Me")


@pytest.mark.parametrize("role", ["member", "organizer", "officer"])
def test_members_organizers_and_officers_may_not_record(app, make, member, role):
    with pytest.raises(NotAllowed):
        services.record_certification(member, actor=make.user(role), type="cpr", issue_date=days(-3))


def test_an_archived_member_takes_no_new_certificate(app, staff, member):
    from hallweb.members.services import archive_member

    archive_member(member, actor=staff)
    with pytest.raises(ArchivedRecord):
        services.record_certification(member, actor=staff, type="cpr", issue_date=days(-3))


# --- renew ----------------------------------------------------------------------------------------------------


def test_renewal_is_a_new_certificate_and_the_old_one_is_kept_marked_renewed(app, staff, member):
    old = certificate(member, kind="cpr", issued=days(-800))  # expired 70 days ago
    assert certifications_of(member.id)[0].validity is Validity.EXPIRED

    new = services.renew_certification(
        old, actor=staff, expected_version=old.version, issue_date=days(0), certificate_number="CPR-2"
    )
    db.session.commit()

    old, new = stored(old.id), stored(new.id)
    assert (old.status, new.status, new.renews_id, new.type, new.member_id) == (
        "renewed",
        "active",
        old.id,
        "cpr",
        member.id,
    )
    assert new.expiry_date == add_years(days(0), 2)  # the type's validity from the renewal's issue date
    assert new.issuer == old.issuer
    assert [c.validity for c in certifications_of(member.id)] == [Validity.ACTIVE, Validity.RENEWED]
    assert only_audit_row(old, "certification.renewed").changes["status"] == ["active", "renewed"]
    assert only_audit_row(new, "certification.recorded").changes["renews_id"] == old.id


@pytest.mark.parametrize("status", ["revoked", "renewed", "pending"])
def test_only_an_active_certificate_is_renewed(app, staff, member, status):
    cert = certificate(member)
    cert.status = status
    cert.revocation_reason = "Issued in error" if status == "revoked" else None
    db.session.commit()
    with pytest.raises(Conflict):
        services.renew_certification(cert, actor=staff, expected_version=cert.version, issue_date=days(0))


def test_a_renewal_cannot_be_issued_before_the_certificate_it_renews(app, staff, member):
    old = certificate(member, issued=days(-30))
    with pytest.raises(DomainError) as refused:
        services.renew_certification(old, actor=staff, expected_version=old.version, issue_date=days(-31))
    assert refused.value.field == "issue_date"
    assert stored(old.id).status == "active"


def test_a_renewal_from_a_stale_page_is_refused(app, staff, member):
    old = certificate(member)
    services.update_certification(old, actor=staff, expected_version=old.version, issuer="Red Cross")
    db.session.commit()
    with pytest.raises(StaleEdit):
        services.renew_certification(old, actor=staff, expected_version=1, issue_date=days(0))
    assert stored(old.id).status == "active"


# --- revoke ---------------------------------------------------------------------------------------------------


def test_revoking_needs_a_reason_and_keeps_the_record(app, staff, member):
    cert = certificate(member)
    with pytest.raises(DomainError) as refused:
        services.revoke_certification(cert, actor=staff, expected_version=cert.version, reason="   ")
    assert refused.value.field == "reason"

    services.revoke_certification(cert, actor=staff, expected_version=cert.version, reason="Card was forged")
    db.session.commit()
    cert = stored(cert.id)
    assert (cert.status, cert.revocation_reason) == ("revoked", "Card was forged")
    assert certifications_of(member.id)[0].validity is Validity.REVOKED
    row = only_audit_row(cert, "certification.revoked")
    assert row.changes["status"] == ["active", "revoked"]
    assert row.changes["revocation_reason"] == [None, "Card was forged"]


def test_a_revoked_certificate_is_not_revoked_again_nor_corrected(app, staff, member):
    cert = certificate(member)
    services.revoke_certification(cert, actor=staff, expected_version=cert.version, reason="Forged")
    db.session.commit()
    with pytest.raises(Conflict):
        services.revoke_certification(cert, actor=staff, expected_version=cert.version, reason="Again")
    with pytest.raises(Conflict):
        services.update_certification(cert, actor=staff, expected_version=cert.version, issuer="X")


def test_a_revocation_from_a_stale_page_is_refused(app, staff, member):
    cert = certificate(member)
    services.update_certification(cert, actor=staff, expected_version=1, certificate_number="N-2")
    db.session.commit()
    with pytest.raises(StaleEdit):
        services.revoke_certification(cert, actor=staff, expected_version=1, reason="Forged")
    assert stored(cert.id).status == "active"


# --- correct --------------------------------------------------------------------------------------------------


def test_a_correction_is_audited_field_by_field_and_a_stale_one_refused(app, staff, member):
    cert = certificate(member, issued=date(2025, 1, 10))
    changes = services.update_certification(
        cert, actor=staff, expected_version=1, issuer="Red Cross", status="active", type="cpr"
    )
    db.session.commit()
    assert changes == {"issuer": [None, "Red Cross"], "version": [1, 2]}
    with pytest.raises(StaleEdit) as stale:
        services.update_certification(cert, actor=staff, expected_version=1, issuer="Other")
    assert stale.value.fields == ["issuer"]
    assert len(audit_rows(cert, "certification.updated")) == 1


def test_a_correction_cannot_move_the_expiry_before_the_issue_date(app, staff, member):
    cert = certificate(member, issued=date(2025, 1, 10))
    with pytest.raises(DomainError) as refused:
        services.update_certification(cert, actor=staff, expected_version=1, expiry_date=date(2025, 1, 9))
    assert refused.value.field == "expiry_date"


def test_pending_becomes_active_once_the_card_arrives_but_not_revoked_by_a_correction(app, staff, member):
    cert = certificate(member, pending=True)
    assert cert.status == "pending"
    services.update_certification(cert, actor=staff, expected_version=1, status="active")
    assert cert.status == "active"
    with pytest.raises(DomainError):
        services.update_certification(cert, actor=staff, expected_version=cert.version, status="revoked")


def test_the_database_refuses_a_revoked_certificate_without_reason_and_an_expiry_before_issue(app, member):
    from sqlalchemy.exc import IntegrityError

    for values in (
        {"status": "revoked", "issue_date": date(2025, 1, 1)},
        {"status": "active", "issue_date": date(2025, 1, 2), "expiry_date": date(2025, 1, 1)},
        {"status": "expired", "issue_date": date(2025, 1, 1)},  # expired is never stored
    ):
        with pytest.raises(IntegrityError), db.session.begin_nested():
            db.session.add(Certification(member_id=member.id, type="cpr", **values))
            db.session.flush()
