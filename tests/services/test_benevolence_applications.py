"""Applying, editing, submitting, answering needs_info and payment; good standing; mail to the member."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from hallweb.benevolence import applications, payments
from hallweb.db.versioning import StaleEdit
from hallweb.errors import DomainError, InvalidTransition, NotAllowed
from hallweb.extensions import db
from hallweb.members.services import update_member
from hallweb.outbox import services as outbox
from tests import benevolence_factories as bf
from tests.support import audit_rows

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
def officers(app):
    return bf.panel()


@pytest.mark.parametrize(("status", "word"), [("suspended", "suspended"), ("dropped", "dropped from the rolls")])
def test_a_member_not_in_good_standing_cannot_submit_and_is_told_why(status, word):
    application = bf.draft("300.00")
    member = application.member
    update_member(member, actor=None, expected_version=member.version, status=status)
    db.session.commit()
    with pytest.raises(DomainError, match=f"membership is {word}, so it is not in good standing"):
        applications.submit_application(application, actor=member.user, expected_version=application.version)
    assert application.status == "draft"


@pytest.mark.parametrize("status", ["active", "inactive", "retired"])
def test_members_in_good_standing_submit(status):
    user, member = bf.applicant(status=status)
    application = bf.submitted("300.00", who=(user, member))
    assert (application.status, application.awaiting_level) == ("submitted", "vp")


def test_a_member_applies_only_for_themselves_and_staff_for_anyone():
    user, _ = bf.applicant()
    _, other = bf.applicant()
    with pytest.raises(NotAllowed):
        applications.create_application(
            other, actor=user, reason="medical", description="x", amount_requested=Decimal("10")
        )
    staff = bf.factories.user("staff")
    entered = applications.create_application(
        other, actor=staff, reason="disaster", description="Flood.", amount_requested=Decimal("900")
    )
    assert entered.entered_by_id == staff.id and entered.member_id == other.id


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"reason": "lottery"}, "reason"),
        ({"description": "  "}, "description"),
        ({"amount_requested": Decimal("0")}, "amount_requested"),
        ({"amount_requested": Decimal("-5")}, "amount_requested"),
        ({"amount_requested": Decimal("1.005")}, "amount_requested"),
        ({"amount_requested": Decimal("NaN")}, "amount_requested"),
        ({"amount_requested": None}, "amount_requested"),
    ],
)
def test_bad_values_are_refused_next_to_their_field(values, field):
    user, member = bf.applicant()
    fields = {"reason": "medical", "description": "Bills.", "amount_requested": Decimal("100"), **values}
    with pytest.raises(DomainError) as err:
        applications.create_application(member, actor=user, **fields)
    assert err.value.field == field


def test_needs_info_goes_back_to_the_applicant_who_edits_and_submits_again_from_the_first_level(officers):
    application = bf.submitted("1800.00")
    user = application.member.user
    bf.decide(application, officers["vp"])
    bf.decide(application, officers["admin"], "needs_info", comment="Please attach the hospital bill.")
    assert (application.status, application.awaiting_level) == ("needs_info", None)
    applications.update_application(
        application, actor=user, expected_version=application.version, amount_requested=Decimal("1700.00")
    )
    applications.submit_application(application, actor=user, expected_version=application.version)
    db.session.commit()
    assert (application.status, application.awaiting_level, application.review_round) == ("submitted", "vp", 2)
    bf.approve_all(application, officers)
    assert application.status == "approved" and application.amount_approved == Decimal("1700.00")
    assert [(r.review_round, r.level, r.decision) for r in application.reviews] == [
        (1, "vp", "approved"),
        (1, "admin", "needs_info"),
        (2, "vp", "approved"),
        (2, "admin", "approved"),
    ]


def test_only_a_draft_or_an_application_sent_back_is_edited(officers):
    application = bf.submitted("300.00")
    with pytest.raises(NotAllowed):
        applications.update_application(
            application, actor=application.member.user, expected_version=application.version, description="More."
        )
    with pytest.raises(InvalidTransition):
        applications.submit_application(
            application, actor=application.member.user, expected_version=application.version
        )


def test_an_edit_from_an_old_version_is_refused_with_what_changed():
    application = bf.draft("300.00")
    user = application.member.user
    opened = application.version
    applications.update_application(application, actor=user, expected_version=opened, description="Roof repair.")
    db.session.commit()
    with pytest.raises(StaleEdit, match="description"):
        applications.update_application(application, actor=user, expected_version=opened, description="Other.")


def test_every_change_is_audited_field_by_field():
    application = bf.draft("300.00")
    user = application.member.user
    applications.update_application(
        application, actor=user, expected_version=application.version, amount_requested=Decimal("350.00")
    )
    db.session.commit()
    created = audit_rows(application, "benevolence.created")[0]
    assert created.changes["amount_requested"] == [None, "300.00"]
    updated = audit_rows(application, "benevolence.updated")[0]
    assert updated.changes["amount_requested"] == ["300.00", "350.00"]


def test_payment_is_recorded_for_approved_applications_only(officers):
    staff = bf.factories.user("staff")
    waiting = bf.submitted("300.00")
    with pytest.raises(InvalidTransition, match="cannot become paid"):
        bf.pay(waiting, staff, date.today())
    approved = bf.approve_all(bf.submitted("300.00"), officers)
    with pytest.raises(NotAllowed):
        bf.pay(approved, officers["vp"], date.today())
    for bad, field in [({"method": "cash"}, "method"), ({"paid_on": date.today() + timedelta(days=1)}, "paid_on")]:
        values = {"paid_on": date.today(), "method": "ach", "reference": "T-1", **bad}
        with pytest.raises(DomainError) as err:
            payments.record_payment(approved, actor=staff, expected_version=approved.version, **values)
        assert err.value.field == field
    bf.pay(approved, staff, date.today(), method="direct_to_creditor", reference="Mercy Hospital acct 77")
    assert (approved.status, approved.payment_method, approved.paid_on) == ("paid", "direct_to_creditor", date.today())
    with pytest.raises(InvalidTransition):
        bf.pay(approved, staff, date.today())


def test_the_member_is_emailed_at_submission_needs_info_decision_and_payment(app, officers, mailbox):
    user, member = bf.applicant(email="rosa.fund@example.net")
    staff = bf.factories.user("staff")
    application = bf.submitted("1800.00", who=(user, member))
    outbox.deliver_ready()  # what was committed goes out
    assert "received" in mailbox.wait_for("rosa.fund@example.net")["Subject"]
    bf.decide(application, officers["vp"], "needs_info", comment="Which hospital?")
    outbox.deliver_ready()
    asked = mailbox.wait_for("rosa.fund@example.net")
    assert "Which hospital?" in mailbox.text_of(asked)
    applications.submit_application(application, actor=user, expected_version=application.version)
    db.session.commit()
    bf.approve_all(application, officers)
    outbox.deliver_ready()
    assert "$1,800.00" in mailbox.text_of(mailbox.wait_for("rosa.fund@example.net"))
    bf.pay(application, staff, date.today())
    outbox.deliver_ready()
    subjects = [m["Subject"] for m in mailbox.to("rosa.fund@example.net")]
    assert [s.split(": ", 1)[1] for s in subjects] == [
        "your benevolence application is received",
        "your benevolence application needs more information",
        "your benevolence application is received",
        "your benevolence application is approved",
        "your benevolence award is paid",
    ]
