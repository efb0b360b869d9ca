"""Editing as people do it: two tabs on one record, the keyboard, errors beside the action, an expired sign-in,
confirming what cannot be undone lightly."""

import re

import pytest
from playwright.sync_api import expect

from hallweb.auth.models import User
from hallweb.auth.sessions import revoke_sessions
from hallweb.extensions import db
from hallweb.members.models import Member
from hallweb.organizations.models import Organization
from hallweb.organizations.services import remove_contact
from tests.browser.conftest import PASSWORD, check_accessibility, sign_in

pytestmark = pytest.mark.browser


def test_a_second_save_in_another_tab_keeps_the_change_saved_in_the_first(page, hall):
    sign_in(page, "admin@example.org")
    edit_url = f"/members/{hall['member']}/edit"
    tab_a = page
    tab_b = page.context.new_page()
    tab_a.goto(edit_url)
    tab_b.goto(edit_url)

    tab_a.get_by_label("Phone").fill("555-222-3333")
    tab_a.get_by_role("button", name="Save member").click()
    expect(tab_a.get_by_text("Member updated.")).to_be_visible()

    tab_b.get_by_label("Last name").fill("McCauley")
    tab_b.get_by_role("button", name="Save member").click()
    form = tab_b.locator("#member-form")
    expect(form).to_contain_text("Someone else changed this record while you were editing it (phone)")
    phone_note = form.locator("#phone-conflict")
    expect(phone_note).to_contain_text("Theirs (stored now)")
    expect(phone_note.locator(".theirs")).to_have_text("555-222-3333")
    expect(phone_note.locator(".yours")).to_have_text("(empty)")
    expect(tab_b.get_by_label("Phone")).to_have_value("555-222-3333")  # untouched in this tab: theirs
    expect(tab_b.get_by_label("Last name")).to_have_value("McCauley")  # this tab's change stays
    check_accessibility(tab_b)

    tab_b.get_by_role("button", name="Save member").click()
    expect(tab_b.get_by_text("Member updated.")).to_be_visible()
    expect(tab_b.get_by_role("heading", level=1)).to_contain_text("Rosa McCauley")
    expect(tab_b.locator(f"#member-{hall['member']}-contact")).to_contain_text("555-222-3333")

    tab_a.reload()
    expect(tab_a.get_by_role("heading", level=1)).to_contain_text("Rosa McCauley")
    expect(tab_a.locator(f"#member-{hall['member']}-contact")).to_contain_text("555-222-3333")
    assert re.search(r"/members/\d+$", tab_b.url)


