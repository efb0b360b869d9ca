"""Staff link a sign-in account to a member record by its email address."""

from sqlalchemy import select

from hallweb.audit.models import AuditLog
from hallweb.extensions import db
from tests import factories
from tests.factories import make_member
from tests.support import fresh
from tests.web.helpers import text


def test_staff_link_an_account_to_a_member_by_its_email(client, login_as):
    login_as("staff")
    member = make_member(first_name="Ella", last_name="Reeve")
    account = factories.user("member")
    unknown = client.post(f"/members/{member.id}/link", data={"email": "nobody@example.org"})
    assert unknown.status_code == 303
    assert "No account uses this email address." in text(client.get(f"/members/{member.id}"))
    assert fresh(member).user_id is None

    linked = client.post(f"/members/{member.id}/link", data={"email": account.email.upper()})
    assert linked.status_code == 303
    assert fresh(member).user_id == account.id
    row = db.session.scalar(
        select(AuditLog).where(AuditLog.action == "member.user_linked", AuditLog.entity_id == member.id)
    )
    assert row.changes["user"] == [None, account.email]
