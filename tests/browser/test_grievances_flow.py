"""Staff run a grievance from filing to settlement in a real browser; the deadlines shown are the worked
examples across a weekend and a holiday; the member then sees their own case, read only."""

import pytest
from playwright.sync_api import expect

from hallweb.auth.accounts import create_user
from hallweb.extensions import db
from tests.browser.conftest import PASSWORD, check_accessibility, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def staff(live_server, hall):
    with live_server.app.app_context():
        create_user(
            actor=None, email="sam@example.org", first_name="Sam", last_name="Staff", roles=["staff"], password=PASSWORD
        )
        db.session.commit()
    return hall


def sign_out(page):
    page.locator("summary", has_text="Account").click()
    page.get_by_role("button", name="Sign out").click()


def test_staff_run_a_grievance_from_filing_to_settlement_and_the_member_sees_it(page, staff):
    # The admin puts Veterans Day (Wednesday 11 November 2026) on the holiday list.
    sign_in(page, "admin@example.org")
    page.goto("/grievances/holidays?year=2026")
    form = page.locator("#holiday-form")
    form.get_by_label("Date").fill("2026-11-11")
    form.get_by_label("Name").fill("Veterans Day")
    form.get_by_role("button", name="Add the holiday").click()
    expect(page.locator("#holiday-list")).to_contain_text("Veterans Day")
    check_accessibility(page)
    sign_out(page)

    # Staff file it: filed Wednesday 4 November, the employer's answer is due ten business days later, across
    # two weekends and Veterans Day: Thursday 19 November.
    sign_in(page, "sam@example.org")
    page.goto("/grievances/new")
    check_accessibility(page)
    page.get_by_label("Grievant's card number").fill("C00001")
    page.get_by_label("Employer").select_option(label="Acme Electric")
    page.get_by_label("Date of the incident").fill("2026-11-02")
    page.get_by_label("Filed on").fill("2026-11-04")
    page.get_by_label("Contract article").fill("Article 4.2 Overtime")
    page.get_by_label("What was violated").fill("Overtime given out of seniority order.")
    page.get_by_label("Remedy sought").fill("Pay the hours lost.")
    page.get_by_role("button", name="File the grievance").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Grievance GR-2026-0001")
    deadline = page.locator("[id$='-deadline']")
    expect(deadline).to_contain_text("11/19/2026 (Thursday): Employer's answer at step 1 due")
    check_accessibility(page)

    # The answer (Thursday 12 November) starts the appeal clock: Thursday 26 November.
    page.get_by_role("link", name="Record the employer's answer").click()
    action = page.locator("#grievance-action-form")
    action.get_by_label("Answer received on").fill("2026-11-12")
    action.get_by_label("What the employer answered").fill("Denied: overtime was offered by phone.")
    action.get_by_role("button", name="Record the answer").click()
    expect(deadline).to_contain_text("11/26/2026 (Thursday): Appeal to step 2 due")
    expect(page.locator("[id$='-timeline']")).to_contain_text("Employer's answer at step 1")
    expect(page.locator("[id$='-history']")).to_contain_text("Employer's answer recorded")

    # Settled with an amount: no more deadline, and the only move left is to close it.
    page.get_by_role("link", name="Settle").click()
    action = page.locator("#grievance-action-form")
    action.get_by_label("Settled on").fill("2026-11-20")
    action.get_by_label("Amount (optional)").fill("1,250")
    action.get_by_label("Terms of the settlement").fill("Eight hours at the overtime rate.")
    action.get_by_role("button", name="Settle").click()
    expect(page.locator("[id$='-amount']")).to_have_text("$1,250.00")
    expect(page.locator("[id$='-moves'] a")).to_have_text(["Close"])
    expect(page.locator("[id$='-timeline']")).to_contain_text("Settled for $1,250.00")
    page.goto("/grievances/?status=settled")
    expect(page.locator("#grievance-table tbody tr")).to_have_count(1)
    check_accessibility(page)
    sign_out(page)

    # The member sees the case under My record, read only.
    sign_in(page, "rosa@example.org")
    page.goto("/me/")
    mine = page.locator("#my-grievances")
    mine.scroll_into_view_if_needed()
    expect(mine).to_contain_text("GR-2026-0001")  # loaded when scrolled into view
    mine.get_by_role("link", name="GR-2026-0001").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Grievance GR-2026-0001")
    expect(page.locator("[id$='-amount']")).to_have_text("$1,250.00")
    expect(page.locator("[id$='-moves']")).to_have_count(0)
    check_accessibility(page)
