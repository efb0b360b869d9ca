"""Certification pages: the list (search, filters, sort, pages, CSV), Expiring, a certificate's page with its
renewal chain and History, and the forms that record, renew, correct and revoke."""

import csv
import io

import pytest

from hallweb.certifications.models import Certification
from hallweb.extensions import db
from hallweb.formats import day
from tests.certifications_support import certificate, days
from tests.factories import make_member
from tests.html import element, element_by_id, field_errors, row_ids, starts_with_element, text_of
from tests.web.helpers import location, text


@pytest.fixture
def rosa(app):
    return make_member(first_name="Rosa", last_name="Alvarez", card_number="C0001")


def stored(cert_id) -> Certification:
    db.session.expire_all()
    return db.session.get(Certification, cert_id)


def test_the_list_is_a_page_and_a_search_is_a_fragment(client, login_as, rosa):
    login_as("staff")
    cert = certificate(rosa, kind="cpr", certificate_number="CPR-77")
    other = certificate(make_member(last_name="Zed"), kind="cpr")
    page = client.get("/certifications/")
    assert page.status_code == 200 and "<html" in text(page)
    assert set(row_ids(element(text(page), "certification-table"), "certification")) == {cert.id, other.id}

    fragment = client.hx_get("/certifications/?q=cpr-7")
    assert fragment.status_code == 200 and "<html" not in text(fragment)
    assert starts_with_element(text(fragment), "section", "certification-table")
    assert row_ids(text(fragment), "certification") == [cert.id]
    assert "HX-Request" in fragment.vary


def test_the_list_says_expired_without_anyone_touching_the_record(client, login_as, rosa):
    login_as("staff")
    cert = certificate(rosa, kind="first_aid", issued=days(-800))
    row = text_of(element_by_id(text(client.get("/certifications/")), f"certification-{cert.id}"))
    assert "Expired" in row
    assert stored(cert.id).status == "active"


def test_csv_is_the_list_as_filtered(client, login_as, rosa):
    login_as("staff")
    certificate(rosa, kind="cpr", expires=days(10), certificate_number="=CMD()")
    certificate(rosa, kind="osha_10", expires=None)
    response = client.get("/certifications/export.csv?expiring=30")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(text(response))))
    assert [(r["type"], r["status"], r["certificate_number"]) for r in rows] == [("CPR", "Active", "'=CMD()")]


def test_expiring_view_offers_30_60_90_days(client, login_as, rosa):
    login_as("instructor")
    soon = certificate(rosa, kind="cpr", expires=days(25))
    later = certificate(rosa, kind="forklift", expires=days(75))
    assert set(row_ids(text(client.get("/certifications/expiring")), "certification")) == {soon.id, later.id}
    assert row_ids(text(client.get("/certifications/expiring?expiring=30")), "certification") == [soon.id]


def test_recording_from_the_member_page_link_prefills_the_card_and_defaults_the_expiry(client, login_as, rosa):
    login_as("staff")
    form = text(client.get("/certifications/new?card=C0001"))
    assert 'value="C0001"' in element(form, "certification-form")
    assert "CPR 2 years" in form  # the usual validity, from the setting

    issued = days(-5)
    response = client.post(
        "/certifications/new",
        data={"card_number": "c0001", "type": "cpr", "issue_date": issued.isoformat(), "issuer": "Red Cross"},
    )
    assert response.status_code == 303
    cert = db.session.scalar(db.select(Certification))
    assert location(response) == f"/certifications/{cert.id}"
    assert (cert.member_id, cert.expiry_date) == (rosa.id, issued.replace(year=issued.year + 2))
    page = text(client.get(location(response)))
    assert "CPR of Rosa Alvarez" in page and "Certification recorded" in page


@pytest.mark.parametrize(
    ("data", "field", "says"),
    [
        ({"card_number": "NOPE"}, "card_number", "No member has this card number"),
        ({"type": "welding_wizard"}, "type", "Not a valid choice"),
        ({"type": ""}, "type", "Choose a type"),
        ({"issue_date": "2026-02-30"}, "issue_date", "Enter the date it was issued"),
        ({"issue_date": "9999-12-31"}, "issue_date", "future"),
        ({"expiry_date": "2000-01-01"}, "expiry_date", "before the issue date"),
        ({"expiry_date": "10000-01-01"}, "expiry_date", "Not a valid date value"),
    ],
)
def test_bad_input_comes_back_beside_its_field_with_422(client, login_as, rosa, data, field, says):
    login_as("staff")
    posted = {"card_number": "C0001", "type": "cpr", "issue_date": days(-5).isoformat(), **data}
    response = client.hx_post("/certifications/new", data=posted)
    assert response.status_code == 422
    assert says in field_errors(text(response), field)
    assert db.session.scalar(db.select(db.func.count()).select_from(Certification)) == 0


