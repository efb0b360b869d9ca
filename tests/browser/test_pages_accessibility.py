"""Every main page passes axe-core (no serious or critical violation), shows a label for every field and
logs no CSP violation (the `page` fixture fails the test on one)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.browser


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
