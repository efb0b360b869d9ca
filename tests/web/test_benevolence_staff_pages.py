"""The office and officers: list with filters and CSV, the review queue, deciding, overriding, paying, levels."""

import csv
import io
from datetime import date

import pytest

from hallweb.benevolence.models import Application
from hallweb.extensions import db
from tests import benevolence_factories as bf
from tests.web.helpers import signed_in_client, text


@pytest.fixture
def officers(app):
    return bf.panel()


def test_staff_list_filters_pages_and_exports(app, officers):
    staff = bf.factories.user("staff")
    small = bf.submitted("400.00")
    big = bf.submitted("6000.00", reason="disaster")
    bf.draft("50.00")
    browser = signed_in_client(app, staff)
    listing = text(browser.get("/benevolence/"))
    assert f'id="application-{small.id}"' in listing and f'id="application-{big.id}"' in listing
    only_big = text(browser.get("/benevolence/?reason=disaster&least=5000"))
    assert f'id="application-{big.id}"' in only_big and f'id="application-{small.id}"' not in only_big
    fragment = browser.hx_get("/benevolence/?status=submitted&most=500")
    assert "<html" not in text(fragment) and f'id="application-{small.id}"' in text(fragment)
    assert f'id="application-{big.id}"' not in text(fragment)
    exported = browser.get("/benevolence/export.csv?reason=disaster")
    rows = list(csv.reader(io.StringIO(text(exported))))
    assert rows[0][0] == "number" and [r[0] for r in rows[1:]] == [str(big.id)]
    assert rows[1][7] == "6000.00"


@pytest.mark.parametrize(
    "query",
    ["least=abc", "since=99999-01-01", "until=0000-00-00", "after=%%%", "before=WzFd", "level=zz", "status=%00"],
)
def test_bad_filters_never_break_the_list(app, query):
    browser = signed_in_client(app, bf.factories.user("staff"))
    assert browser.get(f"/benevolence/?{query}").status_code == 200


def test_the_review_queue_holds_what_waits_for_my_levels_only(app, officers):
    waiting_vp = bf.submitted("400.00")
    waiting_admin = bf.submitted("1800.00")
    bf.decide(waiting_admin, officers["vp"])
    queue = text(signed_in_client(app, officers["admin"]).get("/benevolence/review"))
    assert f'id="application-{waiting_admin.id}"' in queue and f'id="application-{waiting_vp.id}"' not in queue
    home = text(signed_in_client(app, officers["admin"]).get("/"))
    assert "1 application awaits your review" in home


def test_an_officer_decides_from_the_application_page_and_the_member_is_told(app, officers, mailbox):
    application = bf.submitted("400.00", who=bf.applicant(email="lucy@example.net"))
    browser = signed_in_client(app, officers["vp"])
    page = text(browser.get(f"/benevolence/{application.id}"))
    assert 'id="decide-form"' in page
    done = browser.post(
        f"/benevolence/{application.id}/decide",
        data={
            "level": "vp",
            "decision": "approved",
            "comment": "Bills seen.",
            "approved_amount": "350",
            "version": application.version,
        },
    )
    assert done.status_code == 303
    db.session.refresh(application)
    assert (application.status, str(application.amount_approved)) == ("approved", "350.00")
    assert "$350.00" in mailbox.text_of(mailbox.wait_for("lucy@example.net"))


def test_a_forged_level_is_refused_with_422_and_nothing_written(app, officers):
    application = bf.submitted("1800.00")
    browser = signed_in_client(app, officers["admin"])
    refused = browser.post(
        f"/benevolence/{application.id}/decide",
        data={"level": "admin", "decision": "approved", "comment": "skip vp", "version": application.version},
    )
    assert refused.status_code == 422
    assert "levels decide in order" in text(refused)
    db.session.refresh(application)
    assert application.reviews == [] and application.status == "submitted"


def test_an_officer_overrides_the_caps_and_the_reason_is_shown(app, officers):
    application = bf.submitted("8000.00")
    browser = signed_in_client(app, officers["manager"])
    page = text(browser.get(f"/benevolence/{application.id}"))
    assert "is over the fund" in page and 'id="override-form"' in page
    browser.post(
        f"/benevolence/{application.id}/override",
        data={"reason": "Total loss in the flood.", "version": application.version},
    )
    page = text(browser.get(f"/benevolence/{application.id}"))
    assert "Caps overridden" in page and "Total loss in the flood." in page


def test_staff_record_payment_of_an_approved_application(app, officers):
    application = bf.approve_all(bf.submitted("400.00"), officers)
    browser = signed_in_client(app, bf.factories.user("staff"))
    assert 'id="payment-form"' in text(browser.get(f"/benevolence/{application.id}"))
    bad = browser.post(
        f"/benevolence/{application.id}/pay",
        data={"paid_on": "2026-13-45", "method": "ach", "version": application.version},
    )
    assert bad.status_code == 422
    paid = browser.post(
        f"/benevolence/{application.id}/pay",
        data={
            "paid_on": date.today().isoformat(),
            "method": "ach",
            "reference": "T-77",
            "version": application.version,
        },
    )
    assert paid.status_code == 303
    db.session.refresh(application)
    assert application.status == "paid" and application.payment_reference == "T-77"


def test_the_summary_shows_a_year_as_chart_and_table(app, officers):
    application = bf.approve_all(bf.submitted("400.00"), officers)
    bf.pay(application, bf.factories.user("staff"), date.today())
    browser = signed_in_client(app, bf.factories.user("officer"))
    page = text(browser.get(f"/benevolence/summary?year={date.today().year}"))
    assert "<svg" in page and 'id="figures-month"' in page and 'id="figures-reason"' in page
    assert page.count("$400.00") >= 3
    assert "<script" not in page.split("</head>")[1]
    assert browser.get("/benevolence/summary?year=abc").status_code == 200


def test_an_admin_assigns_levels_to_officers_only(app):
    admin = bf.factories.user("admin")
    officer = bf.factories.user("officer")
    clerk = bf.factories.user("staff")
    browser = signed_in_client(app, admin)
    assert browser.post("/benevolence/reviewers", data={"user_id": officer.id, "level": "vp"}).status_code == 303
    refused = browser.post("/benevolence/reviewers", data={"user_id": clerk.id, "level": "vp"})
    assert refused.status_code == 422 and "not an officer" in text(refused)
    assert officer.full_name in text(browser.get("/benevolence/reviewers"))


def test_member_page_shows_the_benevolence_panel_to_staff(app):
    application = bf.submitted("300.00")
    browser = signed_in_client(app, bf.factories.user("staff"))
    page = text(browser.get(f"/members/{application.member_id}"))
    assert f'id="member-{application.member_id}-benevolence"' in page
    assert f'hx-get="/benevolence/member/{application.member_id}"' in page  # loaded when shown
    panel = browser.hx_get(f"/benevolence/member/{application.member_id}")
    assert "<html" not in text(panel) and f'href="/benevolence/{application.id}"' in text(panel)
    assert "1 application submitted; $0.00 paid in all." in text(panel)
    whole = browser.get(f"/benevolence/member/{application.member_id}")
    assert "<html" in text(whole) and f'href="/benevolence/{application.id}"' in text(whole)
    assert browser.get("/benevolence/member/2000000000").status_code == 404
    assert (
        signed_in_client(app, bf.factories.user("organizer")).get(f"/members/{application.member_id}").status_code
        == 200
    )
    hidden = text(signed_in_client(app, bf.factories.user("organizer")).get(f"/members/{application.member_id}"))
    assert f'id="member-{application.member_id}-benevolence"' not in hidden
    assert db.session.get(Application, application.id) is not None
