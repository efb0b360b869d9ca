"""Account link requests: staff see whether the email matches, reject with a reason, and the member is
emailed the answer; a member may withdraw a pending request."""

from datetime import date

from sqlalchemy import select

from hallweb.extensions import db
from hallweb.members.models import LinkRequestStatus, MemberLinkRequest
from tests import factories
from tests.factories import make_member
from tests.html import element, element_by_id, field_errors, starts_with_element
from tests.support import fresh
from tests.web.helpers import location, path_of, signed_in_client, text

BORN = date(1913, 2, 4)


def ask(client, card="RP1955", born="1913-02-04") -> MemberLinkRequest:
    assert client.post("/me/link", data={"card_number": card, "date_of_birth": born}).status_code == 303
    return db.session.scalar(select(MemberLinkRequest).order_by(MemberLinkRequest.id.desc()).limit(1))


def email_cell(staff, link_request) -> str:
    row = element_by_id(text(staff.get("/members/link-requests")), f"link-request-{link_request.id}")
    return " ".join(row.find_all("td")[4].text.split())


def test_staff_see_whether_the_requesters_email_matches_the_one_on_file(app, client, login_as):
    user = login_as()
    staff = signed_in_client(app, factories.user("staff"))
    make_member(card_number="RP1955", date_of_birth=BORN, email=user.email)
    assert email_cell(staff, ask(client)) == "Matches the account"


def test_staff_see_an_email_that_differs_from_the_one_on_file(app, client, login_as):
    login_as()
    staff = signed_in_client(app, factories.user("staff"))
    make_member(card_number="RP1955", date_of_birth=BORN, email="rosa.home@example.net")
    assert email_cell(staff, ask(client)) == "Differs on file: rosa.home@example.net"
    assert email_cell(staff, ask(signed_in_client(app, factories.user()), card="NOPE")) == "—"


def test_approval_is_emailed_to_the_member(app, client, login_as, mailbox):
    user = login_as()
    make_member(card_number="RP1955", date_of_birth=BORN)
    link_request = ask(client)
    staff = signed_in_client(app, factories.user("staff"))
    assert staff.post(f"/members/link-requests/{link_request.id}/approve").status_code == 303
    message = mailbox.last_to(user.email)
    assert "your member record is linked" in message["Subject"]
    assert path_of(mailbox.link_in(message, "/me/")) == "/me/"


def test_a_rejection_needs_a_reason_which_is_emailed_and_shown_on_my_record(app, client, login_as, mailbox):
    user = login_as()
    member = make_member(card_number="RP1955", date_of_birth=BORN)
    link_request = ask(client)
    staff = signed_in_client(app, factories.user("staff"))
    url = f"/members/link-requests/{link_request.id}/reject"
    field = f"reject-{link_request.id}-reason"

    without = staff.post(url, data={field: ""})
    assert without.status_code == 422 and "<html" in text(without)
    assert field_errors(text(without), field) == "This field is required."
    in_place = staff.hx_post(url, data={field: "  "})
    assert in_place.status_code == 422
    assert starts_with_element(text(in_place), "section", "link-requests")
    assert fresh(link_request).status == LinkRequestStatus.PENDING
    assert mailbox.to(user.email) == []

    reason = "Card RP1955 belongs to someone else; call the office."
    rejected = staff.hx_post(url, data={field: reason})
    assert rejected.status_code == 200
    assert f'id="link-request-{link_request.id}"' not in text(rejected)
    assert (fresh(link_request).status, fresh(link_request).reason) == (LinkRequestStatus.REJECTED, reason)
    assert fresh(member).user_id is None

    message = mailbox.last_to(user.email)
    assert "not approved" in message["Subject"]
    assert reason in mailbox.text_of(message)
    assert reason in element(text(client.get("/me/")), "link-request-rejected")


def test_a_member_withdraws_a_pending_request_and_can_ask_again(app, client, login_as):
    login_as()
    link_request = ask(client, card="RP1995")  # mistyped
    page = text(client.get("/me/"))
    assert "/me/link/withdraw" in element(page, "link-request")

    withdrawn = client.post("/me/link/withdraw")
    assert withdrawn.status_code == 303 and location(withdrawn) == "/me/"
    assert fresh(link_request).status == LinkRequestStatus.WITHDRAWN
    page = text(client.get("/me/"))
    assert "Your request is withdrawn" in page
    assert 'id="link-request-form"' in page

    staff = signed_in_client(app, factories.user("staff"))
    assert f'id="link-request-{link_request.id}"' not in text(staff.get("/members/link-requests"))
    assert client.post("/me/link/withdraw").status_code == 422  # nothing pending now
    ask(client)
