"""A self-registered member asks to be linked (staff decide); a member changes their email through a link."""

from datetime import date

import pytest
from sqlalchemy import select

from hallweb.audit.models import AuditLog
from hallweb.auth.tokens import TokenInvalid
from hallweb.errors import Conflict, DomainError
from hallweb.extensions import db
from hallweb.members import linking
from hallweb.members import services as members
from hallweb.members.email_change import confirm_email_change, request_email_change
from hallweb.members.models import Member, MemberLinkRequest
from hallweb.outbox import services as outbox
from tests.factories import make_member

BORN = date(1975, 5, 5)


@pytest.fixture
def newcomer(make):
    return make.user("member")


def audit_actions(entity_type, entity_id):
    return db.session.scalars(
        select(AuditLog.action)
        .where(AuditLog.entity_type == entity_type, AuditLog.entity_id == entity_id)
        .order_by(AuditLog.id)
    ).all()


def stored(member_id):
    db.session.expire_all()
    return db.session.get(Member, member_id)


# --- link requests --------------------------------------------------------------------------------------------


def test_a_link_request_is_recorded_and_matched_when_card_number_and_birth_date_both_match(app, newcomer):
    member = make_member(card_number="L-100", date_of_birth=BORN)

    request = linking.request_member_link(newcomer, card_number=" l-100 ", date_of_birth=BORN)

    assert (request.user_id, request.card_number, request.status, request.member_id) == (
        newcomer.id,
        "L-100",
        "pending",
        member.id,
    )
    assert linking.pending_request_of(newcomer) is request
    row = db.session.scalar(select(AuditLog).where(AuditLog.action == "member.link_requested"))
    assert (row.actor_id, row.entity_id, row.changes) == (
        newcomer.id,
        request.id,
        {"card_number": "L-100", "matched": True},
    )
    assert stored(member.id).user_id is None  # nothing is linked until staff approve


@pytest.mark.parametrize(
    ("card_number", "date_of_birth"),
    [
        ("L-100", date(1975, 5, 6)),  # right card, wrong birthday
        ("L-101", BORN),  # wrong card, right birthday
    ],
)
def test_a_link_request_is_recorded_without_a_member_unless_both_details_match(
    app, newcomer, card_number, date_of_birth
):
    make_member(card_number="L-100", date_of_birth=BORN)
    make_member(card_number="L-999", date_of_birth=BORN)

    request = linking.request_member_link(newcomer, card_number=card_number, date_of_birth=date_of_birth)

    assert request.id is not None and request.status == "pending"
    assert request.member_id is None


def test_a_member_already_linked_or_archived_is_not_matched(app, make, staff, newcomer):
    linked = make_member(card_number="L-200", date_of_birth=BORN)
    members.link_user(linked, actor=staff, user=make.user("member"))
    archived = make_member(card_number="L-300", date_of_birth=BORN)
    members.archive_member(archived, actor=staff)

    assert linking.request_member_link(newcomer, card_number="L-200", date_of_birth=BORN).member_id is None
    other = make.user("member")
    assert linking.request_member_link(other, card_number="L-300", date_of_birth=BORN).member_id is None


def test_a_second_pending_request_is_refused_but_one_after_a_decision_is_allowed(app, staff, newcomer):
    make_member(card_number="L-100", date_of_birth=BORN)
    first = linking.request_member_link(newcomer, card_number="L-999", date_of_birth=BORN)

    with pytest.raises(DomainError):
        linking.request_member_link(newcomer, card_number="L-100", date_of_birth=BORN)
    assert db.session.scalars(select(MemberLinkRequest.id)).all() == [first.id]

    linking.reject_link_request(first, actor=staff, reason="We cannot find this card number.")
    again = linking.request_member_link(newcomer, card_number="L-100", date_of_birth=BORN)
    assert again.member_id is not None


def test_approving_a_matched_request_links_the_account_and_is_audited(app, staff, newcomer):
    member = make_member(card_number="L-100", date_of_birth=BORN)
    request = linking.request_member_link(newcomer, card_number="L-100", date_of_birth=BORN)

    linking.approve_link_request(request, actor=staff)

    assert stored(member.id).user_id == newcomer.id
    request = db.session.get(MemberLinkRequest, request.id)
    assert (request.status, request.decided_by_id) == ("approved", staff.id)
    assert request.decided_at is not None
    assert linking.pending_request_of(newcomer) is None
    assert "member.link_approved" in audit_actions("member_link_requests", request.id)
    assert "member.user_linked" in audit_actions("members", member.id)


def test_approving_a_request_that_matched_no_member_is_refused(app, staff, newcomer):
    request = linking.request_member_link(newcomer, card_number="NOPE", date_of_birth=BORN)

    with pytest.raises(DomainError):
        linking.approve_link_request(request, actor=staff)

    assert request.status == "pending"
    assert db.session.scalar(select(Member.id).where(Member.user_id == newcomer.id)) is None


def test_rejecting_a_request_links_nothing_and_is_audited(app, staff, newcomer):
    member = make_member(card_number="L-100", date_of_birth=BORN)
    request = linking.request_member_link(newcomer, card_number="L-100", date_of_birth=BORN)

    linking.reject_link_request(request, actor=staff, reason="We cannot find this card number.")

    assert (request.status, request.decided_by_id) == ("rejected", staff.id)
    assert request.reason == "We cannot find this card number."
    assert stored(member.id).user_id is None
    assert "member.link_rejected" in audit_actions("member_link_requests", request.id)


def test_a_decided_request_cannot_be_decided_again(app, staff, newcomer):
    make_member(card_number="L-100", date_of_birth=BORN)
    request = linking.request_member_link(newcomer, card_number="L-100", date_of_birth=BORN)
    linking.reject_link_request(request, actor=staff, reason="We cannot find this card number.")

    with pytest.raises(DomainError):
        linking.approve_link_request(request, actor=staff)
    with pytest.raises(DomainError):
        linking.reject_link_request(request, actor=staff, reason="We cannot find this card number.")
    assert request.status == "rejected"


