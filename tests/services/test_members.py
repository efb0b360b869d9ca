"""Member rules: uniqueness, field-level audit rows, optimistic locking, archive, who may see a record, links."""

from datetime import date

import pytest
from sqlalchemy import select, text

from hallweb.audit.models import AuditLog
from hallweb.db.versioning import StaleEdit
from hallweb.errors import Conflict, DomainError, NotFound
from hallweb.extensions import db
from hallweb.members import services
from hallweb.members.models import Member
from hallweb.members.queries import MemberFilters, list_members
from tests.factories import classification_id, make_member
from tests.support import audit_rows, only_audit_row


def stored(member_id):
    """The member as the database has it now (not the identity map's copy)."""
    db.session.expire_all()
    return db.session.get(Member, member_id)


@pytest.fixture
def staff(make):
    return make.user("staff")


# --- create ---------------------------------------------------------------------------------------------------


def test_create_member_writes_an_audit_row_with_each_given_field_as_none_to_value(app):
    member = make_member(
        card_number="a-100",
        first_name="Rosa",
        last_name="Parks",
        email="Rosa@Example.NET",
        date_of_birth=date(1961, 2, 4),
        phone=None,
    )

    row = only_audit_row(member, "member.created")
    assert row.actor_id is None
    assert row.changes["card_number"] == [None, "A-100"]
    assert row.changes["first_name"] == [None, "Rosa"]
    assert row.changes["email"] == [None, "rosa@example.net"]
    assert row.changes["date_of_birth"] == [None, "1961-02-04"]
    assert row.changes["status"] == [None, "active"]
    assert "phone" not in row.changes  # empty fields are not "changes"
    assert (member.version, member.first_name_key, member.last_name_key) == (1, "rosa", "parks")


def test_card_number_must_be_unique(app):
    make_member(card_number="B-200")
    with pytest.raises(Conflict) as conflict:
        make_member(card_number=" b-200 ")
    assert conflict.value.field == "card_number"
    assert db.session.scalar(select(db.func.count()).where(Member.card_number == "B-200")) == 1


def test_email_is_stored_lower_case_and_unique_among_members_whatever_its_case(app):
    first = make_member(email="Pat.Lee@Example.org")
    assert stored(first.id).email == "pat.lee@example.org"

    with pytest.raises(Conflict) as conflict:
        make_member(email="PAT.LEE@example.ORG")
    assert conflict.value.field == "email"


def test_two_members_without_email_are_allowed(app):
    one = make_member(email=None)
    two = make_member(email="  ")  # blank counts as none
    db.session.flush()
    assert (stored(one.id).email, stored(two.id).email) == (None, None)


def test_email_taken_by_another_member_is_refused_on_update_too(app, staff):
    make_member(email="taken@example.org")
    member = make_member()
    with pytest.raises(Conflict) as conflict:
        services.update_member(member, actor=staff, expected_version=member.version, email="Taken@Example.org")
    assert conflict.value.field == "email"


def test_unknown_classification_is_refused(app):
    with pytest.raises(DomainError) as error:
        make_member(classification_id=999_999)
    assert error.value.field == "classification_id"


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


# --- archive and restore --------------------------------------------------------------------------------------


def listed_ids(**filters):
    return {m.id for m in list_members(MemberFilters(**filters)).items}


def test_archived_member_is_hidden_from_lists_unless_a_filter_asks_for_it(app, staff):
    kept = make_member(last_name="Keepwell")
    gone = make_member(last_name="Keepgone")

    services.archive_member(gone, actor=staff)

    assert gone.is_archived
    assert listed_ids(q="keep") == {kept.id}
    assert listed_ids(q="keep", archived="include") == {kept.id, gone.id}
    assert listed_ids(q="keep", archived="only") == {gone.id}
    row = only_audit_row(gone, "member.archived")
    assert row.actor_id == staff.id
    assert row.changes["archived_at"][0] is None and row.changes["archived_at"][1]
    assert row.changes["version"] == [1, 2]


def test_restored_member_is_listed_again_and_the_restore_is_audited(app, staff):
    member = make_member(last_name="Restorova")
    services.archive_member(member, actor=staff)
    services.restore_member(member, actor=staff)

    assert not member.is_archived
    assert listed_ids(q="restorova") == {member.id}
    row = only_audit_row(member, "member.restored")
    assert row.changes["archived_at"][1] is None
    assert row.changes["version"] == [2, 3]
    assert stored(member.id).version == 3


