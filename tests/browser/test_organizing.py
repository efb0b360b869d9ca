"""An organizer runs a campaign on a phone: logs activity (a refused card count first), records a salt
application and corrects it, and reads the campaign's totals and chart; every page axe-checked at 390 px."""

import pytest
from playwright.sync_api import expect

from hallweb.auth.accounts import create_user
from hallweb.extensions import db
from hallweb.members.services import create_member, link_user
from hallweb.organizations.services import create_organization
from tests.browser.conftest import PASSWORD, check_accessibility, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def campaign(live_server, hall):
    """Olive Organizer (an organizer linked to her member record), a non-union target and a salt."""
    with live_server.app.app_context():
        user = create_user(
            actor=None,
            email="olive@example.org",
            first_name="Olive",
            last_name="Organizer",
            roles=["organizer"],
            password=PASSWORD,
        )
        member = create_member(
            actor=None, card_number="C00077", first_name="Olive", last_name="Organizer", classification_id=1
        )
        link_user(member, actor=None, user=user)
        create_member(actor=None, card_number="C00088", first_name="Sal", last_name="Salter", classification_id=1)
        target = create_organization(actor=None, name="Scab Wiring Co", kind="non_union")
        db.session.commit()
        return {"target": target.id}


def overflow(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def phone_check(page):
    page.wait_for_load_state()
    assert overflow(page) <= 0, f"{page.url} scrolls sideways by {overflow(page)} px"
    check_accessibility(page)


def log_activity(page, *, day, kind, contacted, cards, description):
    page.get_by_label("Target employer").select_option(label="Scab Wiring Co")
    page.get_by_label("Date").fill(day)
    page.get_by_label("Type").select_option(label=kind)
    page.get_by_label("Outcome").select_option(label="Positive")
    page.get_by_label("Location").fill("Job site gate")
    page.get_by_label("Workers contacted").fill(str(contacted))
    page.get_by_label("Authorization cards signed").fill(str(cards))
    page.get_by_label("What was done").fill(description)
    page.get_by_role("button", name="Save activity").click()


def test_an_organizer_runs_a_campaign_on_a_phone(page, campaign):
    page.set_viewport_size(PHONE)
    sign_in(page, "olive@example.org")
    expect(page.locator("#home-organizer")).to_contain_text("Your organizing campaigns will appear here")
    phone_check(page)

    page.goto("/organizing/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log organizing activity")
    phone_check(page)
    log_activity(page, day="2026-01-15", kind="Card signing", contacted=6, cards=8, description="Cards at lunch")
    errors = page.locator("#cards_signed-errors")
    expect(errors).to_contain_text("Cards signed (8) cannot be more than the workers contacted (6)")
    expect(page.get_by_label("What was done")).to_have_value("Cards at lunch")  # what was typed stays
    phone_check(page)
    page.get_by_label("Authorization cards signed").fill("5")
    page.get_by_role("button", name="Save activity").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Campaign at Scab Wiring Co")
    expect(page.get_by_text("Activity at Scab Wiring Co logged.")).to_be_visible()
    page.get_by_role("link", name="Log activity").click()
    log_activity(page, day="2026-03-10", kind="Meeting", contacted=12, cards=3, description="House meeting")
    expect(page.get_by_role("heading", level=1)).to_have_text("Campaign at Scab Wiring Co")

    expect(page.locator("#total-activities")).to_have_text("2")
    expect(page.locator("#total-contacted")).to_have_text("18")
    expect(page.locator("#total-cards")).to_contain_text("8")
    bars = page.locator("#cards-chart rect[data-value]")
    expect(bars).to_have_count(3)  # January to March, February quiet
    assert [bars.nth(i).get_attribute("data-value") for i in range(3)] == ["5", "0", "3"]
    expect(page.locator("#cards-table tbody tr")).to_have_count(3)
    expect(page.locator("#campaign-timeline li")).to_have_count(2)
    phone_check(page)

    page.get_by_role("link", name="Record a salt application").click()
    page.get_by_label("Salt's card number").fill("c00088")
    page.get_by_label("Date applied").fill("2026-02-16")
    page.get_by_label("The posting").fill("Journeyman electrician, ref. JE-114")
    page.get_by_label("Availability").fill("Immediately")
    phone_check(page)
    page.get_by_role("button", name="Record the application").click()
    expect(page.get_by_text("Salt application recorded.")).to_be_visible()
    case = page.locator("#salt-applications article")
    expect(case).to_contain_text("Sal Salter (C00088) applied on 02/16/2026")

    case.get_by_role("link", name="Record a correction").click()
    expect(page.get_by_label("Date applied")).to_have_value("2026-02-16")  # the entry, to put right
    page.get_by_label("Date applied").fill("2026-02-09")
    page.get_by_label("What was wrong").fill("The receipt shows the 9th.")
    phone_check(page)
    page.get_by_role("button", name="Record the correction").click()
    expect(page.get_by_text("Correction recorded; the entry it corrects stays on file.")).to_be_visible()
    expect(case.locator("h3")).to_contain_text("applied on 02/09/2026")
    expect(case.locator(".corrected")).to_contain_text("Corrected")
    expect(case.locator(".corrected")).to_contain_text("applied on 02/16/2026")

    case.get_by_role("link", name="Add a follow-up").click()
    page.get_by_label("Date").fill("2026-02-23")
    page.get_by_label("What was done").fill("Called HR: no answer yet.")
    page.get_by_role("button", name="Record the follow-up").click()
    expect(case.locator(".follow-ups")).to_contain_text("02/23/2026: Called HR: no answer yet.")
    expect(page.locator("#total-salts")).to_have_text("1")
    phone_check(page)

    page.goto("/")
    expect(page.locator("#home-organizer")).to_contain_text("Scab Wiring Co")
    expect(page.locator("#home-organizer-recent li")).to_have_count(2)
    phone_check(page)


def test_the_employer_page_shows_its_organizing_panel_and_the_list_filters(page, campaign):
    page.set_viewport_size(PHONE)
    sign_in(page, "olive@example.org")
    page.goto("/organizing/new")
    log_activity(page, day="2026-01-15", kind="Leafleting", contacted=20, cards=2, description="Leaflets")
    expect(page.get_by_role("heading", level=1)).to_have_text("Campaign at Scab Wiring Co")

    page.goto(f"/organizations/{campaign['target']}")
    panel = page.locator(f"#organization-{campaign['target']}-organizing")
    panel.scroll_into_view_if_needed()
    expect(panel).to_contain_text("20 workers contacted, 2 authorization cards signed")
    phone_check(page)

    page.goto("/organizing/")
    page.get_by_label("Outcome").select_option(label="Negative")
    expect(page.locator("#activity-status")).to_have_text("No activity matches this search.")
    page.get_by_label("Outcome").select_option(label="Positive")
    expect(page.locator("#activity-table tbody tr")).to_have_count(1)
    assert "outcome=positive" in page.url
    phone_check(page)