# --- email change ---------------------------------------------------------------------------------------------


@pytest.fixture
def own(app, staff, newcomer):
    """A member record linked to `newcomer`."""
    member = make_member(email="old@example.org")
    members.link_user(member, actor=staff, user=newcomer)
    return member


def ask_for(member, user, new_email, mailbox):
    """Request the change, commit, deliver; the token from the link in the message to the new address."""
    request_email_change(member, actor=user, new_email=new_email)
    db.session.commit()
    assert outbox.deliver_ready() == 1
    link = mailbox.link_in(mailbox.last_to(new_email.strip().lower()), "/me/email/confirm/")
    assert link.startswith("http://hall.test/me/email/confirm/")
    return link.rsplit("/", 1)[1]


def test_an_email_change_sends_a_confirmation_link_to_the_new_address_only(app, own, newcomer, mailbox):
    ask_for(own, newcomer, "New.Address@Example.org", mailbox)

    assert [m["To"] for m in mailbox.messages] == ["new.address@example.org"]
    assert mailbox.to("old@example.org") == []
    assert stored(own.id).email == "old@example.org"  # not until the link is opened
    assert "member.email_change_requested" in audit_actions("members", own.id)


def test_confirming_with_the_token_changes_the_email_and_audits_it(app, own, newcomer, mailbox):
    token = ask_for(own, newcomer, "new@example.org", mailbox)

    changed = confirm_email_change(token, actor=newcomer)

    assert changed.id == own.id
    assert stored(own.id).email == "new@example.org"
    row = db.session.scalar(select(AuditLog).where(AuditLog.action == "member.email_changed"))
    assert (row.actor_id, row.entity_id) == (newcomer.id, own.id)
    assert row.changes == {"email": ["old@example.org", "new@example.org"], "version": [2, 3]}


def test_another_users_token_is_refused_and_leaves_it_usable_by_its_owner(app, make, staff, own, newcomer, mailbox):
    token = ask_for(own, newcomer, "new@example.org", mailbox)
    intruder = make.user("member")
    members.link_user(make_member(), actor=staff, user=intruder)

    with pytest.raises(TokenInvalid):
        confirm_email_change(token, actor=intruder)

    assert stored(own.id).email == "old@example.org"
    confirm_email_change(token, actor=newcomer)
    assert stored(own.id).email == "new@example.org"


def test_the_confirmation_link_works_once(app, own, newcomer, mailbox):
    token = ask_for(own, newcomer, "new@example.org", mailbox)
    confirm_email_change(token, actor=newcomer)

    with pytest.raises(TokenInvalid) as invalid:
        confirm_email_change(token, actor=newcomer)
    assert invalid.value.reason == "used"


def test_an_unknown_token_is_refused(app, own, newcomer):
    with pytest.raises(TokenInvalid) as invalid:
        confirm_email_change("not-a-real-token", actor=newcomer)
    assert invalid.value.reason == "unknown"


def test_an_email_used_by_another_member_is_refused(app, own, newcomer, mailbox):
    make_member(email="taken@example.org")

    with pytest.raises(Conflict) as conflict:
        request_email_change(own, actor=newcomer, new_email="Taken@Example.org")

    assert conflict.value.field == "email"
    db.session.commit()
    assert outbox.deliver_ready() == 0
    assert mailbox.messages == []


def test_an_email_taken_after_the_request_is_refused_at_confirmation(app, own, newcomer, mailbox):
    token = ask_for(own, newcomer, "new@example.org", mailbox)
    make_member(email="new@example.org")

    with pytest.raises(Conflict):
        confirm_email_change(token, actor=newcomer)
    assert stored(own.id).email == "old@example.org"


def test_asking_for_the_current_email_is_refused(app, own, newcomer, mailbox):
    with pytest.raises(DomainError) as error:
        request_email_change(own, actor=newcomer, new_email=" OLD@example.org ")
    assert error.value.field == "email"
    db.session.commit()
    assert outbox.deliver_ready() == 0


def test_a_newer_request_makes_the_earlier_link_stop_working(app, own, newcomer, mailbox):
    first = ask_for(own, newcomer, "first@example.org", mailbox)
    second = ask_for(own, newcomer, "second@example.org", mailbox)

    with pytest.raises(TokenInvalid):
        confirm_email_change(first, actor=newcomer)
    confirm_email_change(second, actor=newcomer)
    assert stored(own.id).email == "second@example.org"


def test_a_rejection_needs_a_reason(app, staff, newcomer):
    request = linking.request_member_link(newcomer, card_number="L-100", date_of_birth=BORN)
    with pytest.raises(DomainError) as refused:
        linking.reject_link_request(request, actor=staff, reason="   ")
    assert refused.value.field == "reason"
    assert request.status == "pending"


def test_a_member_withdraws_a_pending_request_and_may_ask_again(app, staff, newcomer):
    make_member(card_number="L-100", date_of_birth=BORN)
    first = linking.request_member_link(newcomer, card_number="L-999", date_of_birth=BORN)
    assert linking.withdraw_link_request(newcomer) is first
    assert first.status == "withdrawn"
    assert "member.link_withdrawn" in audit_actions("member_link_requests", first.id)
    with pytest.raises(DomainError, match="withdrew"):
        linking.approve_link_request(first, actor=staff)
    with pytest.raises(DomainError, match="no pending request"):
        linking.withdraw_link_request(newcomer)
    assert linking.request_member_link(newcomer, card_number="L-100", date_of_birth=BORN).member_id is not None
