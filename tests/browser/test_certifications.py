"""Certifications in a real browser on a 390 px phone: record one from the member page, renew it, revoke the
renewal; each page without sideways scrolling and without serious axe violations."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from hallweb.certifications.models import Certification
from hallweb.extensions import db
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def overflow(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def looks_right(page):
    page.wait_for_load_state()
    assert overflow(page) <= 0, f"{page.url} scrolls sideways by {overflow(page)} px"
    check_accessibility(page)


def stored(live_server) -> list[tuple[str, str, int | None]]:
    with live_server.app.app_context():
        rows = db.session.execute(
            select(Certification.certificate_number, Certification.status, Certification.renews_id).order_by(
                Certification.id
            )
        ).all()
        return [tuple(r) for r in rows]


def test_record_renew_and_revoke_from_the_member_page_on_a_phone(page, live_server, hall):
    from hallweb.hall_clock import hall_today

    with live_server.app.app_context():
        today = hall_today()
    page.set_viewport_size(PHONE)
    page.on("dialog", lambda dialog: dialog.accept())  # hx-confirm before revoking
    sign_in(page, "admin@example.org")

    page.goto(f"/members/{hall['member']}")
    panel = page.locator(f"#member-{hall['member']}-certifications")
    panel.scroll_into_view_if_needed()
    expect(panel).to_contain_text("No certification recorded.")  # loaded in place when shown
    looks_right(page)
    panel.get_by_role("link", name="Record a certification").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Record a certification")
    expect(page.get_by_label("Member's card number")).to_have_value("C00001")
    looks_right(page)
    page.get_by_label("Type").select_option(label="CPR")
    page.get_by_label("Issue date").fill((today - timedelta(days=800)).isoformat())
    page.get_by_label("Issuer").fill("Red Cross")
    page.get_by_label("Certificate number").fill("CPR-1")
    page.get_by_role("button", name="Record certification").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("CPR of Rosa Parks")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Expired")  # two years after 800 days ago
    looks_right(page)

    page.get_by_role("link", name="Rosa Parks").click()
    panel = page.locator(f"#member-{hall['member']}-certifications")
    panel.scroll_into_view_if_needed()
    expect(panel.locator("tbody tr")).to_have_count(1)
    expect(panel).to_contain_text("Expired")
    panel.get_by_role("link", name="CPR").click()

    page.get_by_role("link", name="Renew").click()
    expect(page.get_by_label("Issue date of the renewal")).to_have_value(today.isoformat())
    looks_right(page)
    page.get_by_label("New certificate number").fill("CPR-2")
    page.get_by_role("button", name="Renew certification").click()
    expect(page.get_by_text("the old certificate is kept in its history")).to_be_visible()
    chain = page.locator("section", has=page.get_by_role("heading", name="Renewals"))
    expect(chain.locator("tbody tr")).to_have_count(2)
    expect(chain.locator("tbody tr").first).to_contain_text("Renewed")
    looks_right(page)

    page.get_by_role("link", name="Revoke").click()
    looks_right(page)
    expect(page.get_by_label("Reason")).to_have_attribute("required", "")  # no reason, no revoking
    page.get_by_label("Reason").fill("Issued to the wrong person")
    page.get_by_role("button", name="Revoke certification").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Revoked")
    expect(page.get_by_text("Revoked: Issued to the wrong person")).to_be_visible()
    assert re.search(r"/certifications/\d+$", page.url)
    looks_right(page)

    first, second = stored(live_server)
    assert first[:2] == ("CPR-1", "renewed")
    assert second[:2] == ("CPR-2", "revoked") and second[2] is not None


def test_the_lists_and_my_record_fit_a_phone(page, live_server, hall):
    from hallweb.certifications.services import record_certification
    from hallweb.hall_clock import hall_today
    from hallweb.members.models import Member

    with live_server.app.app_context():
        member = db.session.get(Member, hall["member"])
        record_certification(member, actor=None, type="forklift", issue_date=hall_today() - timedelta(days=1070))
        db.session.commit()
    page.set_viewport_size(PHONE)
    sign_in(page, "admin@example.org")
    for path in ["/", "/certifications/", "/certifications/expiring", "/certifications/?status=expired"]:
        assert page.goto(path).status == 200, path
        looks_right(page)
    expect(page.locator("#certification-table tbody tr")).to_have_count(0)
    page.goto("/certifications/expiring?expiring=30")
    expect(page.locator("#certification-table tbody tr")).to_have_count(1)
    page.goto("/certifications/")
    page.get_by_label("Search").fill("forkl")  # nothing: searches names and numbers, not types
    expect(page.locator("#certification-table tbody tr")).to_have_count(0)
    page.get_by_label("Search").fill("park")
    expect(page.locator("#certification-table tbody tr")).to_have_count(1)

    page.context.clear_cookies()
    sign_in(page, "rosa@example.org")
    page.goto("/me/")
    mine = page.locator(f"#member-{hall['member']}-certifications")
    mine.scroll_into_view_if_needed()
    expect(mine).to_contain_text("Forklift")
    expect(mine.get_by_role("link", name="Record a certification")).to_have_count(0)
    looks_right(page)
