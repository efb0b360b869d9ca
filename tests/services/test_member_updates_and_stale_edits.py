"""Editing members: field-level audit rows, optimistic locking and stale edits, concurrent writes, contact
details."""

from datetime import date

import pytest
from sqlalchemy import text

from hallweb.audit.models import AuditLog
from hallweb.db.versioning import StaleEdit
from hallweb.extensions import db
from hallweb.members import services
from tests.factories import make_member
from tests.services.member_helpers import stored
from tests.support import audit_rows, only_audit_row

# --- update and optimistic locking ----------------------------------------------------------------------------


def test_update_member_records_old_and_new_of_each_changed_field_and_the_version(app, staff):
    member = make_member(phone="555-0100", city="Oakland")

    changes = services.update_member(
        member, actor=staff, expected_version=1, phone="555-0199", city="Oakland", last_name="Núñez"
    )

    expected = {"phone": ["555-0100", "555-0199"], "last_name": [changes["last_name"][0], "Núñez"], "version": [1, 2]}
    assert changes == expected  # the unchanged city is not listed
    row = only_audit_row(member, "member.updated")
    assert row.actor_id == staff.id
    assert row.changes == expected
    again = stored(member.id)
    assert (again.version, again.phone, again.last_name_key) == (2, "555-0199", "nunez")


def test_update_with_no_change_writes_nothing_and_keeps_the_version(app, staff):
    member = make_member(phone="555-0100")
    assert services.update_member(member, actor=staff, expected_version=1, phone=" 555-0100 ") == {}
    assert audit_rows(member, "member.updated") == []
    assert stored(member.id).version == 1


def test_edit_from_an_old_version_is_refused_naming_the_fields_changed_since_and_overwrites_nothing(app, staff):
    member = make_member(phone="555-0100", city="Oakland")
    services.update_member(member, actor=staff, expected_version=1, phone="555-0111")
    services.update_member(member, actor=staff, expected_version=2, city="Fresno")

    with pytest.raises(StaleEdit) as stale:
        services.update_member(member, actor=staff, expected_version=1, phone="555-0999", notes="mine")

    assert stale.value.fields == ["city", "phone"]
    assert "city, phone" in stale.value.message
    assert "not saved" in stale.value.message
    again = stored(member.id)
    assert (again.phone, again.city, again.notes, again.version) == ("555-0111", "Fresno", None, 3)
    assert len(audit_rows(member, "member.updated")) == 2


def test_stale_edit_names_only_the_fields_changed_after_the_version_it_started_from(app, staff):
    member = make_member()
    services.update_member(member, actor=staff, expected_version=1, phone="555-0111")
    services.update_member(member, actor=staff, expected_version=2, city="Fresno")

    with pytest.raises(StaleEdit) as stale:
        services.update_member(member, actor=staff, expected_version=2, state="CA")
    assert stale.value.fields == ["city"]


def test_stale_edit_tells_the_fields_this_edit_left_untouched_from_the_ones_changed_on_both_sides(app, staff):
    member = make_member(phone="555-0100", city="Oakland", state="CA", last_name="Debs")
    services.update_member(member, actor=staff, expected_version=1, phone="555-0111", city="Fresno", state="NV")

    # opened at version 1: the phone as it was then, the city typed anew, the state typed as it is stored now
    with pytest.raises(StaleEdit) as stale:
        services.update_member(
            member, actor=staff, expected_version=1, phone="555-0100", city="Reno", state="NV", last_name="Dobbs"
        )

    assert stale.value.fields == ["city", "phone", "state"]
    assert stale.value.untouched == ["phone", "state"]  # saving again takes the stored value for these
    assert stale.value.clashes == ["city"]  # theirs or yours: the user chooses
    assert stored(member.id).last_name == "Debs"


def test_stale_edit_compares_dates_as_the_audit_row_stores_them(app, staff):
    member = make_member(date_of_birth=date(1970, 5, 1))
    services.update_member(member, actor=staff, expected_version=1, date_of_birth=date(1971, 5, 1))
    with pytest.raises(StaleEdit) as stale:
        services.update_member(member, actor=staff, expected_version=1, date_of_birth=date(1970, 5, 1), notes="x")
    assert stale.value.untouched == ["date_of_birth"]


