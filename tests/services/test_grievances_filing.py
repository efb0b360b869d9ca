"""Filing: generated numbers per year, the grievant or the union, entering at a higher step, late filings."""

from datetime import date

import pytest
from sqlalchemy import func, select

from hallweb.errors import DomainError, NotAllowed
from hallweb.extensions import db
from hallweb.grievances.models import EventKind, GrievanceCounter, GrievanceEvent
from hallweb.grievances.numbering import format_number
from tests.factories import make_employer, make_member, user
from tests.grievance_factories import FILED, ensure_holiday, make_grievance
from tests.support import audit_rows


@pytest.fixture(autouse=True)
def veterans_day(app):
    ensure_holiday(date(2026, 11, 11), "Veterans Day")


def test_numbers_are_sequential_per_filing_year():
    first = make_grievance()
    second = make_grievance()
    earlier_year = make_grievance(incident_date=date(2025, 3, 2), filed_date=date(2025, 3, 3), late_reason=None)
    third = make_grievance()
    assert (first.number, second.number, third.number) == ("GR-2026-0001", "GR-2026-0002", "GR-2026-0003")
    assert (first.filing_year, first.sequence, second.sequence) == (2026, 1, 2)
    assert earlier_year.number == "GR-2025-0001"


def test_a_number_is_never_reused_after_a_failed_filing():
    make_grievance()
    with pytest.raises(DomainError):
        make_grievance(article="")  # refused before a number is taken
    assert make_grievance().number == "GR-2026-0002"
    assert db.session.get(GrievanceCounter, 2026).last_number == 2


def test_format_number():
    assert format_number(2026, 42) == "GR-2026-0042"
    assert format_number(2026, 12345) == "GR-2026-12345"
    with pytest.raises(ValueError):
        format_number(2026, 0)


def test_filing_starts_the_employers_answer_clock_across_a_holiday():
    g = make_grievance()
    assert g.status == "open" and g.step == 1
    assert g.clock == "answer" and g.clock_start == FILED
    assert g.next_deadline == date(2026, 11, 19)  # ten business days, Veterans Day skipped
    assert g.filed_late is False
    event = db.session.scalars(select(GrievanceEvent).where(GrievanceEvent.grievance_id == g.id)).one()
    assert (event.kind, event.occurred_on, event.step) == (EventKind.FILED, FILED, 1)


def test_filing_is_audited_with_the_number():
    staff = user("staff")
    g = make_grievance(actor=staff)
    (row,) = audit_rows(g, "grievance.filed")
    assert row.entity_id == g.id and row.actor_id == staff.id
    assert row.changes["grievance_number"] == g.number
    assert row.changes["article"] == [None, "Article 4.2 Overtime"]


def test_a_policy_grievance_has_the_union_as_grievant():
    g = make_grievance(policy=True)
    assert g.is_policy and g.member_id is None


def test_a_policy_grievance_takes_no_card_number():
    employer = make_employer()
    member = make_member()
    from hallweb.grievances.filing import file_grievance

    with pytest.raises(DomainError) as refused:
        file_grievance(
            actor=None,
            card_number=member.card_number,
            is_policy=True,
            employer_id=employer.id,
            incident_date=date(2026, 11, 2),
            filed_date=FILED,
            article="A",
            violation="V",
            remedy="R",
        )
    assert refused.value.field == "card_number"


def test_an_unknown_card_number_is_refused_next_to_the_field():
    with pytest.raises(DomainError) as refused:
        make_grievance(member=type("M", (), {"card_number": "NOPE404"})())
    assert refused.value.field == "card_number"
    assert "NOPE404" in refused.value.message


def test_a_discharge_enters_at_step_3():
    g = make_grievance(step=3)
    assert g.step == 3
    assert g.clock == "answer"


def test_no_grievance_enters_at_arbitration():
    with pytest.raises(DomainError) as refused:
        make_grievance(step=4)
    assert refused.value.field == "step"


def test_the_filing_deadline_counts_from_the_incident():
    # Incident Monday 2 November: ten business days, Veterans Day skipped, end Tuesday 17 November.
    on_time = make_grievance(incident_date=date(2026, 11, 2), filed_date=date(2026, 11, 17))
    assert on_time.filed_late is False


def test_a_late_filing_needs_a_reason_and_is_flagged():
    with pytest.raises(DomainError) as refused:
        make_grievance(incident_date=date(2026, 11, 2), filed_date=date(2026, 11, 18))
    assert refused.value.field == "late_reason"
    assert "11/17/2026" in refused.value.message
    late = make_grievance(
        incident_date=date(2026, 11, 2), filed_date=date(2026, 11, 18), late_reason="The grievant was in hospital."
    )
    assert late.filed_late is True and late.late_reason == "The grievant was in hospital."


def test_the_incident_cannot_follow_the_filing_nor_the_filing_be_in_the_future():
    with pytest.raises(DomainError) as refused:
        make_grievance(incident_date=date(2026, 11, 5), filed_date=date(2026, 11, 4))
    assert refused.value.field == "incident_date"
    with pytest.raises(DomainError) as refused:
        make_grievance(filed_date=date(2999, 1, 1))
    assert refused.value.field == "filed_date"


def test_the_employer_must_be_an_employer():
    partner = make_employer(kind="training_partner")
    with pytest.raises(DomainError) as refused:
        make_grievance(employer=partner)
    assert refused.value.field == "employer_id"


def test_only_representatives_file():
    with pytest.raises(NotAllowed):
        make_grievance(actor=user("organizer"))
    assert db.session.scalar(select(func.count()).select_from(GrievanceEvent)) == 0
    assert make_grievance(actor=user("officer")).number
