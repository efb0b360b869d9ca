"""A member's $1,800 application goes through the vice president and the administrator level to payment, in a
real browser."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from hallweb.auth.accounts import create_user
from hallweb.auth.services import find_user_by_email
from hallweb.benevolence import applications, reviewers, reviews
from hallweb.extensions import db
from hallweb.members.models import Member
from hallweb.members.services import create_member, link_user
from tests.browser.conftest import PASSWORD, check_accessibility

pytestmark = pytest.mark.browser


@pytest.fixture
def fund(live_server):
    with live_server.app.app_context():
        admin = create_user(
            actor=None,
            email="admin@example.org",
            first_name="Ada",
            last_name="Admin",
            roles=["admin"],
            password=PASSWORD,
        )
        rosa = create_user(
            actor=None,
            email="rosa@example.org",
            first_name="Rosa",
            last_name="Parks",
            roles=["member"],
            password=PASSWORD,
        )
        member = create_member(
            actor=admin,
            card_number="C00001",
            first_name="Rosa",
            last_name="Parks",
            classification_id=1,
            email="rosa.parks@example.net",
        )
        link_user(member, actor=admin, user=rosa)
        for email, first, level in [("vp@example.org", "Victor", "vp"), ("adm@example.org", "Alma", "admin")]:
            officer = create_user(
                actor=None, email=email, first_name=first, last_name="Officer", roles=["officer"], password=PASSWORD
            )
            reviewers.assign_level(actor=admin, user_id=officer.id, level=level)
        create_user(
            actor=None,
            email="staff@example.org",
            first_name="Sam",
            last_name="Staff",
            roles=["staff"],
            password=PASSWORD,
        )
        db.session.commit()  # fmt: skip


def sign_in_as(page, email):
    # Leave the page only once it has loaded whole: a download cut short (app.js) leaves the test server
    # an unclosed file, which pytest reports.
    page.wait_for_load_state("load")
    page.context.clear_cookies()
    page.goto("/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def decide(page, decision, comment):
    page.goto("/benevolence/review")
    page.locator("#review-queue a").first.click()
    page.get_by_label(decision, exact=True).check()
    page.get_by_label("Comment").fill(comment)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#flashes")).to_contain_text("your decision is recorded")


def test_a_member_application_is_approved_at_two_levels_and_paid(page, fund, mailbox):
    sign_in_as(page, "rosa@example.org")
    page.goto("/me/")
    page.get_by_role("link", name="Apply, or follow your applications").click()
    page.get_by_role("link", name="Apply").click()
    check_accessibility(page)
    page.get_by_label("Reason").select_option("medical")
    page.get_by_label("What the help is for").fill("Surgery and two weeks in hospital after a fall on site.")
    page.get_by_label("Amount requested").fill("1,800")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator("#flashes")).to_contain_text("Your draft is saved")
    expect(page.locator("main")).to_contain_text("$1,800.00")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("main")).to_contain_text("waiting for the Vice president level")
    assert "received" in mailbox.wait_for("rosa.parks@example.net")["Subject"]

    sign_in_as(page, "vp@example.org")
    expect(page.locator("#home-benevolence-review")).to_contain_text("1 application awaits your review")
    decide(page, "Approved", "Hospital bill seen.")
    expect(page.locator("main")).to_contain_text("waiting for the Administrator level")

    sign_in_as(page, "adm@example.org")
    page.goto("/benevolence/review")
    check_accessibility(page)
    decide(page, "Approved", "Agreed.")
    expect(page.locator("main")).to_contain_text("Approved")
    assert "approved" in mailbox.wait_for("rosa.parks@example.net")["Subject"]

    sign_in_as(page, "staff@example.org")
    page.goto("/benevolence/?status=approved")
    page.locator("#application-table tbody a").first.click()
    check_accessibility(page)
    page.get_by_label("Check", exact=True).check()
    page.get_by_label("Reference").fill("Check 1042")
    page.get_by_role("button", name="Record the payment").click()
    expect(page.locator("#flashes")).to_contain_text("Payment recorded")
    expect(page.locator("main")).to_contain_text("Check 1042")

    sign_in_as(page, "rosa@example.org")
    page.goto("/me/benevolence/")
    expect(page.locator("#my-applications")).to_contain_text("Paid")
    assert "paid" in mailbox.wait_for("rosa.parks@example.net")["Subject"]

    sign_in_as(page, "staff@example.org")
    page.goto("/benevolence/summary")
    expect(page.locator("#figures-month tfoot")).to_contain_text("$1,800.00")
    expect(page).to_have_url(re.compile(r"/benevolence/summary"))
    check_accessibility(page)


def test_the_fund_pages_fit_a_phone_and_pass_axe(page, fund, live_server):
    with live_server.app.app_context():
        rosa = find_user_by_email("rosa@example.org")
        member = db.session.scalar(db.select(Member).where(Member.user_id == rosa.id))
        application = applications.create_application(
            member, actor=rosa, reason="disaster", description="Storm damage.", amount_requested=Decimal("1800")
        )
        applications.submit_application(application, actor=rosa, expected_version=application.version)
        vp = find_user_by_email("vp@example.org")
        reviews.decide(
            application,
            actor=vp,
            level="vp",
            decision="approved",
            comment="Seen.",
            expected_version=application.version,
        )
        db.session.commit()
        application_id = application.id
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_as(page, "staff@example.org")
    for url in ("/benevolence/", f"/benevolence/{application_id}", "/benevolence/summary"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        check_accessibility(page)
    sign_in_as(page, "rosa@example.org")
    for url in ("/me/benevolence/", f"/me/benevolence/{application_id}"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        check_accessibility(page)
    expect(page.locator("main")).to_contain_text("waiting for the Administrator level")
