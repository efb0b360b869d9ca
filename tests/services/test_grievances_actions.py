"""The moves after filing: clocks they start, the timeline, the audit, stale versions, amounts, extensions."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from hallweb.db.versioning import StaleEdit
from hallweb.errors import DomainError, NotAllowed
from hallweb.extensions import db
from hallweb.grievances import actions
from hallweb.grievances.models import GrievanceEvent
from tests.factories import user
from tests.grievance_factories import FILED, ensure_holiday, make_grievance
from tests.support import audit_rows


@pytest.fixture(autouse=True)
def holidays(app):
    ensure_holiday(date(2026, 11, 11), "Veterans Day")
    ensure_holiday(date(2026, 11, 26), "Thanksgiving Day")


def events_of(g):
    return list(
        db.session.scalars(
            select(GrievanceEvent).where(GrievanceEvent.grievance_id == g.id).order_by(GrievanceEvent.id)
        )
    )


def test_the_answer_starts_the_appeal_clock():
    g = make_grievance()
    actions.record_answer(g, actor=None, expected_version=g.version, occurred_on=date(2026, 11, 12), notes="Denied")
    # From Thursday 12 November: Fri 13, Mon 16 ... Wed 25 (9), Thanksgiving, Friday 27 November (10).
    assert (g.clock, g.clock_start, g.next_deadline) == ("appeal", date(2026, 11, 12), date(2026, 11, 27))


def test_an_appeal_moves_to_the_next_step_and_the_employers_clock_runs_again():
    g = make_grievance()
    actions.appeal_grievance(g, actor=None, expected_version=g.version, occurred_on=date(2026, 11, 16))
    assert (g.step, g.status, g.clock) == (2, "open", "answer")
    assert g.next_deadline == date(2026, 12, 1)  # Mon 16 + 10 business days, Thanksgiving skipped


def test_the_answer_at_step_3_starts_the_30_calendar_day_arbitration_clock():
    g = make_grievance(step=3)
    actions.record_answer(g, actor=None, expected_version=g.version, occurred_on=date(2026, 11, 5), notes="Denied")
    # 5 November + 30 days = Saturday 5 December: due Monday 7 December.
    assert (g.clock, g.next_deadline) == ("arbitration", date(2026, 12, 7))
    actions.demand_arbitration(g, actor=None, expected_version=g.version, occurred_on=date(2026, 11, 20))
    assert (g.step, g.status, g.next_deadline, g.clock) == (4, "arbitration", None, None)


def test_a_step_meeting_is_the_step_record_on_the_timeline():
    staff = user("staff")
    g = make_grievance()
    actions.record_meeting(
        g,
        actor=staff,
        expected_version=g.version,
        occurred_on=date(2026, 11, 10),
        outcome="denied",
        employer_attendees="Dana Boss (HR)",
        union_attendees="Lee Steward",
        notes="Company says overtime was offered.",
    )
    meeting = events_of(g)[-1]
    assert (meeting.kind, meeting.step, meeting.outcome) == ("meeting", 1, "denied")
    assert (meeting.employer_attendees, meeting.union_attendees) == ("Dana Boss (HR)", "Lee Steward")
    assert g.status == "hearing"
    row = audit_rows(g, "grievance.meeting_recorded")[0]
    assert row.actor_id == staff.id
    assert row.changes["meeting_outcome"] == "denied" and row.changes["status"] == ["open", "hearing"]


def test_an_unknown_outcome_is_refused():
    g = make_grievance()
    with pytest.raises(DomainError) as refused:
        actions.record_meeting(g, actor=None, expected_version=g.version, occurred_on=date(2026, 11, 10), outcome="won")
    assert refused.value.field == "outcome"


def test_an_event_cannot_predate_the_filing_nor_be_in_the_future():
    g = make_grievance()
    with pytest.raises(DomainError, match="before the filing"):
        actions.record_answer(g, actor=None, expected_version=g.version, occurred_on=date(2026, 11, 3), notes="x")
    with pytest.raises(DomainError, match="future"):
        actions.record_answer(g, actor=None, expected_version=g.version, occurred_on=date(2999, 1, 1), notes="x")


def test_an_extension_moves_the_deadline_and_keeps_who_agreed_and_why():
    g = make_grievance()
    assert g.next_deadline == date(2026, 11, 19)
    # Agreed to Thanksgiving: moved to Friday 27 November.
    actions.grant_extension(
        g,
        actor=None,
        expected_version=g.version,
        new_deadline=date(2026, 11, 26),
        agreed_by="Dana Boss",
        notes="The steward is on leave.",
    )
    assert (g.next_deadline, g.deadline_extended) == (date(2026, 11, 27), True)
    ext = events_of(g)[-1]
    assert (ext.kind, ext.previous_deadline, ext.new_deadline) == ("extension", date(2026, 11, 19), date(2026, 11, 27))
    assert (ext.agreed_by, ext.notes) == ("Dana Boss", "The steward is on leave.")
    row = audit_rows(g, "grievance.extension_granted")[0]
    assert row.changes["next_deadline"] == ["2026-11-19", "2026-11-27"]


def test_an_extension_must_be_later_and_explained():
    g = make_grievance()
    with pytest.raises(DomainError) as refused:
        actions.grant_extension(
            g, actor=None, expected_version=g.version, new_deadline=date(2026, 11, 18), agreed_by="D", notes="N"
        )
    assert refused.value.field == "new_deadline"
    with pytest.raises(DomainError) as refused:
        actions.grant_extension(
            g, actor=None, expected_version=g.version, new_deadline=date(2026, 12, 18), agreed_by=" ", notes="N"
        )
    assert refused.value.field == "agreed_by"


def test_settling_keeps_the_exact_amount_and_stops_the_clock():
    g = make_grievance()
    actions.settle_grievance(
        g,
        actor=None,
        expected_version=g.version,
        occurred_on=date(2026, 11, 20),
        resolution="Paid 8 hours",
        amount="1,234.56",
    )
    db.session.commit()
    db.session.refresh(g)
    assert g.settlement_amount == Decimal("1234.56")
    assert (g.status, g.next_deadline, g.resolution_date) == ("settled", None, date(2026, 11, 20))
    actions.close_grievance(g, actor=None, expected_version=g.version, occurred_on=date(2026, 11, 25), resolution="")
    assert (g.status, g.resolution, g.resolution_date) == ("closed", "Paid 8 hours", date(2026, 11, 20))


@pytest.mark.parametrize("amount", ["-1", "abc", "1.234", "99999999999", "NaN"])
def test_a_bad_amount_is_refused_next_to_the_field(amount):
    g = make_grievance()
    with pytest.raises(DomainError) as refused:
        actions.settle_grievance(
            g, actor=None, expected_version=g.version, occurred_on=date(2026, 11, 20), resolution="R", amount=amount
        )
    assert refused.value.field == "amount"


def test_a_move_from_an_old_version_is_refused():
    g = make_grievance()
    seen = g.version
    actions.record_answer(g, actor=None, expected_version=seen, occurred_on=date(2026, 11, 12), notes="Denied")
    with pytest.raises(StaleEdit):
        actions.appeal_grievance(g, actor=None, expected_version=seen, occurred_on=date(2026, 11, 13))


def test_organizers_and_members_may_not_act():
    g = make_grievance()
    for role in ("organizer", "member"):
        with pytest.raises(NotAllowed):
            actions.record_answer(g, actor=user(role), expected_version=g.version, occurred_on=FILED, notes="x")


def test_withdrawing_needs_a_reason():
    g = make_grievance()
    with pytest.raises(DomainError) as refused:
        actions.withdraw_grievance(g, actor=None, expected_version=g.version, occurred_on=FILED, resolution="  ")
    assert refused.value.field == "resolution"
