"""A new member registers, confirms the email from the real message, signs in and signs out."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility

pytestmark = pytest.mark.browser
PASSWORD = "brass lantern under orchard rain"


def test_register_verify_sign_in_and_sign_out(page, live_server, mailbox):
    page.goto("/auth/register")
    check_accessibility(page)
    page.get_by_label("First name").fill("Rosa")
    page.get_by_label("Last name").fill("Parks")
    page.get_by_label("Email").fill("Rosa.Parks@example.org")
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the new password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    check_accessibility(page)

    message = mailbox.wait_for("rosa.parks@example.org")  # sent after the response
    link = mailbox.link_in(message, "/auth/verify/")
    assert link.startswith(live_server.url)
    page.goto(link)
    expect(page).to_have_url(re.compile(r"/auth/login$"))
    expect(page.get_by_text("Your email address is confirmed")).to_be_visible()
    check_accessibility(page)

    page.get_by_label("Email").fill("rosa.parks@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Welcome, Rosa")).to_be_visible()
    expect(page).to_have_url(live_server.url + "/")
    check_accessibility(page)

    page.get_by_text("Rosa Parks").click()  # the account menu
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    check_accessibility(page)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/auth/login\?next=/$"))


def test_wrong_password_error_is_swapped_in_without_a_page_load(page, live_server):
    page.goto("/auth/login")
    page.evaluate("() => { window.__sameDocument = true }")
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_label("Password", exact=True).fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That email and password do not match an account.")).to_be_visible()
    assert page.evaluate("() => window.__sameDocument === true"), "the form was not swapped by htmx"
    expect(page.get_by_label("Email")).to_have_value("nobody@example.org")
    check_accessibility(page)
