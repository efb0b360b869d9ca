"""Every main page passes axe-core (no serious or critical violation), shows a label for every field and
logs no CSP violation (the `page` fixture fails the test on one)."""

import pytest
from playwright.sync_api import expect

from hallweb.auth.accounts import create_user
from hallweb.extensions import db
from hallweb.members import employment
from hallweb.members.services import create_member, link_user
from hallweb.organizations.services import add_contact, create_organization
from tests.browser.conftest import check_accessibility

pytestmark = pytest.mark.browser
PASSWORD = "brass lantern under orchard rain"


@pytest.fixture
def hall(live_server):
    with live_server.app.app_context():
        admin = create_user(
            actor=None,
            email="admin@example.org",
            first_name="Ada",
            last_name="Admin",
            roles=["admin"],
            password=PASSWORD,
        )
        member_user = create_user(
            actor=None,
            email="rosa@example.org",
            first_name="Rosa",
            last_name="Parks",
            roles=["member"],
            password=PASSWORD,
        )
        org = create_organization(actor=admin, name="Acme Electric", kind="employer", phone="555-867-5309")
        add_contact(org, actor=admin, name="Pat Foreman", title="Superintendent", email="pat@acme.example")
        member = create_member(
            actor=admin,
            card_number="C00001",
            first_name="Rosa",
            last_name="Parks",
            classification_id=1,
            email="rosa.parks@example.net",
        )
        employment.add_job(
            member, actor=admin, employer_id=org.id, classification_id=1, start_date=member.created_at.date()
        )
        link_user(member, actor=admin, user=member_user)
        db.session.commit()
        return {"admin": admin.id, "org": org.id, "member": member.id}


def sign_in(page, email):
    page.goto("/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def test_staff_and_admin_pages(page, hall):
    sign_in(page, "admin@example.org")
    for path in [
        "/",
        "/members/",
        f"/members/{hall['member']}",
        f"/members/{hall['member']}/edit",
        "/members/new",
        f"/members/{hall['member']}/jobs/new",
        f"/members/{hall['member']}/jobs/end",
        "/members/link-requests",
        "/organizations/",
        f"/organizations/{hall['org']}",
        "/organizations/new",
        "/admin/users",
        f"/admin/users/{hall['admin']}",
        "/admin/users/invite",
        "/admin/users/new",
        "/admin/audit",
        "/admin/outbox",
        "/admin/classifications",
        "/account/profile",
        "/account/sessions",
        "/account/password",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        check_accessibility(page)


def test_member_self_service_pages(page, hall):
    sign_in(page, "rosa@example.org")
    page.goto("/me/")
    expect(page.get_by_role("heading", name="My record")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Edit contact details").click()
    expect(page.get_by_label("Phone")).to_be_visible()
    check_accessibility(page)


def test_public_pages(page, live_server):
    for path in [
        "/auth/login",
        "/auth/register",
        "/auth/forgot",
        "/auth/verify/resend",
        "/auth/reset/not-a-token",
        "/nowhere",
    ]:
        page.goto(path)
        check_accessibility(page)
