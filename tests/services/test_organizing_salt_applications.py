"""Salt applications are dated evidence: kept as recorded (service and database), corrected by a new entry
that points at the old one, followed up on the entry in force."""

from datetime import date

import pytest
from sqlalchemy import text, update
from sqlalchemy.exc import DBAPIError

from hallweb.errors import Conflict, DomainError, NotAllowed
from hallweb.extensions import db
from hallweb.organizing.models import KeptAsRecorded, SaltApplication, SaltFollowUp
from hallweb.organizing.salt_applications import (
    correct_salt_application,
    record_follow_up,
    record_salt_application,
)
from tests import factories
from tests.organizing_factories import organizer, salt_application, target
from tests.support import audit_rows, only_audit_row


@pytest.fixture
def case(app):
    user, _ = organizer("Olive")
    salt = factories.make_member(first_name="Sal", last_name="Salter")
    employer = target("Scab Wiring")
    return {"user": user, "salt": salt, "employer": employer}


def restated(entry, **changes):
    values = {k: getattr(entry, k) for k in ("salt_id", "applied_on", "posting", "availability")}
    return {**values, **changes}


def test_an_application_is_recorded_with_its_evidence_and_audited(case):
    entry = salt_application(case["user"], case["employer"], case["salt"])
    assert (entry.salt_id, entry.applied_on, entry.recorded_by_id) == (
        case["salt"].id,
        date(2026, 2, 16),
        case["user"].id,
    )
    row = only_audit_row(entry, "organizing.salt_application_recorded")
    assert row.changes["posting"] == [None, entry.posting]
    assert row.changes["employer_id"] == case["employer"].id


@pytest.mark.parametrize(
    ("field", "bad"),
    [("applied_on", date(2999, 1, 1)), ("applied_on", None), ("posting", " "), ("availability", ""), ("salt_id", 0)],
)
def test_an_application_without_its_evidence_is_refused_beside_the_field(case, field, bad):
    with pytest.raises(DomainError) as refused:
        salt_application(case["user"], case["employer"], case["salt"], **{field: bad})
    assert refused.value.field == field


def test_members_cannot_record_salt_applications(case):
    with pytest.raises(NotAllowed):
        salt_application(factories.user("member"), case["employer"], case["salt"])


def test_a_recorded_application_cannot_be_changed_through_the_orm(case):
    entry = salt_application(case["user"], case["employer"], case["salt"])
    entry.applied_on = date(2026, 1, 1)
    with pytest.raises(KeptAsRecorded):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(SaltApplication, entry.id).applied_on == date(2026, 2, 16)


@pytest.mark.parametrize("table", ["salt_applications", "salt_follow_ups"])
def test_the_database_refuses_any_update_of_the_evidence(case, table):
    entry = salt_application(case["user"], case["employer"], case["salt"])
    record_follow_up(entry, actor=case["user"], followed_up_on=date(2026, 2, 23), note="Called the office.")
    db.session.commit()
    column = "applied_on" if table == "salt_applications" else "followed_up_on"
    with pytest.raises(DBAPIError), db.session.begin_nested():
        db.session.execute(text(f"UPDATE {table} SET {column} = :day"), {"day": date(2026, 1, 1)})
    assert db.session.get(SaltApplication, entry.id).applied_on == date(2026, 2, 16)


def test_the_orm_refuses_a_bulk_update_too(case):
    entry = salt_application(case["user"], case["employer"], case["salt"])
    with pytest.raises(DBAPIError), db.session.begin_nested():
        db.session.execute(update(SaltApplication).values(posting="rewritten"))
    db.session.refresh(entry)
    assert entry.posting.startswith("Journeyman")


def test_a_correction_is_a_new_entry_pointing_at_the_old_which_stays(case):
    entry = salt_application(case["user"], case["employer"], case["salt"])
    correction = correct_salt_application(
        entry, actor=case["user"], reason="Applied a week earlier.", **restated(entry, applied_on=date(2026, 2, 9))
    )
    db.session.commit()
    assert correction.id != entry.id
    assert (correction.corrects_id, correction.employer_id) == (entry.id, entry.employer_id)
    db.session.expire_all()
    old = db.session.get(SaltApplication, entry.id)
    assert old.applied_on == date(2026, 2, 16)  # unchanged
    row = only_audit_row(correction, "organizing.salt_application_corrected")
    assert row.changes["applied_on"] == ["2026-02-16", "2026-02-09"]
    assert row.changes["reason"] == "Applied a week earlier."
    assert row.changes["corrects"] == entry.id


def test_an_entry_is_corrected_once_and_the_newest_entry_next(case):
    entry = salt_application(case["user"], case["employer"], case["salt"])
    first = correct_salt_application(
        entry, actor=case["user"], reason="Date", **restated(entry, applied_on=date(2026, 2, 9))
    )
    db.session.commit()
    with pytest.raises(Conflict):
        correct_salt_application(entry, actor=case["user"], reason="Again", **restated(entry, posting="Other"))
    second = correct_salt_application(first, actor=case["user"], reason="Posting", **restated(first, posting="Other"))
    assert second.corrects_id == first.id


def test_a_correction_must_say_why_and_change_something(case):
    entry = salt_application(case["user"], case["employer"], case["salt"])
    with pytest.raises(DomainError) as no_reason:
        correct_salt_application(entry, actor=case["user"], reason=" ", **restated(entry, posting="Other"))
    assert no_reason.value.field == "reason"
    with pytest.raises(DomainError) as same:
        correct_salt_application(entry, actor=case["user"], reason="Nothing", **restated(entry))
    assert "says the same" in same.value.message
    assert audit_rows(entry, "organizing.salt_application_corrected") == []


def test_follow_ups_are_dated_and_go_on_the_entry_in_force(case):
    entry = salt_application(case["user"], case["employer"], case["salt"])
    follow_up = record_follow_up(entry, actor=case["user"], followed_up_on=date(2026, 2, 23), note="Called HR.")
    db.session.commit()
    assert follow_up.application_id == entry.id
    assert only_audit_row(entry, "organizing.follow_up_recorded").changes["note"] == "Called HR."
    with pytest.raises(DomainError) as early:
        record_follow_up(entry, actor=case["user"], followed_up_on=date(2026, 2, 1), note="Too early")
    assert early.value.field == "followed_up_on"
    correct_salt_application(entry, actor=case["user"], reason="Date", **restated(entry, availability="Evenings"))
    with pytest.raises(DomainError) as corrected:
        record_follow_up(entry, actor=case["user"], followed_up_on=date(2026, 2, 24), note="Visited")
    assert "corrected" in corrected.value.message
    assert db.session.query(SaltFollowUp).count() == 1


def test_a_follow_up_cannot_be_changed(case):
    entry = salt_application(case["user"], case["employer"], case["salt"])
    follow_up = record_follow_up(entry, actor=case["user"], followed_up_on=date(2026, 2, 23), note="Called HR.")
    db.session.commit()
    follow_up.note = "Rewritten"
    with pytest.raises(KeptAsRecorded):
        db.session.flush()
    db.session.rollback()


def test_record_salt_application_takes_a_target_employer_only(case):
    partner = factories.make_employer("Trade School", kind="training_partner")
    with pytest.raises(DomainError) as refused:
        record_salt_application(
            actor=case["user"],
            employer_id=partner.id,
            salt_id=case["salt"].id,
            applied_on=date(2026, 2, 2),
            posting="x",
            availability="y",
        )
    assert refused.value.field == "employer_id"