def test_a_field_whose_value_at_the_forms_version_is_unknown_counts_as_a_clash(app, staff):
    member = make_member(phone="555-0100")
    db.session.add(  # an old change whose audit row does not reach back to the form's version
        AuditLog(
            action="member.updated",
            entity_type="members",
            entity_id=member.id,
            changes={"phone": ["555-0100", "555-0111"], "version": [2, 3]},
        )
    )
    db.session.execute(text("UPDATE members SET version = 3, phone = '555-0111' WHERE id = :id"), {"id": member.id})
    db.session.expire(member)
    with pytest.raises(StaleEdit) as stale:
        services.update_member(member, actor=staff, expected_version=1, phone="555-0100")
    assert (stale.value.fields, stale.value.untouched, stale.value.clashes) == (["phone"], [], ["phone"])


def concurrent_write(member, *, audited: bool):
    """Another writer's committed UPDATE of the row, behind this session's back: the session's copy of the
    member keeps the old version (as a form opened before the other write would)."""
    db.session.commit()
    assert member.version == 1  # loaded now, before the other write
    db.session.execute(text("UPDATE members SET version = version + 1, phone = 'x' WHERE id = :id"), {"id": member.id})
    if audited:
        db.session.add(
            AuditLog(
                action="member.updated",
                entity_type="members",
                entity_id=member.id,
                changes={"phone": [member.phone, "x"], "version": [1, 2]},
            )
        )
    session = db.session()
    session.expire_on_commit = False  # committed, yet the session keeps its stale copy
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def test_a_concurrent_write_makes_the_flush_raise_stale_edit_and_keeps_the_other_writers_values(app, staff):
    member = make_member(phone="555-0100", city="Oakland")
    concurrent_write(member, audited=False)
    assert member.version == 1  # this session has not seen the other write

    with pytest.raises(StaleEdit) as stale:
        services.update_member(member, actor=staff, expected_version=1, city="Fresno")

    assert "some details" in stale.value.message
    again = stored(member.id)
    assert (again.phone, again.city, again.version) == ("x", "Oakland", 2)
    assert audit_rows(member, "member.updated") == []  # our audit row went with our change


def test_a_concurrent_write_that_was_audited_is_named_in_the_stale_edit(app, staff):
    member = make_member(phone="555-0100")
    concurrent_write(member, audited=True)

    with pytest.raises(StaleEdit) as stale:
        services.update_member(member, actor=staff, expected_version=1, city="Fresno")
    assert stale.value.fields == ["phone"]


def test_a_concurrent_write_makes_archiving_raise_stale_edit(app, staff):
    member = make_member()
    concurrent_write(member, audited=False)
    with pytest.raises(StaleEdit):
        services.archive_member(member, actor=staff)
    assert stored(member.id).archived_at is None


def test_update_contact_details_changes_only_contact_fields(app, staff):
    member = make_member(first_name="Ann", email="ann@example.org", phone="555-0100", card_number="K-1")

    changes = services.update_contact_details(
        member,
        actor=staff,
        expected_version=1,
        phone="555-0123",
        city="Reno",
        postal_code="89501",
        first_name="Mallory",
        email="mallory@example.org",
        card_number="K-2",
        status="dropped",
        notes="hi",
    )

    assert set(changes) == {"phone", "city", "postal_code", "version"}
    again = stored(member.id)
    assert (again.first_name, again.email, again.card_number, again.status, again.notes) == (
        "Ann",
        "ann@example.org",
        "K-1",
        "active",
        None,
    )
    assert (again.phone, again.city, again.postal_code) == ("555-0123", "Reno", "89501")
    assert only_audit_row(member, "member.contact_updated").changes["phone"] == ["555-0100", "555-0123"]


def test_contact_details_from_an_old_version_are_refused(app, staff):
    member = make_member(phone="555-0100")
    services.update_contact_details(member, actor=staff, expected_version=1, city="Reno")
    with pytest.raises(StaleEdit) as stale:
        services.update_contact_details(member, actor=staff, expected_version=1, phone="555-0999")
    assert stale.value.fields == ["city"]
    assert stored(member.id).phone == "555-0100"
