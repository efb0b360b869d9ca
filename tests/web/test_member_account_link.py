"""Staff link a sign-in account to a member record by its email address."""

from sqlalchemy import select

from hallweb.audit.models import AuditLog
from hallweb.extensions import db
from tests import factories
from tests.factories import make_member
from tests.html import field_errors, input_value, starts_with_element
from tests.support import fresh
from tests.web.helpers import text


def test_staff_link_an_account_to_a_member_by_its_email(client, login_as):
    login_as("staff")
    member = make_member(first_name="Ella", last_name="Reeve")
    account = factories.user("member")
    unknown = client.post(f"/members/{member.id}/link", data={"email": "nobody@example.org"})
    assert unknown.status_code == 422 and "<html" in text(unknown)  # without JavaScript: the page, with the error
    assert field_errors(text(unknown), "link-email") == "No account uses this email address."
    in_place = client.hx_post(f"/members/{member.id}/link", data={"email": "nobody@example.org"})
    assert in_place.status_code == 422
    assert starts_with_element(text(in_place), "section", f"member-{member.id}-account")
    assert field_errors(text(in_place), "link-email") == "No account uses this email address."
    assert input_value(text(in_place), "email") == "nobody@example.org"
    assert fresh(member).user_id is None

    linked = client.post(f"/members/{member.id}/link", data={"email": account.email.upper()})
    assert linked.status_code == 303
    assert fresh(member).user_id == account.id
    row = db.session.scalar(
        select(AuditLog).where(AuditLog.action == "member.user_linked", AuditLog.entity_id == member.id)
    )
    assert row.changes["user"] == [None, account.email]
