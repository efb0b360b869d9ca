"""Archiving a member (staff) and restoring one (admins)."""

from hallweb.extensions import db
from hallweb.members.services import archive_member
from tests import factories
from tests.factories import make_member
from tests.html import row_ids
from tests.support import fresh
from tests.web.helpers import location, signed_in_client, text

# Archive and restore


def test_staff_archive_a_member_which_hides_them_from_the_list(client, login_as):
    login_as("staff")
    member = make_member(last_name="Debs")
    response = client.post(f"/members/{member.id}/archive")
    assert response.status_code == 303
    assert location(response) == f"/members/{member.id}"
    assert fresh(member).is_archived
    assert member.id not in row_ids(text(client.get("/members/")))
    assert member.id in row_ids(text(client.get("/members/?archived=include")))
    page = text(client.get(f"/members/{member.id}"))
    assert "This member is archived" in page
    assert f"/members/{member.id}/restore" not in page  # staff cannot restore, so no button


def test_restore_is_for_admins_only(app, client, login_as):
    login_as("staff")
    member = make_member(last_name="Debs")
    archive_member(member, actor=None)
    db.session.commit()

    assert client.post(f"/members/{member.id}/restore").status_code == 403
    assert fresh(member).is_archived

    admin = signed_in_client(app, factories.user("admin"))
    assert f"/members/{member.id}/restore" in text(admin.get(f"/members/{member.id}"))
    response = admin.post(f"/members/{member.id}/restore")
    assert response.status_code == 303
    assert not fresh(member).is_archived
    assert member.id in row_ids(text(client.get("/members/")))
