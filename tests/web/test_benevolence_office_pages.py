"""Staff intake and edits: entering for a member, a stale edit, the History fragment, errors swapped in place."""

from decimal import Decimal

import pytest

from hallweb.benevolence.models import Application
from hallweb.extensions import db
from tests import benevolence_factories as bf
from tests.web.helpers import hx_trigger_events, location, signed_in_client, text


@pytest.fixture
def office(app):
    return signed_in_client(app, bf.factories.user("staff"))


def test_staff_enter_an_application_by_card_number_and_submit_it(app, office, mailbox):
    _, member = bf.applicant(card_number="B77", email="eugene@example.net")
    form = office.get(f"/benevolence/new?member={member.id}")
    assert 'value="B77"' in text(form)
    saved = office.post(
        "/benevolence/new",
        data={
            "card_number": "B77",
            "reason": "disaster",
            "description": "Flooded basement.",
            "amount_requested": "2,500",
        },
    )
    assert saved.status_code == 303
    application = db.session.scalars(db.select(Application).where(Application.member_id == member.id)).one()
    assert application.amount_requested == Decimal("2500.00") and application.entered_by is not None
    page = text(office.get(location(saved)))
    assert 'id="submit-form"' in page and "Entered by" in page
    office.post(f"/benevolence/{application.id}/submit", data={"version": application.version})
    db.session.refresh(application)
    assert (application.status, application.awaiting_level) == ("submitted", "vp")
    assert "received" in mailbox.wait_for("eugene@example.net")["Subject"]


def test_an_unknown_card_number_is_said_next_to_the_field(office):
    response = office.post(
        "/benevolence/new",
        data={"card_number": "NOPE", "reason": "medical", "description": "x", "amount_requested": "5"},
    )
    assert response.status_code == 422
    assert "No member has this card number." in text(response)


@pytest.mark.parametrize("member", ["abc", "-1", "99999999999", ""])
def test_a_bad_member_in_the_address_is_ignored(office, member):
    assert office.get(f"/benevolence/new?member={member}").status_code == 200


def test_an_edit_from_an_old_page_is_refused_and_shows_theirs_and_yours(office):
    application = bf.draft("300.00")
    opened = application.version
    first = office.post(
        f"/benevolence/{application.id}/edit",
        data={"reason": "medical", "description": "Dentist.", "amount_requested": "300", "version": opened},
    )
    assert first.status_code == 303
    second = office.post(
        f"/benevolence/{application.id}/edit",
        data={"reason": "medical", "description": "Optician.", "amount_requested": "300", "version": opened},
    )
    assert second.status_code == 422
    assert "Someone else changed this record" in text(second) and "Dentist." in text(second)
    db.session.refresh(application)
    assert application.description == "Dentist."


def test_a_submitted_application_is_not_edited_by_staff(office):
    application = bf.submitted("300.00")
    response = office.post(
        f"/benevolence/{application.id}/edit",
        data={
            "reason": "medical",
            "description": "Changed.",
            "amount_requested": "300",
            "version": application.version,
        },
    )
    assert response.status_code == 422
    assert "Only a draft or an application sent back can be edited." in text(response)


def test_the_history_fragment_and_page(office):
    application = bf.submitted("300.00")
    fragment = office.hx_get(f"/benevolence/{application.id}/history")
    assert "<html" not in text(fragment) and f'id="application-{application.id}-history"' in text(fragment)
    assert "Benevolence application submitted" in text(fragment)
    assert "<html" in text(office.get(f"/benevolence/{application.id}/history"))


def test_a_refused_decision_swaps_the_form_with_its_error(app):
    officers = bf.panel()
    application = bf.submitted("300.00")
    browser = signed_in_client(app, officers["vp"])
    response = browser.hx_post(
        f"/benevolence/{application.id}/decide",
        data={
            "level": "vp",
            "decision": "approved",
            "comment": "ok",
            "approved_amount": "301",
            "version": application.version,
        },
    )
    assert response.status_code == 422
    body = text(response)
    assert "<html" not in body and 'id="decide-form"' in body and "Approve at most the $300.00 asked for." in body
    assert hx_trigger_events(response) == {}


def test_a_missing_application_is_404_everywhere(office):
    for url in ("/benevolence/2000000000", "/benevolence/2000000000/edit", "/benevolence/2000000000/history"):
        assert office.get(url).status_code == 404
    assert office.post("/benevolence/2000000000/pay", data={}).status_code == 404
