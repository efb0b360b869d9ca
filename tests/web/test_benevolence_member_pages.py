"""A member applies under My record: draft, submit, follow, answer a question; never sees another's (404)."""

from decimal import Decimal

import pytest

from hallweb.benevolence.models import Application
from hallweb.extensions import db
from hallweb.members.services import update_member
from tests import benevolence_factories as bf
from tests.web.helpers import location, signed_in_client, text


@pytest.fixture
def rosa(app):
    user, member = bf.applicant(email="rosa.parks@example.net", first_name="Rosa", last_name="Parks")
    return user, member, signed_in_client(app, user)


def test_my_record_links_to_the_fund(rosa):
    _, _, browser = rosa
    assert "/me/benevolence/" in text(browser.get("/me/"))


def test_a_member_drafts_submits_and_is_emailed(rosa, mailbox):
    user, member, browser = rosa
    page = browser.get("/me/benevolence/new")
    assert page.status_code == 200
    saved = browser.post(
        "/me/benevolence/new",
        data={"reason": "medical", "description": "Surgery after a fall.", "amount_requested": "$1,800.00"},
    )
    assert saved.status_code == 303
    application = db.session.scalars(db.select(Application).where(Application.member_id == member.id)).one()
    assert application.amount_requested == Decimal("1800.00") and application.status == "draft"
    detail = browser.get(location(saved))
    assert "$1,800.00" in text(detail) and "Draft" in text(detail)
    sent = browser.post(f"/me/benevolence/{application.id}/submit", data={"version": application.version})
    assert sent.status_code == 303
    db.session.refresh(application)
    assert application.status == "submitted"
    msg = mailbox.wait_for("rosa.parks@example.net")
    assert "received" in msg["Subject"]
    assert f"/me/benevolence/{application.id}" in mailbox.text_of(msg)


@pytest.mark.parametrize(
    ("amount", "message"),
    [("abc", "Enter an amount in dollars and cents"), ("0", "above $0.00"), ("1.234", "dollars and cents"), ("", "")],
)
def test_a_bad_amount_is_refused_next_to_the_field_with_422(rosa, amount, message):
    _, _, browser = rosa
    response = browser.post(
        "/me/benevolence/new", data={"reason": "medical", "description": "Bills.", "amount_requested": amount}
    )
    assert response.status_code == 422
    assert 'id="amount_requested-errors"' in text(response)
    assert message in text(response)


def test_a_member_not_in_good_standing_is_told_why_and_cannot_submit(rosa):
    user, member, browser = rosa
    application = bf.draft("300.00", who=(user, member))
    update_member(member, actor=None, expected_version=member.version, status="suspended")
    db.session.commit()
    page = browser.get(f"/me/benevolence/{application.id}")
    assert "not in good standing" in text(page)
    refused = browser.post(f"/me/benevolence/{application.id}/submit", data={"version": application.version})
    assert refused.status_code == 422
    assert "membership is suspended" in text(refused)
    db.session.refresh(application)
    assert application.status == "draft"


def test_a_member_never_sees_another_members_application(app, rosa):
    _, _, browser = rosa
    other = bf.submitted("300.00")
    for url in (f"/me/benevolence/{other.id}", f"/me/benevolence/{other.id}/edit"):
        assert browser.get(url).status_code == 404
    assert browser.post(f"/me/benevolence/{other.id}/submit", data={"version": 1}).status_code == 404
    assert browser.get(f"/benevolence/{other.id}").status_code == 403
    assert "No. " not in text(browser.get("/me/benevolence/"))


def test_the_question_of_a_needs_info_shows_and_the_member_answers_and_submits_again(rosa):
    user, member, browser = rosa
    officers = bf.panel()
    application = bf.submitted("1800.00", who=(user, member))
    bf.decide(application, officers["vp"], "needs_info", comment="Please attach the hospital bill.")
    page = text(browser.get(f"/me/benevolence/{application.id}"))
    assert "Please attach the hospital bill." in page and "Needs information" in page
    edited = browser.post(
        f"/me/benevolence/{application.id}/edit",
        data={
            "reason": "medical",
            "description": "Bill attached.",
            "amount_requested": "1800",
            "version": application.version,
        },
    )
    assert edited.status_code == 303
    db.session.refresh(application)
    browser.post(f"/me/benevolence/{application.id}/submit", data={"version": application.version})
    db.session.refresh(application)
    assert (application.status, application.review_round, application.awaiting_level) == ("submitted", 2, "vp")


def test_the_htmx_form_swaps_in_its_errors(rosa):
    _, _, browser = rosa
    response = browser.hx_post(
        "/me/benevolence/new", data={"reason": "medical", "description": "", "amount_requested": "5"}
    )
    assert response.status_code == 422
    assert "<html" not in text(response) and 'id="application-form"' in text(response)


def test_my_record_keeps_its_title_and_shows_the_fund_once(rosa):
    _, _, browser = rosa
    page = text(browser.get("/me/"))
    assert "<title>My record ·" in page
    assert page.count('id="my-benevolence"') == 1
