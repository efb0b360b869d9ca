"""Editing as people do it: two tabs on one record, the keyboard, errors beside the action, an expired sign-in,
confirming what cannot be undone lightly."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, sign_in

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
