"""Who sees and changes member records: staff, officers, organizers, instructors, and members themselves (/me)."""

from datetime import date

import pytest
from sqlalchemy import select

from hallweb.extensions import db
from hallweb.members.models import LinkRequestStatus, Member, MemberLinkRequest
from hallweb.members.services import link_user
from tests import factories
from tests.factories import give_job, make_employer, make_member
from tests.html import element, input_value, starts_with_element
from tests.support import fresh
from tests.web.helpers import location, page_without_csrf_token, path_of, signed_in_client, text

MISSING_ID = 2_000_000_000


def linked(user, **fields) -> Member:
    """A member record linked to user's account."""
    member = make_member(**fields)
    link_user(member, actor=None, user=user)
    db.session.commit()
    return member


# Staff-side roles


@pytest.mark.parametrize("role", ["staff", "officer", "organizer"])
def test_readers_open_the_member_list_and_a_member_page(client, login_as, role):
    login_as(role)
    member = make_member(first_name="Eugene", last_name="Debs")
    listing = client.get("/members/")
    assert listing.status_code == 200
    assert f'id="member-{member.id}"' in text(listing)
    detail = client.get(f"/members/{member.id}")
    assert detail.status_code == 200
    assert "Eugene Debs" in text(detail)


def organizer_forbidden_requests(member_id: int) -> list[tuple[str, str]]:
    return [
        ("GET", "/members/new"),
        ("POST", "/members/new"),
        ("GET", f"/members/{member_id}/edit"),
        ("POST", f"/members/{member_id}/edit"),
        ("GET", f"/members/{member_id}/contact/edit"),
        ("POST", f"/members/{member_id}/contact"),
        ("GET", f"/members/{member_id}/jobs/new"),
        ("POST", f"/members/{member_id}/jobs"),
        ("GET", f"/members/{member_id}/jobs/end"),
        ("POST", f"/members/{member_id}/jobs/end"),
        ("POST", f"/members/{member_id}/archive"),
        ("POST", f"/members/{member_id}/restore"),
        ("POST", f"/members/{member_id}/link"),
        ("GET", "/members/link-requests"),
    ]


def test_organizers_cannot_change_members(client, login_as):
    login_as("organizer")
    member = make_member(phone="555-111-2222")
    refused = {}
    for method, url in organizer_forbidden_requests(member.id):
        response = client.open(url, method=method, data={"phone": "555-999-0000", "version": "1"})
        refused[(method, url)] = response.status_code
    assert set(refused.values()) == {403}, refused
    stored = fresh(member)
    assert (stored.phone, stored.version, stored.is_archived) == ("555-111-2222", 1, False)


def test_organizers_see_no_edit_controls_on_a_member_page(client, login_as):
    login_as("organizer")
    member = make_member()
    give_job(member, make_employer())
    html = text(client.get(f"/members/{member.id}"))
    assert f"/members/{member.id}/edit" not in html
    assert f"/members/{member.id}/contact/edit" not in html
    assert f"/members/{member.id}/archive" not in html
    assert f"/members/{member.id}/jobs" not in html
    assert f'id="member-{member.id}-history"' not in html  # History is for staff and officers


def test_officers_read_a_members_history(client, login_as):
    login_as("officer")
    member = make_member()
    html = text(client.get(f"/members/{member.id}"))
    assert "Member added" in element(html, f"member-{member.id}-history")
    assert f"/members/{member.id}/edit" not in html
    assert client.get(f"/members/{member.id}/history").status_code == 200


@pytest.mark.parametrize("role", ["instructor", "member"])
def test_instructors_and_members_cannot_open_the_member_list(client, login_as, role):
    login_as(role)
    make_member()
    assert client.get("/members/").status_code == 403
    assert client.get("/members/export.csv", buffered=True).status_code == 403


# A member's own record, and nobody else's


