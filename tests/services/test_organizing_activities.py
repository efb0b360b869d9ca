"""Organizing activity: cards signed never exceed workers contacted (service and database), who logs and edits
whose activity, optimistic locking, field-by-field audit."""

from datetime import date, timedelta

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from hallweb.db.db_types import utcnow
from hallweb.db.versioning import StaleEdit
from hallweb.errors import DomainError, NotAllowed
from hallweb.extensions import db
from hallweb.organizing.models import Activity
from hallweb.organizing.services import log_activity, update_activity
from tests import factories
from tests.organizing_factories import activity, organizer, target
from tests.support import audit_rows, only_audit_row


@pytest.fixture
def olive(app):
    return organizer("Olive")


@pytest.fixture
def acme(app):
    return target("Acme Non-Union Wiring")


def values(employer, **overrides):
    return {
        "employer_id": employer.id,
        "activity_date": date(2026, 3, 2),
        "activity_type": "leafleting",
        "outcome": "neutral",
        "workers_contacted": 12,
        "cards_signed": 3,
        "description": "Leaflets at the shift change.",
        **overrides,
    }


# Cards signed ≤ workers contacted


@pytest.mark.parametrize(("contacted", "signed"), [(0, 0), (12, 0), (12, 12)])
def test_cards_signed_up_to_the_workers_contacted_are_logged(olive, acme, contacted, signed):
    user, _ = olive
    logged = log_activity(actor=user, **values(acme, workers_contacted=contacted, cards_signed=signed))
    assert (logged.workers_contacted, logged.cards_signed) == (contacted, signed)


@pytest.mark.parametrize(("contacted", "signed"), [(0, 1), (12, 13)])
def test_more_cards_than_workers_contacted_are_refused_beside_the_field(olive, acme, contacted, signed):
    user, _ = olive
    with pytest.raises(DomainError) as refused:
        log_activity(actor=user, **values(acme, workers_contacted=contacted, cards_signed=signed))
    assert refused.value.field == "cards_signed"
    assert f"({signed})" in refused.value.message and f"({contacted})" in refused.value.message
    assert db.session.query(Activity).count() == 0


def test_an_edit_that_lowers_the_workers_contacted_below_the_cards_is_refused(olive, acme):
    user, _ = olive
    logged = activity(user, acme, workers_contacted=10, cards_signed=4)
    with pytest.raises(DomainError) as refused:
        update_activity(logged, actor=user, expected_version=logged.version, workers_contacted=3)
    assert refused.value.field == "cards_signed"
    db.session.refresh(logged)
    assert logged.workers_contacted == 10


@pytest.mark.parametrize(("contacted", "signed"), [(3, 4), (-1, 0), (5, -1)])
def test_the_database_refuses_an_insert_that_bypasses_the_service(olive, acme, contacted, signed):
    _, member = olive
    row = {
        "organizer_id": member.id,
        "employer_id": acme.id,
        "activity_date": date(2026, 3, 2),
        "activity_type": "meeting",
        "outcome": "positive",
        "workers_contacted": contacted,
        "cards_signed": signed,
        "description": "Bypassing the service",
        "version": 1,
        "created_at": utcnow(),
        "updated_at": utcnow(),
    }
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(insert(Activity), [row])
    row.update(workers_contacted=4, cards_signed=4)
    db.session.execute(insert(Activity), [row])  # the same row within the rule is taken


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("activity_type", "barbecue"),
        ("outcome", "great"),
        ("activity_date", date.today() + timedelta(days=5)),
        ("activity_date", date(1900, 1, 1)),
        ("activity_date", None),
        ("workers_contacted", 10**9),
        ("description", "   "),
    ],
)
def test_bad_values_are_refused_beside_their_field(olive, acme, field, bad):
    user, _ = olive
    with pytest.raises(DomainError) as refused:
        log_activity(actor=user, **values(acme, **{field: bad}))
    assert refused.value.field == field


def test_a_signatory_or_archived_target_must_be_an_employer_on_file(olive, acme, app):
    user, _ = olive
    partner = factories.make_employer("Trade School", kind="training_partner")
    with pytest.raises(DomainError) as refused:
        log_activity(actor=user, **values(partner))
    assert refused.value.field == "employer_id"
    signatory = factories.make_employer("Union Shop Electric")
    assert log_activity(actor=user, **values(signatory)).employer_id == signatory.id  # "typically" non-union


