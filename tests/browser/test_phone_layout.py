"""On a 390 px phone: no page scrolls sideways, every menu item is reachable, the current section is marked."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}

MAIN_MENU = ["Home", "Members", "Employers", "My record", "Users", "Audit log", "Outbox", "Classifications"]
ACCOUNT_MENU = {"Profile": "/account/profile", "Your sessions": "/account/sessions", "Password": "/account/password"}


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def overflow(page) -> int:
    """How many pixels the page is wider than the viewport (0: no sideways scrolling)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def test_no_page_is_wider_than_a_phone(phone, hall):
    sign_in(phone, "admin@example.org")
    for path in [
        "/",
        "/members/",
        f"/members/{hall['member']}",
        f"/members/{hall['member']}/edit",
        "/members/new",
        "/organizations/",
        f"/organizations/{hall['org']}",
        "/admin/users",
        f"/admin/users/{hall['admin']}",
        "/admin/audit",
        "/admin/outbox",
        "/admin/classifications",
        "/account/profile",
        "/account/sessions",
        "/account/password",
    ]:
        assert phone.goto(path).status == 200, path
        assert overflow(phone) <= 0, f"{path} scrolls sideways by {overflow(phone)} px"
        check_accessibility(phone)


def test_every_menu_item_is_reachable_on_a_phone(phone, live_server, hall):
    sign_in(phone, "admin@example.org")
    menu = phone.get_by_role("navigation", name="Main")
    toggle = phone.get_by_role("button", name="Menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu.get_by_role("link", name="Members")).to_be_hidden()
    for label in MAIN_MENU:
        expect(toggle).to_have_attribute("aria-expanded", "false")  # each page starts with the menu folded
        toggle.click()
        link = menu.get_by_role("link", name=label, exact=True)
        expect(link).to_be_in_viewport()
        link.click()
        expect(phone.locator('#main-menu a[aria-current="page"]')).to_have_text(label)
        phone.wait_for_load_state()  # the stylesheet too: the page is measured as shown
        assert overflow(phone) <= 0, label
    for label, path in ACCOUNT_MENU.items():
        phone.get_by_text("Ada Admin").click()  # the account menu's summary
        link = phone.get_by_role("navigation", name="Account").get_by_role("link", name=label)
        expect(link).to_be_in_viewport()
        link.click()
        expect(phone).to_have_url(live_server.url + path)
        phone.wait_for_load_state()
        assert overflow(phone) <= 0, label
    phone.get_by_text("Ada Admin").click()
    phone.get_by_role("button", name="Sign out").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Sign in")


def test_the_menu_is_reachable_from_the_keyboard_on_a_phone(phone, hall):
    sign_in(phone, "admin@example.org")
    phone.get_by_role("button", name="Menu").focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "true")
    phone.keyboard.press("Tab")
    expect(phone.get_by_role("navigation", name="Main").get_by_role("link", name="Home")).to_be_focused()


def test_without_javascript_the_phone_menu_is_open_and_whole(chromium, live_server, page, hall):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, "admin@example.org")
        menu = page.get_by_role("navigation", name="Main")
        for label in MAIN_MENU:
            expect(menu.get_by_role("link", name=label, exact=True)).to_be_visible()
        assert overflow(page) <= 0
    finally:
        context.close()


def test_a_member_page_prints_as_a_record_sheet(page, hall):
    sign_in(page, "admin@example.org")
    page.goto(f"/members/{hall['member']}")
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    for hidden in ["header.site-header", "form", ".button", "th:has-text('IP address')"]:
        assert all(not el.is_visible() for el in page.locator(hidden).all()), hidden