def test_a_member_gets_404_for_another_members_record_exactly_as_for_a_missing_one(client, login_as):
    user = login_as("member")
    own = linked(user)
    other = make_member(first_name="Secret", last_name="Person")

    missing = client.get(f"/members/{MISSING_ID}")
    assert missing.status_code == 404
    for url in (f"/members/{other.id}", f"/members/{other.id}/contact"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Secret" not in text(response)
        # nothing tells an existing id from a missing one
        assert page_without_csrf_token(response) == page_without_csrf_token(missing)
    fragment = client.hx_get(f"/members/{other.id}/contact")
    assert fragment.status_code == 404
    assert "Secret" not in text(fragment)
    assert client.get(f"/members/{own.id}").status_code == 200


def test_a_member_without_a_linked_record_gets_404_for_any_member(client, login_as):
    login_as()
    other = make_member()
    assert client.get(f"/members/{other.id}").status_code == 404


def test_a_member_opens_their_own_record(client, login_as):
    user = login_as("member")
    member = linked(user, first_name="Rosa", last_name="Parks", card_number="RP1955")
    response = client.get(f"/members/{member.id}")
    html = text(response)
    assert response.status_code == 200
    assert "Rosa Parks" in html and "RP1955" in html
    assert f"/members/{member.id}/edit" not in html
    assert f'id="member-{member.id}-history"' not in html
    assert client.get(f"/members/{member.id}/contact").status_code == 200


def test_my_record_shows_the_linked_members_profile_and_employment(client, login_as):
    user = login_as("member")
    member = linked(user, first_name="Rosa", last_name="Parks", card_number="RP1955")
    give_job(member, make_employer("Old Works"), start=date(2015, 1, 5), end=date(2019, 12, 31))
    give_job(member, make_employer("Acme Electric"), start=date(2020, 1, 6))
    make_member(card_number="ZZ9999", last_name="Else")

    response = client.get("/me/")
    html = text(response)
    assert response.status_code == 200
    assert "RP1955" in element(html, f"member-{member.id}-profile")
    employment = element(html, "my-employment")
    assert "Acme Electric" in employment and "Old Works" in employment
    assert "12/31/2019" in employment and "current" in employment
    assert "ZZ9999" not in html


def test_a_member_saves_their_own_phone_and_address_but_not_their_card_number(client, login_as):
    user = login_as("member")
    member = linked(user, card_number="RP1955", phone="555-111-2222")

    form = client.hx_get("/me/contact/edit")
    assert starts_with_element(text(form), "form", f"member-{member.id}-contact")
    assert 'name="card_number"' not in text(form)

    response = client.post(
        "/me/contact",
        data={
            "phone": "555-867-5309",
            "address_line1": "1 Union Square",
            "city": "Terre Haute",
            "card_number": "HACKED",
            "version": input_value(text(form), "version"),
        },
    )
    assert response.status_code == 303
    assert location(response) == "/me/"
    stored = fresh(member)
    assert (stored.phone, stored.address_line1, stored.city) == ("555-867-5309", "1 Union Square", "Terre Haute")
    assert stored.card_number == "RP1955"


def test_saving_my_contact_details_under_htmx_returns_the_panel(client, login_as):
    user = login_as("member")
    member = linked(user)
    response = client.hx_post("/me/contact", data={"phone": "555-867-5309", "version": "2"})
    assert response.status_code == 200
    assert starts_with_element(text(response), "section", f"member-{member.id}-contact")
    assert "member-changed" in response.headers["HX-Trigger"]
    assert fresh(member).phone == "555-867-5309"


def test_a_member_cannot_save_contact_details_through_the_staff_url(client, login_as):
    user = login_as("member")
    member = linked(user, phone="555-111-2222")
    assert (
        client.post(f"/members/{member.id}/contact", data={"phone": "555-999-0000", "version": "2"}).status_code == 403
    )
    assert fresh(member).phone == "555-111-2222"


# Linking an account to a member record


def test_an_unlinked_users_record_page_offers_the_link_request_form(client, login_as):
    login_as()
    html = text(client.get("/me/"))
    assert 'id="link-request-form"' in html
    assert 'name="card_number"' in html and 'name="date_of_birth"' in html


def test_link_request_gets_the_same_answer_whether_or_not_the_details_match(app, client, login_as):
    make_member(card_number="RP1955", date_of_birth=date(1913, 2, 4))
    login_as()
    guesser = signed_in_client(app, factories.user())

    matching = client.post("/me/link", data={"card_number": "rp1955", "date_of_birth": "1913-02-04"})
    wrong = guesser.post("/me/link", data={"card_number": "RP1955", "date_of_birth": "1913-02-05"})
    assert matching.status_code == wrong.status_code == 303
    assert location(matching) == location(wrong) == "/me/"
    flashes = [element(text(c.get("/me/")), "flashes") for c in (client, guesser)]
    assert flashes[0] == flashes[1]
    assert "will confirm" in flashes[0]

    requests = db.session.scalars(select(MemberLinkRequest).order_by(MemberLinkRequest.id)).all()
    assert [(r.card_number, r.member_id is not None) for r in requests] == [("RP1955", True), ("RP1955", False)]


def test_invalid_link_request_rerenders_the_form_with_422(client, login_as):
    login_as()
    response = client.hx_post("/me/link", data={"card_number": "", "date_of_birth": "1913-02-04"})
    assert response.status_code == 422
    assert starts_with_element(text(response), "form", "link-request-form")
    assert db.session.scalar(select(db.func.count(MemberLinkRequest.id))) == 0


def test_staff_approve_a_link_request_and_the_member_then_sees_their_record(app, client, login_as):
    member = make_member(first_name="Rosa", last_name="Parks", card_number="RP1955", date_of_birth=date(1913, 2, 4))
    user = login_as()
    assert client.post("/me/link", data={"card_number": "RP1955", "date_of_birth": "1913-02-04"}).status_code == 303
    assert "RP1955" in element(text(client.get("/me/")), "link-request")  # pending: no record yet
    link_request = db.session.scalar(select(MemberLinkRequest))

    staff = signed_in_client(app, factories.user("staff"))
    queue = text(staff.get("/members/link-requests"))
    row = element(queue, f"link-request-{link_request.id}")
    assert user.email in row and "Rosa Parks" in row
    assert f"/members/link-requests/{link_request.id}/approve" in row

    response = staff.hx_post(f"/members/link-requests/{link_request.id}/approve")
    assert response.status_code == 200
    assert f'id="link-request-{link_request.id}"' not in text(response)  # no longer pending

    db.session.expire_all()
    assert db.session.get(MemberLinkRequest, link_request.id).status == LinkRequestStatus.APPROVED
    assert fresh(member).user_id == user.id
    mine = text(client.get("/me/"))
    assert "RP1955" in element(mine, f"member-{member.id}-profile")
    assert 'id="link-request-form"' not in mine
    assert client.get(f"/members/{member.id}").status_code == 200


def test_a_request_that_matches_no_member_cannot_be_approved(app, client, login_as):
    make_member(card_number="RP1955", date_of_birth=date(1913, 2, 4))
    login_as()
    client.post("/me/link", data={"card_number": "RP1955", "date_of_birth": "1999-01-01"})
    link_request = db.session.scalar(select(MemberLinkRequest))
    staff = signed_in_client(app, factories.user("staff"))
    row = element(text(staff.get("/members/link-requests")), f"link-request-{link_request.id}")
    assert "/approve" not in row and "/reject" in row
    assert staff.post(f"/members/link-requests/{link_request.id}/approve").status_code == 422
    db.session.expire_all()
    assert db.session.get(MemberLinkRequest, link_request.id).status == LinkRequestStatus.PENDING


def test_only_staff_see_and_decide_link_requests(client, login_as):
    login_as("officer")
    assert client.get("/members/link-requests").status_code == 403
    assert client.post("/members/link-requests/1/approve").status_code == 403


# Email change, verified by a link sent to the new address


def test_email_change_takes_effect_only_when_the_link_sent_to_the_new_address_is_opened(client, login_as, mailbox):
    user = login_as("member")
    member = linked(user, email="rosa.old@example.org")

    response = client.post("/me/email", data={"email": "Rosa.New@Example.org"})
    assert response.status_code == 303
    assert location(response) == "/me/"
    assert "We sent a link to rosa.new@example.org" in text(client.get("/me/"))
    assert fresh(member).email == "rosa.old@example.org"  # not yet

    message = mailbox.last_to("rosa.new@example.org")
    link = path_of(mailbox.link_in(message, "/me/email/confirm/"))
    assert mailbox.to("rosa.old@example.org") == []

    confirmed = client.get(link)
    assert confirmed.status_code == 303
    assert location(confirmed) == "/me/"
    assert fresh(member).email == "rosa.new@example.org"
    assert "Your email address is now rosa.new@example.org" in text(client.get("/me/"))

    again = client.get(link)  # single use
    assert again.status_code == 303
    assert fresh(member).email == "rosa.new@example.org"


def test_email_change_link_needs_the_account_that_asked(app, client, login_as, mailbox):
    user = login_as("member")
    member = linked(user, email="rosa.old@example.org")
    client.post("/me/email", data={"email": "rosa.new@example.org"})
    link = path_of(mailbox.link_in(mailbox.last_to("rosa.new@example.org"), "/me/email/confirm/"))

    anonymous = app.test_client()
    response = anonymous.get(link)
    assert response.status_code in (302, 303)
    assert location(response).startswith("/auth/login")

    stranger = factories.user("member")
    linked(stranger, email="someone@example.org")
    signed_in_client(app, stranger).get(link)
    assert fresh(member).email == "rosa.old@example.org"

    client.get(link)
    assert fresh(member).email == "rosa.new@example.org"


def test_email_change_to_an_address_another_member_uses_is_refused(client, login_as, mailbox):
    user = login_as("member")
    member = linked(user, email="rosa@example.org")
    make_member(email="taken@example.org")
    response = client.hx_post("/me/email", data={"email": "taken@example.org"})
    assert response.status_code == 422
    assert "Another member already uses this email address." in text(response)
    assert mailbox.to("taken@example.org") == []
    assert fresh(member).email == "rosa@example.org"