# Who logs as whom


def test_an_organizer_logs_as_the_member_linked_to_their_account(olive, acme):
    user, member = olive
    logged = log_activity(actor=user, **values(acme))
    assert logged.organizer_id == member.id
    assert logged.recorded_by_id == user.id


def test_an_organizer_cannot_log_as_someone_else(olive, acme, app):
    user, _ = olive
    _, other = organizer("Otto")
    with pytest.raises(NotAllowed):
        log_activity(actor=user, organizer_id=other.id, **values(acme))


def test_an_organizer_without_a_member_record_is_told_to_ask_the_office(acme, app):
    unlinked = factories.user("organizer")
    with pytest.raises(DomainError) as refused:
        log_activity(actor=unlinked, **values(acme))
    assert "not linked to a member record" in refused.value.message


@pytest.mark.parametrize("role", ["staff", "officer"])
def test_staff_and_officers_log_for_any_organizer_and_must_name_one(olive, acme, role):
    _, member = olive
    office = factories.user(role)
    with pytest.raises(DomainError) as refused:
        log_activity(actor=office, **values(acme))
    assert refused.value.field == "organizer_id"
    assert log_activity(actor=office, organizer_id=member.id, **values(acme)).organizer_id == member.id


@pytest.mark.parametrize("role", ["member", "instructor"])
def test_other_roles_cannot_log_activity(acme, role, app):
    with pytest.raises(NotAllowed):
        log_activity(actor=factories.user(role), **values(acme))


# Own versus all


def test_an_organizer_edits_their_own_activity_audited_field_by_field(olive, acme):
    user, _ = olive
    logged = activity(user, acme, workers_contacted=10, cards_signed=4, outcome="neutral")
    changes = update_activity(
        logged, actor=user, expected_version=logged.version, cards_signed=6, outcome="positive", location="Yard"
    )
    db.session.commit()
    assert changes["cards_signed"] == [4, 6] and changes["outcome"] == ["neutral", "positive"]
    row = only_audit_row(logged, "organizing.activity_updated")
    assert row.changes["cards_signed"] == [4, 6]
    assert row.changes["location"] == ["Main gate", "Yard"]
    assert row.changes["version"] == [1, 2]
    assert "workers_contacted" not in row.changes  # only what changed


def test_an_organizer_cannot_edit_another_organizers_activity(olive, acme, app):
    user, _ = olive
    otto, _ = organizer("Otto")
    theirs = activity(otto, acme)
    with pytest.raises(NotAllowed):
        update_activity(theirs, actor=user, expected_version=theirs.version, cards_signed=1)
    assert audit_rows(theirs, "organizing.activity_updated") == []


@pytest.mark.parametrize("role", ["staff", "officer", "admin"])
def test_staff_officers_and_admins_edit_any_activity_and_move_it(olive, acme, role, app):
    user, _ = olive
    _, otto = organizer("Otto")
    logged = activity(user, acme)
    office = factories.user(role)
    update_activity(logged, actor=office, expected_version=logged.version, organizer_id=otto.id, cards_signed=5)
    db.session.commit()
    assert (logged.organizer_id, logged.cards_signed) == (otto.id, 5)


def test_an_organizer_cannot_move_their_activity_to_another_organizer(olive, acme, app):
    user, _ = olive
    _, otto = organizer("Otto")
    logged = activity(user, acme)
    with pytest.raises(NotAllowed):
        update_activity(logged, actor=user, expected_version=logged.version, organizer_id=otto.id)


def test_an_edit_from_an_old_version_is_refused_with_what_changed(olive, acme, app):
    user, _ = olive
    logged = activity(user, acme)
    staff = factories.user("staff")
    update_activity(logged, actor=staff, expected_version=1, location="Back lot")
    db.session.commit()
    with pytest.raises(StaleEdit) as refused:
        update_activity(logged, actor=user, expected_version=1, location="Front gate")
    assert refused.value.fields == ["location"]


def test_logging_is_audited_with_every_field(olive, acme):
    user, member = olive
    logged = log_activity(actor=user, **values(acme))
    row = only_audit_row(logged, "organizing.activity_logged")
    assert row.changes["organizer_id"] == [None, member.id]
    assert row.changes["cards_signed"] == [None, 3]
    assert row.changes["activity_type"] == [None, "leafleting"]
