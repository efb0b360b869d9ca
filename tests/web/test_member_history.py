"""A member's History panel: their audit rows, refreshed as a fragment after a change."""

from sqlalchemy import select

from hallweb.audit.models import AuditLog
from hallweb.extensions import db
from tests.factories import make_member
from tests.html import element, row_ids, starts_with_element
from tests.web.helpers import text

# History


def test_history_panel_shows_this_members_audit_rows(client, login_as):
    staff = login_as("staff")
    member = make_member(last_name="Debs")
    other = make_member(last_name="Parks")
    client.post(f"/members/{member.id}/contact", data={"phone": "555-867-5309", "version": "1"})
    client.post(f"/members/{other.id}/contact", data={"phone": "555-000-0000", "version": "1"})

    page = text(client.get(f"/members/{member.id}"))
    panel = element(page, f"member-{member.id}-history")
    assert "member.created" in panel
    assert "member.contact_updated" in panel
    assert staff.email in panel
    assert "555-867-5309" in panel
    assert "555-000-0000" not in panel  # the other member's change

    rows = db.session.scalars(
        select(AuditLog.id).where(AuditLog.entity_type == "members", AuditLog.entity_id == member.id)
    ).all()
    assert sorted(row_ids(panel, "audit")) == sorted(rows)


def test_history_panel_refreshes_as_a_fragment(client, login_as):
    login_as("staff")
    member = make_member()
    response = client.hx_get(f"/members/{member.id}/history")
    html = text(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert starts_with_element(html, "section", f"member-{member.id}-history")
    assert 'hx-trigger="member-changed from:body"' in html
    assert "member.created" in html


def test_the_history_panel_refreshing_in_the_background_leaves_the_flash_message_alone(client, login_as):
    login_as("staff")
    member = make_member(first_name="Mary", last_name="Harris")
    client.hx_post(f"/members/{member.id}/contact", data={"phone": "555-867-5309", "version": member.version})
    refresh = client.hx_get(f"/members/{member.id}/history")
    assert refresh.status_code == 200
    assert f'id="member-{member.id}-history"' in text(refresh)
    assert 'id="flashes"' not in text(refresh)  # it would wipe "Contact details saved." off the page
    assert 'id="flashes"' in text(client.hx_get(f"/members/{member.id}/contact/edit"))  # an action's swap clears it
