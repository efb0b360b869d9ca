"""Creating members: uniqueness of card number and email, the audit row of the new record, classification
and status, the card number a new member is offered."""

from datetime import date

import pytest
from sqlalchemy import select

from hallweb.errors import Conflict, DomainError
from hallweb.extensions import db
from hallweb.members import services
from hallweb.members.models import Member
from hallweb.members.queries import next_card_number
from tests.factories import classification_id, make_member
from tests.services.member_helpers import stored
from tests.support import only_audit_row

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


def test_member_with_a_different_classification_and_status_can_be_created(app):
    member = make_member(classification_id=classification_id("foreman"), status="retired")
    assert (member.classification.code, stored(member.id).status) == ("foreman", "retired")
    with pytest.raises(DomainError) as error:
        make_member(status="on_holiday")
    assert error.value.field == "status"


# --- the card number offered to a new member ------------------------------------------------------------------


def test_next_card_number_follows_the_newest_cards_format_and_keeps_its_width(app):
    make_member(card_number="L0998")
    make_member(card_number="L0999")
    assert next_card_number() == "L1000"
    make_member(card_number="9")
    assert next_card_number() == "10"
