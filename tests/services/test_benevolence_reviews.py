"""Review rules, whatever the form sends: level order, the levels the amount needs, nobody reviews their own or
decides at two levels, approved amounts within what was asked and the caps unless overridden."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from hallweb.benevolence import reviews
from hallweb.benevolence.models import Application
from hallweb.errors import Conflict, DomainError, InvalidTransition, NotAllowed
from hallweb.extensions import db
from hallweb.members.services import link_user
from tests import benevolence_factories as bf
from tests.support import audit_rows

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
def officers(app):
    return bf.panel()


@pytest.mark.parametrize(
    ("amount", "levels"),
    [
        ("500.00", ["vp"]),
        ("500.01", ["vp", "admin"]),
        ("2000.00", ["vp", "admin"]),
        ("2000.01", ["vp", "admin", "manager"]),
        ("5000.00", ["vp", "admin", "manager"]),
        ("5000.01", ["vp", "admin", "manager", "president"]),
        ("7500.00", ["vp", "admin", "manager", "president"]),
    ],
)
def test_an_application_is_approved_once_every_level_its_amount_needs_approves(officers, amount, levels):
    application = bf.submitted(amount)
    seen = []
    while application.status in ("submitted", "under_review"):
        seen.append(application.awaiting_level)
        bf.decide(application, officers[application.awaiting_level])
    assert seen == levels
    assert application.status == "approved"
    assert application.amount_approved == Decimal(amount)
    assert [r.level for r in application.reviews] == levels


def test_a_level_out_of_order_is_refused_whatever_the_form_sends(officers):
    application = bf.submitted("1800.00")
    with pytest.raises(InvalidTransition, match="waits for the Vice president level"):
        reviews.decide(
            application,
            actor=officers["admin"],
            level="admin",
            decision="approved",
            comment="ok",
            expected_version=application.version,
        )
    bf.decide(application, officers["vp"])
    with pytest.raises(InvalidTransition):  # vp again: the level awaited is admin now
        reviews.decide(
            application,
            actor=officers["vp"],
            level="vp",
            decision="approved",
            comment="ok",
            expected_version=application.version,
        )


def test_a_level_the_amount_does_not_need_is_never_awaited(officers):
    application = bf.submitted("500.00")
    bf.decide(application, officers["vp"])
    assert application.status == "approved"
    with pytest.raises(InvalidTransition):
        reviews.decide(
            application,
            actor=officers["admin"],
            level="admin",
            decision="approved",
            comment="ok",
            expected_version=application.version,
        )


def test_a_reviewer_needs_the_level_awaited():
    application = bf.submitted("400.00")
    admin_only = bf.officer("admin")
    with pytest.raises(NotAllowed, match="at which you do not review"):
        bf.decide(application, admin_only)


def test_nobody_reviews_their_own_application():
    vp = bf.officer("vp")
    member = bf.factories.make_member()
    link_user(member, actor=None, user=vp)  # the officer is a member too
    application = bf.submitted("300.00", who=(vp, member))
    with pytest.raises(NotAllowed, match="your own application"):
        reviews.decide(
            application, actor=vp, level="vp", decision="approved", comment="ok", expected_version=application.version
        )


def test_nobody_decides_at_two_levels_of_one_application():
    both = bf.officer("vp", "admin")
    application = bf.submitted("1800.00")
    bf.decide(application, both)
    with pytest.raises(NotAllowed, match="decided this application at the Vice president level already"):
        bf.decide(application, both)
    assert application.awaiting_level == "admin"


def test_a_deferral_keeps_it_waiting_at_the_same_level_for_the_same_or_another_reviewer(officers):
    application = bf.submitted("1800.00")
    bf.decide(application, officers["vp"], "deferred", comment="Waiting for the hospital's letter.")
    assert (application.status, application.awaiting_level) == ("under_review", "vp")
    bf.decide(application, officers["vp"])
    assert application.awaiting_level == "admin"


def test_a_denial_at_any_level_denies(officers):
    application = bf.submitted("1800.00")
    bf.decide(application, officers["vp"])
    bf.decide(application, officers["admin"], "denied", comment="Covered by insurance.")
    assert application.status == "denied" and application.awaiting_level is None
    assert application.decided_at is not None
    with pytest.raises(InvalidTransition, match="not waiting"):
        reviews.decide(
            application,
            actor=officers["admin"],
            level="admin",
            decision="approved",
            comment="ok",
            expected_version=application.version,
        )


def test_a_decision_carries_a_comment(officers):
    application = bf.submitted("300.00")
    with pytest.raises(DomainError, match="Give a comment") as err:
        bf.decide(application, officers["vp"], comment="  ")
    assert err.value.field == "comment"


@pytest.mark.parametrize(("asked", "given", "ok"), [("1800.00", "1800.00", True), ("1800.00", "1800.01", False)])
def test_the_approved_amount_is_at_most_the_amount_requested(officers, asked, given, ok):
    application = bf.submitted(asked)
    if ok:
        bf.decide(application, officers["vp"], amount=given)
    else:
        with pytest.raises(DomainError, match=r"at most the \$1,800.00 asked for"):
            bf.decide(application, officers["vp"], amount=given)


def test_a_later_level_may_lower_the_award_but_not_raise_it(officers):
    application = bf.submitted("1800.00")
    bf.decide(application, officers["vp"], amount="1500.00")
    with pytest.raises(DomainError, match="already approved at the level before"):
        bf.decide(application, officers["admin"], amount="1600.00")
    bf.decide(application, officers["admin"], amount="1200.00")
    assert application.amount_approved == Decimal("1200.00")


@pytest.mark.parametrize(("asked", "over"), [("7500.00", False), ("7500.01", True)])
def test_the_cap_per_application_holds_unless_an_officer_overrides_it(officers, asked, over):
    application = bf.submitted(asked)
    if not over:
        bf.approve_all(application, officers)
        assert application.status == "approved"
        return
    with pytest.raises(DomainError, match="over the fund's cap"):
        bf.decide(application, officers["vp"])
    overrider = bf.officer()
    reviews.override_caps(
        application, actor=overrider, reason="House fire: the board agreed.", expected_version=application.version
    )
    db.session.commit()
    bf.approve_all(application, officers)
    assert application.status == "approved" and application.amount_approved == Decimal(asked)
    row = audit_rows(application, "benevolence.caps_overridden")[0]
    assert row.changes["override_reason"] == [None, "House fire: the board agreed."]
    assert row.actor_id == overrider.id


def test_an_override_needs_a_reason_and_never_covers_ones_own_application(officers):
    application = bf.submitted("8000.00")
    with pytest.raises(DomainError, match="Write why"):
        reviews.override_caps(application, actor=officers["vp"], reason=" ", expected_version=application.version)
    with pytest.raises(NotAllowed):
        reviews.override_caps(
            application, actor=application.member.user, reason="mine", expected_version=application.version
        )
    staff = bf.factories.user("staff")
    with pytest.raises(NotAllowed):
        reviews.override_caps(application, actor=staff, reason="please", expected_version=application.version)


def dated_back(application):
    application.application_date = date.today() - timedelta(days=800)
    db.session.commit()


def test_one_paid_award_per_member_in_twelve_months(officers):
    who = bf.applicant()
    staff = bf.factories.user("staff")
    first = bf.approve_all(bf.submitted("400.00", who=who), officers)
    dated_back(first)
    bf.pay(first, staff, date.today() - timedelta(days=30))
    second = bf.submitted("300.00", who=who)
    with pytest.raises(DomainError, match="within the last 12 months"):
        bf.decide(second, officers["vp"])


def test_the_twelve_months_are_counted_back_from_today(app, officers):
    who = bf.applicant()
    staff = bf.factories.user("staff")
    first = bf.approve_all(bf.submitted("400.00", who=who), officers)
    dated_back(first)
    bf.pay(first, staff, reviews.rules.months_before(date.today(), 12))
    second = bf.approve_all(bf.submitted("300.00", who=who), officers)
    assert second.status == "approved"


def test_a_decision_made_on_an_old_page_is_refused(officers):
    application = bf.submitted("300.00")
    seen = application.version
    bf.decide(application, officers["vp"], "deferred", comment="later")
    with pytest.raises(Conflict, match="Someone else changed this application"):
        reviews.decide(
            application, actor=officers["vp"], level="vp", decision="approved", comment="ok", expected_version=seen
        )


def test_a_decision_is_audited_with_its_level_comment_and_status(officers):
    application = bf.submitted("1800.00")
    bf.decide(application, officers["vp"], comment="Bills attached.")
    row = audit_rows(application, "benevolence.reviewed")[0]
    assert row.changes["review_level"] == "vp"
    assert row.changes["review_comment"] == "Bills attached."
    assert row.changes["status"] == ["submitted", "under_review"]
    assert row.changes["awaiting_level"] == ["vp", "admin"]
    assert db.session.get(Application, application.id).version == application.version
