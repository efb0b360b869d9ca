"""Certification lists: expired and expiring asked in SQL as the validity rule says; counts; renewal chains."""

from datetime import date

import pytest

from hallweb.certifications import services
from hallweb.certifications.queries import (
    CertificationFilters,
    certifications_for_export,
    certifications_of,
    chain_of,
    expiring_counts,
    list_certifications,
)
from hallweb.certifications.validity import Validity
from hallweb.extensions import db
from hallweb.hall_clock import hall_today
from tests.certifications_support import certificate, days
from tests.factories import make_member, user


@pytest.fixture
def hall(app):
    """Certificates expiring today, in 20, 45 and 80 days; expired yesterday; no expiry; revoked; pending."""
    rosa = make_member(first_name="Rosa", last_name="Alvarez")
    ben = make_member(first_name="Ben", last_name="Okafor")
    made = {
        "today": certificate(rosa, kind="other", expires=days(0), certificate_number="AB-100"),
        "20": certificate(rosa, kind="cpr", expires=days(20)),
        "45": certificate(ben, kind="cpr", expires=days(45)),
        "80": certificate(ben, kind="forklift", expires=days(80)),
        "yesterday": certificate(ben, kind="first_aid", issued=days(-400), expires=days(-1)),
        "never": certificate(rosa, kind="osha_10", expires=None),
        "revoked": certificate(rosa, kind="hazmat", expires=days(10)),
        "pending": certificate(ben, kind="flagger", expires=days(10), pending=True),
    }
    staff = user("staff")
    services.revoke_certification(made["revoked"], actor=staff, expected_version=1, reason="Issued in error")
    db.session.commit()
    return {"rosa": rosa, "ben": ben, **made}


def listed(hall, **filters) -> set[str]:
    page = list_certifications(CertificationFilters(**filters), hall_today())
    names = {c.id: name for name, c in hall.items() if name not in ("rosa", "ben")}
    return {names[item.id] for item in page.items}


def test_expired_means_active_and_past_expiry(hall):
    assert listed(hall, status="expired") == {"yesterday"}
    assert listed(hall, status="active") == {"today", "20", "45", "80", "never"}
    assert listed(hall, status="revoked") == {"revoked"}
    assert listed(hall, status="pending") == {"pending"}


def test_expiring_windows_count_only_certificates_in_force(hall):
    assert listed(hall, expiring=30) == {"today", "20"}
    assert listed(hall, expiring=60) == {"today", "20", "45"}
    assert listed(hall, expiring=90) == {"today", "20", "45", "80"}
    assert expiring_counts(hall_today()) == {"within_30": 2, "within_60": 3, "within_90": 4, "expired": 1}


def test_search_by_member_name_card_or_certificate_number(hall):
    assert listed(hall, q="alv") == {"today", "20", "never", "revoked"}
    assert listed(hall, q="ben ok") == {"45", "80", "yesterday", "pending"}
    assert listed(hall, q="ab-1") == {"today"}
    assert listed(hall, q=hall["ben"].card_number) == {"45", "80", "yesterday", "pending"}


def test_type_and_date_filters(hall):
    assert listed(hall, type="cpr") == {"20", "45"}
    assert listed(hall, expires_from=days(40), expires_to=days(90)) == {"45", "80"}
    assert listed(hall, issued_to=days(-100)) == {"yesterday"}
    assert listed(hall, issued_from=date(9999, 1, 1)) == set()


def test_sorts_put_the_soonest_expiry_first_and_no_expiry_last(hall):
    page = list_certifications(CertificationFilters(status="active"), hall_today())
    assert [i.id for i in page.items] == [hall[k].id for k in ("today", "20", "45", "80", "never")]
    page = list_certifications(CertificationFilters(status="active", sort="-expiry"), hall_today())
    assert page.items[0].id == hall["never"].id


def test_keyset_pages_walk_the_whole_list(hall, monkeypatch):
    from hallweb.certifications import queries

    monkeypatch.setattr(queries, "PER_PAGE", 3)
    queries.list_statement.cache_clear()  # statements are built once per shape, with the page size in them
    seen, after, pages = [], None, 0
    for _ in range(5):
        page = list_certifications(CertificationFilters(sort="name"), hall_today(), after=after)
        pages += 1
        seen += [i.id for i in page.items]
        if not page.has_next:
            break
        after = page.next_cursor
    queries.list_statement.cache_clear()
    assert (pages, len(seen), len(set(seen)), page.total) == (3, 8, 8, 8)
    assert page.first == 7


def test_export_follows_the_filters(hall):
    assert [c.id for c in certifications_for_export(CertificationFilters(expiring=30), hall_today())] == [
        hall["today"].id,
        hall["20"].id,
    ]


def test_certifications_of_a_member_with_their_validity_today(hall):
    held = certifications_of(hall["ben"].id)
    assert {c.id: c.validity for c in held} == {
        hall["45"].id: Validity.ACTIVE,
        hall["80"].id: Validity.ACTIVE,
        hall["yesterday"].id: Validity.EXPIRED,
        hall["pending"].id: Validity.PENDING,
    }
    assert held[0].type_label in {"CPR", "Forklift", "First aid", "Flagger"}


def test_the_chain_reads_from_the_first_certificate_to_the_last_renewal(hall):
    staff = user("staff")
    first = hall["yesterday"]
    second = services.renew_certification(first, actor=staff, expected_version=1, issue_date=days(-1))
    third = services.renew_certification(second, actor=staff, expected_version=1, issue_date=days(0))
    db.session.commit()
    for cert in (first, second, third):
        assert [c.id for c in chain_of(cert, hall_today())] == [first.id, second.id, third.id]