def test_archiving_twice_or_restoring_a_member_who_is_not_archived_is_refused(app, staff):
    member = make_member()
    with pytest.raises(DomainError):
        services.restore_member(member, actor=staff)
    services.archive_member(member, actor=staff)
    with pytest.raises(DomainError):
        services.archive_member(member, actor=staff)
    assert len(audit_rows(member, "member.archived")) == 1


# --- who may see a member -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "officer", "organizer", "admin"])
def test_readers_see_any_member(app, make, role):
    member = make_member()
    assert services.ensure_can_view(make.user(role), member) is member


def test_a_member_user_sees_only_the_member_linked_to_them(app, make, staff):
    own, other = make_member(), make_member()
    user = make.user("member")
    services.link_user(own, actor=staff, user=user)

    assert services.ensure_can_view(user, own) is own
    with pytest.raises(NotFound):
        services.ensure_can_view(user, other)


@pytest.mark.parametrize("roles", [(), ("member",), ("instructor",)])
def test_anyone_else_gets_not_found_rather_than_not_allowed(app, make, roles):
    member = make_member()
    with pytest.raises(NotFound) as error:
        services.ensure_can_view(make.user(*roles), member)
    assert type(error.value) is NotFound
    with pytest.raises(NotFound):
        services.ensure_can_view(make.user(*roles), None)


@pytest.mark.parametrize("role", ["officer", "organizer"])
def test_an_archived_member_is_not_found_for_readers_who_are_not_staff(app, make, staff, role):
    member = make_member()
    services.archive_member(member, actor=staff)
    with pytest.raises(NotFound):
        services.ensure_can_view(make.user(role), member)
    assert services.ensure_can_view(staff, member) is member
    assert services.ensure_can_view(make.user("admin"), member) is member


def test_an_archived_member_is_not_found_even_for_their_own_account(app, make, staff):
    member = make_member()
    user = make.user("member")
    services.link_user(member, actor=staff, user=user)
    services.archive_member(member, actor=staff)
    with pytest.raises(NotFound):
        services.ensure_can_view(user, member)


# --- account links --------------------------------------------------------------------------------------------


def test_linking_an_account_sets_the_member_user_and_is_audited(app, make, staff):
    member = make_member()
    user = make.user("member")

    services.link_user(member, actor=staff, user=user)

    assert stored(member.id).user_id == user.id
    row = only_audit_row(member, "member.user_linked")
    assert row.actor_id == staff.id
    assert row.changes == {"user": [None, user.email], "version": [1, 2]}


def test_linking_the_same_account_again_changes_nothing(app, make, staff):
    member = make_member()
    user = make.user()
    services.link_user(member, actor=staff, user=user)
    services.link_user(member, actor=staff, user=user)
    assert len(audit_rows(member, "member.user_linked")) == 1
    assert stored(member.id).version == 2


def test_an_account_links_to_at_most_one_member(app, make, staff):
    first, second = make_member(), make_member()
    user = make.user()
    services.link_user(first, actor=staff, user=user)

    with pytest.raises(Conflict):
        services.link_user(second, actor=staff, user=user)
    assert stored(second.id).user_id is None


def test_a_member_links_to_at_most_one_account(app, make, staff):
    member = make_member()
    services.link_user(member, actor=staff, user=make.user())
    other = make.user()

    with pytest.raises(Conflict):
        services.link_user(member, actor=staff, user=other)
    assert stored(member.id).user_id != other.id


def test_unlinking_frees_both_the_member_and_the_account(app, make, staff):
    first, second = make_member(), make_member()
    user = make.user()
    services.link_user(first, actor=staff, user=user)

    services.unlink_user(first, actor=staff)

    assert stored(first.id).user_id is None
    assert only_audit_row(first, "member.user_unlinked").changes == {"user": [user.email, None], "version": [2, 3]}
    services.link_user(second, actor=staff, user=user)
    assert stored(second.id).user_id == user.id
    with pytest.raises(DomainError):
        services.unlink_user(first, actor=staff)


def test_member_with_a_different_classification_and_status_can_be_created(app):
    member = make_member(classification_id=classification_id("foreman"), status="retired")
    assert (member.classification.code, stored(member.id).status) == ("foreman", "retired")
    with pytest.raises(DomainError) as error:
        make_member(status="on_holiday")
    assert error.value.field == "status"