def tab_to(page, target, limit=60):
    """Press Tab until `target` has the focus, as a keyboard user gets there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{target} not reached with Tab")


def edit_contact_from_the_keyboard(page, panel):
    opener = panel.get_by_role("link", name="Edit contact details")
    tab_to(page, opener)
    page.keyboard.press("Enter")
    expect(panel.get_by_label("Phone")).to_be_focused()  # focus moved into the editor
    page.keyboard.type("555-000")
    page.keyboard.press("Escape")  # cancels: nothing saved, focus back on the opener
    expect(panel.get_by_label("Phone")).to_have_count(0)
    expect(panel.get_by_role("link", name="Edit contact details")).to_be_focused()

    page.keyboard.press("Enter")
    expect(panel.get_by_label("Phone")).to_be_focused()
    page.keyboard.press("Control+a")
    page.keyboard.type("555-867-5309")
    page.keyboard.press("Enter")  # submits the form
    expect(panel).to_contain_text("555-867-5309")
    expect(panel.get_by_role("link", name="Edit contact details")).to_be_focused()


def test_contact_details_are_edited_from_the_keyboard_on_the_member_page(page, hall):
    sign_in(page, "admin@example.org")
    page.goto(f"/members/{hall['member']}")
    edit_contact_from_the_keyboard(page, page.locator(f"#member-{hall['member']}-contact"))


def test_contact_details_are_edited_from_the_keyboard_on_my_record(page, hall):
    sign_in(page, "rosa@example.org")
    page.goto("/me/")
    edit_contact_from_the_keyboard(page, page.locator(f"#member-{hall['member']}-contact"))


def test_an_organization_contact_is_edited_from_the_keyboard(page, hall):
    sign_in(page, "admin@example.org")
    page.goto(f"/organizations/{hall['org']}")
    panel = page.locator(f"#organization-{hall['org']}-contacts")
    editor = panel.locator("form[data-inline-editor]")
    tab_to(page, panel.get_by_role("link", name="Edit Pat Foreman"))
    page.keyboard.press("Enter")
    expect(editor.get_by_label("Name")).to_be_focused()
    page.keyboard.press("Escape")
    expect(editor).to_have_count(0)
    expect(panel.get_by_role("link", name="Edit Pat Foreman")).to_be_focused()

    page.keyboard.press("Enter")
    expect(editor.get_by_label("Name")).to_be_focused()
    page.keyboard.press("Tab")
    expect(editor.get_by_label("Title")).to_be_focused()
    page.keyboard.press("Control+a")
    page.keyboard.type("General foreman")
    page.keyboard.press("Enter")
    expect(panel).to_contain_text("General foreman")
    expect(panel.get_by_role("link", name="Edit Pat Foreman")).to_be_focused()


def test_an_action_that_fails_says_so_next_to_the_button_that_was_used(page, hall, live_server):
    sign_in(page, "admin@example.org")
    page.goto(f"/organizations/{hall['org']}")
    row = page.locator("#organization-{}-contacts tr".format(hall["org"]), has_text="Pat Foreman")
    with live_server.app.app_context():  # meanwhile, someone else removes the contact
        org = db.session.get(Organization, hall["org"])
        remove_contact(org, org.contacts[0].id, actor=None)
        db.session.commit()

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Remove").click()
    alert = row.get_by_role("alert")
    expect(alert).to_have_text("There is no such contact.")
    expect(page.locator("#error-banner")).to_be_hidden()  # the message is where the user is looking
    check_accessibility(page)


def test_a_save_after_the_sign_in_ended_keeps_what_was_typed_and_works_after_signing_in_again(page, hall, live_server):
    sign_in(page, "admin@example.org")
    page.goto(f"/members/{hall['member']}")
    panel = page.locator(f"#member-{hall['member']}-contact")
    panel.get_by_role("link", name="Edit contact details").click()
    panel.get_by_label("Phone").fill("555-867-5309")
    panel.get_by_label("City").fill("Terre Haute")
    with live_server.app.app_context():  # the session ends (idle too long, revoked, signed out elsewhere)
        revoke_sessions(db.session.get(User, hall["admin"]))
        db.session.commit()

    panel.get_by_role("button", name="Save").click()
    alert = panel.get_by_role("alert").filter(has_text="Your sign-in has ended")
    expect(alert).to_contain_text("sign in again in a new tab, then press Save again")
    expect(panel.get_by_label("Phone")).to_have_value("555-867-5309")  # nothing typed is lost
    expect(panel.get_by_label("City")).to_have_value("Terre Haute")
    expect(page).to_have_url(re.compile(rf"/members/{hall['member']}$"))
    check_accessibility(page)

    with page.context.expect_page() as opened:
        alert.get_by_role("link", name="Sign in again (new tab)").click()
    other_tab = opened.value
    other_tab.get_by_label("Email").fill("admin@example.org")
    other_tab.get_by_label("Password", exact=True).fill(PASSWORD)
    other_tab.get_by_role("button", name="Sign in").click()
    expect(other_tab.get_by_role("heading", level=1)).to_contain_text("Rosa Parks")  # back to the page
    other_tab.close()

    panel.get_by_role("button", name="Save").click()
    expect(panel).to_contain_text("555-867-5309")
    expect(panel).to_contain_text("Terre Haute")
    expect(page.get_by_text("Contact details saved.")).to_be_visible()
    with live_server.app.app_context():
        member = db.session.get(Member, hall["member"])
        assert (member.phone, member.city) == ("555-867-5309", "Terre Haute")


def test_archiving_asks_first_with_javascript_and_without(page, hall, chromium, live_server):
    sign_in(page, "admin@example.org")
    page.goto(f"/organizations/{hall['org']}")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Archive").click()
    expect(page.get_by_role("button", name="Archive")).to_be_visible()
    assert asked == [
        "Archive Acme Electric? It is hidden from lists and nothing is deleted. An administrator can restore it."
    ]
    expect(page.locator(".notice")).to_have_count(0)  # dismissed: nothing happened
    page.goto(f"/organizations/{hall['org']}/archive/confirm")  # the page asking without JavaScript
    check_accessibility(page)

    no_js = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        plain = no_js.new_page()
        sign_in(plain, "admin@example.org")
        plain.goto(f"/members/{hall['member']}")
        plain.get_by_role("button", name="Archive").click()
        expect(plain).to_have_url(re.compile(rf"/members/{hall['member']}/archive/confirm\??$"))
        expect(plain.get_by_role("heading", level=1)).to_have_text("Archive Rosa Parks?")
        expect(plain.get_by_role("main")).to_contain_text("An administrator can restore it.")
        plain.get_by_role("link", name="Cancel").click()
        expect(plain).to_have_url(re.compile(rf"/members/{hall['member']}$"))
        plain.get_by_role("button", name="Archive").click()
        plain.get_by_role("button", name="Archive").click()  # on the confirmation page
        expect(plain.get_by_text("This member is archived")).to_be_visible()
    finally:
        no_js.close()
