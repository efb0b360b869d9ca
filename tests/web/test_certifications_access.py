"""Who sees and changes certifications: staff manage, instructors record, members read only their own (another
member's is 404), organizers are refused (403); the member page's panel, My record and the home card."""

import pytest

from hallweb.certifications.models import Certification
from hallweb.extensions import db
from hallweb.members.services import link_user
from tests.certifications_support import certificate, days
from tests.factories import make_member
from tests.html import element_by_id, row_ids, text_of
from tests.web.helpers import text


@pytest.fixture
def rosa(app):
    return make_member(first_name="Rosa", last_name="Alvarez", card_number="C0001")


def own_record(login_as):
    """A member signed in whose account is linked to their member record."""
    user = login_as("member")
    member = make_member(first_name="Mia", last_name="Self")
    link_user(member, actor=None, user=user)
    db.session.commit()
    return member


@pytest.mark.parametrize(
    ("role", "status"),
    [("staff", 200), ("officer", 200), ("instructor", 200), ("organizer", 403), ("member", 403), ("admin", 200)],
)
def test_the_list_is_for_staff_officers_and_instructors(client, login_as, role, status):
    login_as(role)
    assert client.get("/certifications/").status_code == status
    assert client.get("/certifications/expiring").status_code == status
    assert client.get("/certifications/export.csv").status_code == status


def test_a_member_reads_their_own_certificate_and_gets_404_for_another(client, login_as, rosa):
    mine = certificate(own_record(login_as), kind="cpr")
    theirs = certificate(rosa, kind="cpr")
    assert client.get(f"/certifications/{mine.id}").status_code == 200
    assert client.get(f"/certifications/{theirs.id}").status_code == 404
    assert client.get(f"/certifications/member/{rosa.id}").status_code == 404
    assert client.get("/certifications/99999").status_code == 404


def test_a_member_page_of_their_own_certificate_offers_no_changes_and_no_history(client, login_as):
    mine = certificate(own_record(login_as), kind="cpr")
    page = text(client.get(f"/certifications/{mine.id}"))
    for action in ("/renew", "/edit", "/revoke"):
        assert f"/certifications/{mine.id}{action}" not in page
    assert f"certification-{mine.id}-history" not in page
    for action in ("renew", "edit", "revoke"):
        assert client.get(f"/certifications/{mine.id}/{action}").status_code == 403
    assert client.post("/certifications/new", data={"card_number": "C0001"}).status_code == 403


def test_an_organizer_sees_the_member_but_not_the_certifications(client, login_as, rosa):
    login_as("organizer")
    cert = certificate(rosa)
    page = text(client.get(f"/members/{rosa.id}"))
    assert f"member-{rosa.id}-certifications" not in page
    assert client.get(f"/certifications/member/{rosa.id}").status_code == 403
    assert client.get(f"/certifications/{cert.id}").status_code == 404


def test_an_instructor_records_and_renews_but_may_not_revoke_or_correct(client, login_as, rosa):
    login_as("instructor")
    response = client.post(
        "/certifications/new", data={"card_number": "C0001", "type": "osha_10", "issue_date": days(-2).isoformat()}
    )
    assert response.status_code == 303
    cert = db.session.scalar(db.select(Certification))
    assert client.get(f"/certifications/{cert.id}/renew").status_code == 200
    assert client.post(f"/certifications/{cert.id}/revoke", data={"reason": "x", "version": "1"}).status_code == 403
    assert client.get(f"/certifications/{cert.id}/edit").status_code == 403


def test_the_member_page_loads_the_panel_when_shown_and_it_offers_recording(client, login_as, rosa):
    login_as("staff")
    cert = certificate(rosa, kind="cpr", issued=days(-800))
    placeholder = element_by_id(text(client.get(f"/members/{rosa.id}")), f"member-{rosa.id}-certifications")
    assert placeholder.attrs["hx-trigger"] == "revealed"
    assert placeholder.attrs["hx-get"] == f"/certifications/member/{rosa.id}"

    panel = client.hx_get(f"/certifications/member/{rosa.id}")
    assert "<html" not in text(panel)
    assert row_ids(text(panel), "held") == [cert.id]
    assert "Expired" in text_of(element_by_id(text(panel), f"held-{cert.id}"))
    assert "/certifications/new?card=C0001" in text(panel)
    assert "<html" in text(client.get(f"/certifications/member/{rosa.id}"))  # without JavaScript: a page


def test_my_record_shows_my_certifications_and_not_the_record_action(client, login_as, rosa):
    me = own_record(login_as)
    mine = certificate(me, kind="first_aid")
    certificate(rosa, kind="cpr")
    page = text(client.get("/me/"))
    assert element_by_id(page, f"member-{me.id}-certifications").attrs["hx-get"] == "/certifications/mine"
    panel = text(client.hx_get("/certifications/mine"))
    assert row_ids(panel, "held") == [mine.id]
    assert "Record a certification" not in panel


def test_an_account_without_a_member_record_has_no_certifications_page(client, login_as):
    login_as("member")
    assert client.get("/certifications/mine").status_code == 404


def test_the_staff_home_card_counts_expiring_and_expired_with_links(client, login_as, rosa):
    login_as("staff")
    certificate(rosa, kind="cpr", expires=days(10))
    certificate(rosa, kind="forklift", expires=days(50))
    certificate(rosa, kind="first_aid", issued=days(-900), expires=days(-3))
    card = element_by_id(text(client.get("/")), "home-certifications")
    said = text_of(card)
    assert "Expiring within 30 days: 1" in said
    assert "Expiring within 60 days: 2" in said
    assert "Expiring within 90 days: 2" in said
    assert "Expired: 1" in said
    hrefs = [a.attrs["href"] for a in card.find_all("a")]
    assert hrefs == [
        "/certifications/expiring?expiring=30",
        "/certifications/expiring?expiring=60",
        "/certifications/expiring?expiring=90",
        "/certifications/?status=expired",
    ]


@pytest.mark.parametrize("role", ["instructor", "organizer", "member"])
def test_the_card_is_for_staff_only(client, login_as, role):
    login_as(role)
    assert 'id="home-certifications"' not in text(client.get("/"))
