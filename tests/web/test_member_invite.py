"""Staff invite a member to the portal from the member's page: an account at the email on file, with the
member role, linked to the record; the member accepts the emailed invitation and sees their record."""

import pytest

from hallweb.auth.models import User
from hallweb.extensions import db
from tests import factories
from tests.factories import make_member
from tests.html import element, field_errors, starts_with_element
from tests.support import fresh, only_audit_row
from tests.web.helpers import NEW_PASSWORD, location, path_of, sign_in, text


def test_invite_from_the_member_page_then_accept_and_see_my_record(app, client, login_as, mailbox):
    login_as("staff")
    member = make_member(first_name="Lucy", last_name="Parsons", email="lucy.parsons@example.net")
    panel = element(text(client.get(f"/members/{member.id}")), f"member-{member.id}-account")
    assert "Invite to the portal" in panel and "lucy.parsons@example.net" in panel

    invited = client.post(f"/members/{member.id}/invite")
    assert invited.status_code == 303 and location(invited) == f"/members/{member.id}"
    account = db.session.scalar(db.select(User).where(User.email == "lucy.parsons@example.net"))
    assert account.role_names() == {"member"} and account.password_hash is None
    assert fresh(member).user_id == account.id
    only_audit_row(account, "user.invited")
    page = text(client.get(f"/members/{member.id}"))
    assert "Invitation sent to lucy.parsons@example.net" in page
    assert "waiting for them to set a password" in element(page, f"member-{member.id}-account")

    link = path_of(mailbox.link_in(mailbox.last_to("lucy.parsons@example.net"), "/auth/invite/"))
    invitee = app.test_client()
    assert invitee.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 303
    sign_in(invitee, "lucy.parsons@example.net", NEW_PASSWORD)
    mine = text(invitee.get("/me/"))
    assert member.card_number in element(mine, f"member-{member.id}-profile")
    assert invitee.get(f"/members/{member.id}").status_code == 200  # their own record
    assert "Linked to lucy.parsons@example.net" in text(client.get(f"/members/{member.id}"))


def test_no_invitation_without_an_email_on_file(client, login_as, mailbox):
    login_as("staff")
    member = make_member(email=None)
    panel = element(text(client.get(f"/members/{member.id}")), f"member-{member.id}-account")
    assert "Invite to the portal" not in panel and "add an email address" in panel
    response = client.hx_post(f"/members/{member.id}/invite")
    assert response.status_code == 422
    assert starts_with_element(text(response), "section", f"member-{member.id}-account")
    assert "There is no email address on file" in text(response)
    assert fresh(member).user_id is None


def test_an_address_with_an_account_already_is_linked_instead(client, login_as, mailbox):
    login_as("staff")
    existing = factories.user(email="has.account@example.net")
    member = make_member(email="has.account@example.net")
    response = client.post(f"/members/{member.id}/invite")
    assert response.status_code == 422 and "<html" in text(response)
    assert "link that account here instead" in field_errors(text(response), "link-email")
    assert fresh(member).user_id is None
    assert mailbox.to(existing.email) == []


def test_a_member_with_an_account_is_not_invited_again(client, login_as):
    login_as("staff")
    member = make_member()
    assert client.post(f"/members/{member.id}/invite").status_code == 303
    again = client.hx_post(f"/members/{member.id}/invite")
    assert again.status_code == 422
    assert "This member already has an account." in text(again)


@pytest.mark.parametrize("role", ["officer", "organizer", "member"])
def test_only_staff_invite(client, login_as, role):
    login_as(role)
    member = make_member()
    assert client.post(f"/members/{member.id}/invite").status_code in (403, 404)
    assert fresh(member).user_id is None


@pytest.mark.settings(RATELIMIT_ENABLED=True, RATELIMIT_INVITE="2 per hour", RATELIMIT_LINK_DECISIONS="2 per hour")
def test_invitations_and_link_decisions_send_mail_and_are_rate_limited(client, login_as):
    login_as("staff")
    members = [make_member() for _ in range(3)]
    assert [client.post(f"/members/{m.id}/invite").status_code for m in members] == [303, 303, 429]
    assert [client.post("/members/link-requests/999999/approve").status_code for _ in range(3)] == [404, 404, 429]
    assert client.post("/members/link-requests/999999/reject").status_code == 404  # counted per endpoint
