"""Each role's home page answers "what needs me today"."""

from datetime import timedelta

import pytest

from hallweb.auth.accounts import create_user
from hallweb.auth.models import RoleName, UserRole
from hallweb.db.db_types import utcnow
from hallweb.extensions import db
from hallweb.members import linking
from hallweb.members import services as members
from hallweb.outbox.models import OutboxMessage
from tests import factories
from tests.factories import bulk_members, make_member
from tests.html import element_by_id, text_of
from tests.support import counted_statements
from tests.web.helpers import text


def home_of(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return text(response)


def has_card(html: str, card_id: str) -> bool:
    return f'id="{card_id}"' in html


def card(html: str, card_id: str) -> str:
    return text_of(element_by_id(html, card_id))


def test_staff_see_link_requests_failed_emails_recent_members_and_counts(client, login_as):
    login_as(RoleName.STAFF)
    newest = make_member(first_name="Rosa", last_name="Newest", status="retired")
    linking.request_member_link(factories.user(RoleName.MEMBER), card_number="X1", date_of_birth=newest.date_of_birth)
    db.session.add(OutboxMessage(recipient="a@example.org", subject="s", text_body="t", html_body="h", attempts=2))
    db.session.commit()

    office = card(home_of(client), "home-office")
    assert "1 account link request waiting" in office
    assert "1 email could not be sent yet" in office  # staff are told; only admins open the outbox
    assert "Rosa Newest" in office
    assert "Retired: 1" in office


def test_admins_also_see_unverified_sign_ups_and_role_grants_about_to_expire(client, login_as):
    login_as(RoleName.ADMIN)
    factories.user(RoleName.MEMBER, verified=False, first_name="Ned", last_name="Unverified")
    leaving = factories.user(RoleName.STAFF, first_name="Tess", last_name="Temporary")
    grant = db.session.scalars(db.select(UserRole).where(UserRole.user_id == leaving.id)).one()
    grant.expires_at = utcnow() + timedelta(days=3)
    db.session.commit()

    accounts = card(home_of(client), "home-accounts")
    assert "Ned Unverified" in accounts
    assert "Tess Temporary" in accounts and "staff until" in accounts
    assert card(home_of(client), "home-office")  # and what staff see


@pytest.mark.parametrize(
    ("role", "card_id", "says"),
    [
        (RoleName.INSTRUCTOR, "home-instructor", "The sessions you teach"),
        (RoleName.ORGANIZER, "home-organizer", "Your organizing campaigns"),
    ],
)
def test_instructors_and_organizers_get_an_empty_state_that_says_what_will_appear(
    client, login_as, role, card_id, says
):
    login_as(role)
    html = home_of(client)
    assert says in card(html, card_id)
    assert not has_card(html, "home-office")


def test_a_member_sees_their_record_and_what_they_can_do(client, login_as):
    me = login_as(RoleName.MEMBER)
    assert "not linked to a member record yet" in card(home_of(client), "home-my-record")
    member = make_member(first_name="Rosa", last_name="Parks")
    members.link_user(member, actor=factories.user(RoleName.STAFF), user=me)
    db.session.commit()
    mine = card(home_of(client), "home-my-record")
    assert f"Rosa Parks, card number {member.card_number}" in mine
    assert "keep your phone and address current" in mine


def test_admins_do_not_get_the_empty_role_cards_they_hold_only_through_admin(client, login_as):
    login_as(RoleName.ADMIN)
    html = home_of(client)
    assert not any(has_card(html, c) for c in ("home-instructor", "home-organizer", "home-my-record"))


def test_new_accounts_start_in_the_locals_time_zone(app):
    user = create_user(
        actor=None, email="zone@example.org", first_name="Z", last_name="One", roles=[], password=factories.PASSWORD
    )
    assert user.timezone == app.config["DEFAULT_TIMEZONE"] == "America/Chicago"


def test_the_staff_home_page_statement_count_does_not_grow_with_members(client, login_as):
    login_as(RoleName.ADMIN)
    bulk_members(5, prefix="Few")
    with counted_statements() as small:
        home_of(client)
    bulk_members(200, prefix="Many")
    with counted_statements() as large:
        home_of(client)
    # The session, the office card's four, the accounts card's two, and one for each domain's card
    # (certifications, grievances).
    assert len(large) == len(small) <= 9, "\n\n".join(large)