def test_renewing_keeps_the_old_certificate_in_the_chain(client, login_as, rosa):
    login_as("staff")
    old = certificate(rosa, kind="cpr", issued=days(-800), certificate_number="CPR-1")
    form = text(client.get(f"/certifications/{old.id}/renew"))
    assert f'value="{days(0).isoformat()}"' in form  # the renewal is issued today unless said otherwise
    response = client.post(
        f"/certifications/{old.id}/renew",
        data={"issue_date": days(0).isoformat(), "certificate_number": "CPR-2", "version": "1"},
    )
    assert response.status_code == 303
    new = db.session.scalar(db.select(Certification).where(Certification.renews_id == old.id))
    page = text(client.get(location(response)))
    chain = element_by_id(page, f"certification-{new.id}-chain")
    assert row_ids(chain, "chain") == [old.id, new.id]
    assert "Renewed" in text_of(element_by_id(chain, f"chain-{old.id}"))
    assert stored(old.id).status == "renewed"


def test_a_stale_renewal_is_refused_and_shows_the_form_again(client, login_as, rosa):
    login_as("staff")
    old = certificate(rosa)
    response = client.post(f"/certifications/{old.id}/renew", data={"issue_date": days(0).isoformat(), "version": "7"})
    assert response.status_code == 422
    assert "Someone else changed this record" in text(response)
    assert stored(old.id).status == "active"


def test_revoking_without_javascript_asks_on_a_confirmation_page_then_revokes(client, login_as, rosa):
    login_as("staff")
    cert = certificate(rosa)
    empty = client.post(f"/certifications/{cert.id}/revoke", data={"reason": "", "version": "1"})
    assert empty.status_code == 422 and "Give the reason" in field_errors(text(empty), "reason")

    asked = client.post(f"/certifications/{cert.id}/revoke", data={"reason": "Forged card", "version": "1"})
    assert asked.status_code == 200 and "Revoke the CPR certificate of Rosa Alvarez?" in text(asked)
    confirm = element_by_id(text(asked), "confirm-form")
    assert 'value="Forged card"' in confirm.outer_html
    assert stored(cert.id).status == "active"

    done = client.post(
        f"/certifications/{cert.id}/revoke", data={"reason": "Forged card", "version": "1", "confirmed": "yes"}
    )
    assert done.status_code == 303
    page = text(client.get(location(done)))
    assert "Revoked: Forged card" in page and "Reason revoked" in page
    assert stored(cert.id).status == "revoked"


def test_with_htmx_the_revoke_form_asks_in_the_browser_and_posts_straight(client, login_as, rosa):
    login_as("staff")
    cert = certificate(rosa)
    form = element(text(client.get(f"/certifications/{cert.id}/revoke")), "revoke-form")
    assert "hx-confirm=" in form
    done = client.hx_post(f"/certifications/{cert.id}/revoke", data={"reason": "Forged", "version": "1"})
    assert done.headers["HX-Redirect"] == f"/certifications/{cert.id}"
    assert stored(cert.id).status == "revoked"


def test_a_correction_from_an_old_page_shows_theirs_and_yours(client, login_as, rosa):
    login_as("staff")
    cert = certificate(rosa, issuer="Red Cross")
    data = {
        "type": "cpr",
        "status": "active",
        "issue_date": cert.issue_date.isoformat(),
        "expiry_date": cert.expiry_date.isoformat(),
        "issuer": "Red Cross Chicago",
        "certificate_number": "",
        "version": "1",
    }
    assert client.post(f"/certifications/{cert.id}/edit", data=data).status_code == 303
    stale = client.post(f"/certifications/{cert.id}/edit", data={**data, "issuer": "American Heart"})
    assert stale.status_code == 422
    assert "Red Cross Chicago" in text_of(element_by_id(text(stale), "issuer-conflict"))
    assert stored(cert.id).issuer == "Red Cross Chicago"


def test_history_speaks_names_and_labels(client, login_as, rosa):
    login_as("staff")
    old = certificate(rosa, kind="first_aid", issued=days(-800))
    client.post(f"/certifications/{old.id}/renew", data={"issue_date": days(0).isoformat(), "version": "1"})
    new = db.session.scalar(db.select(Certification).where(Certification.renews_id == old.id))
    history = text_of(element_by_id(text(client.get(f"/certifications/{new.id}")), f"certification-{new.id}-history"))
    assert "Type: First aid" in history
    assert f"Renews: First aid issued {day(old.issue_date)}" in history  # the database writes it as formats.day
    assert "first_aid" not in history
