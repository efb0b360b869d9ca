"""Query budgets for certifications: the list, its search fragment, the member panel, a certificate's page and
the staff home card send as many statements for 10 certificates as for 400 (no per-row loads)."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import insert

from hallweb.certifications.models import Certification
from hallweb.extensions import db
from hallweb.hall_clock import hall_today
from tests.certifications_support import certificate
from tests.factories import bulk_members, ids_of_members, make_member
from tests.support import counted_statements
from tests.web.helpers import text


def bulk_certifications(member_ids: list[int], n: int, start: int = 0) -> None:
    """n certificates spread over the members, types and expiry dates taking turns; one INSERT, committed."""
    today = hall_today()
    kinds = ["cpr", "first_aid", "forklift", "osha_10", "hazmat"]
    rows = []
    for i in range(start, start + n):
        issued = today - timedelta(days=30 + (i * 37) % 900)  # expiry dates spread over 2.5 years
        expires = issued + timedelta(days=730)
        rows.append(
            {
                "member_id": member_ids[i % len(member_ids)],
                "type": kinds[i % len(kinds)],
                "status": "active",
                "issue_date": issued,
                "expiry_date": expires,
                "certificate_number": f"BULK-{i:05d}",
                "number_key": f"bulk-{i:05d}",
                "version": 1,
            }
        )
    db.session.execute(insert(Certification), rows)
    db.session.commit()


@pytest.fixture
def hall(app):
    member = make_member(first_name="Rosa", last_name="Budget", card_number="C0001")
    first = certificate(member, kind="cpr", issued=hall_today() - timedelta(days=800))
    bulk_members(9, prefix="Cert")
    bulk_certifications(ids_of_members("Cert"), 9)
    return {"member": member, "cert": first}


def grow(hall) -> None:
    """From 10 certificates to about 400, 30 of them the member's own."""
    bulk_members(40, prefix="Cert", start=9)
    bulk_certifications(ids_of_members("Cert"), 360, start=9)
    bulk_certifications([hall["member"].id], 30, start=1000)


PAGES = {  # name: (url, htmx?, what there is more of once grown, statements today)
    "list": (lambda h: "/certifications/", False, r'<tr id="certification-', 3),  # session, page, count
    "search-fragment": (lambda h: "/certifications/?q=bulk&sort=name", True, r'<tr id="certification-', 3),
    "expiring": (lambda h: "/certifications/expiring?expiring=90", False, r'<tr id="certification-', 3),
    "member-panel": (lambda h: f"/certifications/member/{h['member'].id}", True, r'<tr id="held-', 3),
    # session, member, its certificates
    "member-panel-page": (lambda h: f"/certifications/member/{h['member'].id}", False, r'<tr id="held-', 3),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_statements_do_not_grow_with_certificates(client, login_as, hall, name):
    login_as("staff")
    client.get("/")
    url_of, htmx, grown, budget = PAGES[name]
    url = url_of(hall)
    with counted_statements() as small:
        small_html = text((client.hx_get if htmx else client.get)(url))
    grow(hall)
    with counted_statements() as large:
        large_html = text((client.hx_get if htmx else client.get)(url))
    assert len(re.findall(grown, large_html)) > len(re.findall(grown, small_html)), "the page did not grow"
    assert len(small) <= budget, "\n\n".join(small)
    assert len(large) == len(small), "\n\n".join(large)


def test_a_certificate_page_with_a_long_renewal_chain_costs_what_a_single_one_does(client, login_as, hall):
    from hallweb.certifications.services import renew_certification

    login_as("staff")
    cert = hall["cert"]
    url = f"/certifications/{cert.id}"
    with counted_statements() as single:
        assert client.get(url).status_code == 200
    current = cert
    for n in range(5):
        current = renew_certification(
            current, actor=None, expected_version=current.version, issue_date=hall_today() - timedelta(days=5 - n)
        )
    db.session.commit()
    with counted_statements() as chained:
        html = text(client.get(url))
    assert html.count('<tr id="chain-') == 6
    assert len(chained) == len(single) <= 6, "\n\n".join(chained)


def test_the_staff_home_card_is_one_statement_whatever_the_number(client, login_as, hall):
    login_as("staff")
    with counted_statements() as small:
        client.get("/")
    grow(hall)
    with counted_statements() as large:
        html = text(client.get("/"))
    assert 'id="home-certifications"' in html
    assert len([s for s in large if "certifications" in s]) == 1
    assert len(large) == len(small)
