"""A member's History panel: their audit rows in plain words, refreshed as a fragment after a change."""

from datetime import UTC, date, datetime

from sqlalchemy import select, update

from hallweb.audit.models import AuditLog
from hallweb.classifications.models import Classification
from hallweb.extensions import db
from hallweb.members.services import update_member
from tests import factories
from tests.factories import classification_ids, give_job, make_employer, make_member
from tests.html import element, element_by_id, row_ids, starts_with_element, text_of
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
    assert "Member added" in panel
    assert "Contact details updated" in panel
    assert staff.full_name in panel
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
    assert "Member added" in html


def test_a_get_swap_leaves_the_flash_message_alone_and_an_action_replaces_it(client, login_as):
    login_as("staff")
    member = make_member(first_name="Mary", last_name="Harris")
    client.hx_post(f"/members/{member.id}/contact", data={"phone": "555-867-5309", "version": member.version})
    refresh = client.hx_get(f"/members/{member.id}/history")
    assert refresh.status_code == 200
    assert f'id="member-{member.id}-history"' in text(refresh)
    # A panel refreshing or loading, an editor opening: none may wipe "Contact details saved." off the page,
    # nor take a message meant for another tab of the same session.
    assert 'id="flashes"' not in text(refresh)
    assert 'id="flashes"' not in text(client.hx_get(f"/members/{member.id}/contact/edit"))
    db.session.refresh(member)
    saved = client.hx_post(f"/members/{member.id}/contact", data={"phone": "555-0199", "version": member.version})
    flashes = element_by_id(text(saved), "flashes")
    assert "Contact details saved." in text_of(flashes)  # an action's swap brings its own message


# Plain language


def history_text(client, member) -> str:
    return text_of(element_by_id(text(client.get(f"/members/{member.id}")), f"member-{member.id}-history"))


def test_history_reads_in_plain_sentences_with_names_not_ids(client, login_as):
    staff = login_as("staff")
    first, second = classification_ids()[:2]
    names = dict(db.session.execute(select(Classification.id, Classification.name)).all())
    member = make_member(classification_id=first, phone="555-0100", postal_code=None)
    update_member(
        member, actor=staff, expected_version=member.version, classification_id=second, date_of_birth=date(1980, 5, 1)
    )
    client.post(f"/members/{member.id}/contact", data={"phone": "555-867-5309", "version": str(member.version)})
    give_job(member, make_employer("Acme Electric"), start=date(2024, 1, 2))
    db.session.commit()

    said = history_text(client, member)
    assert f"Classification changed from {names[first]} to {names[second]}" in said
    assert "Date of birth changed from 01/01/1980 to 05/01/1980" in said
    assert "Phone changed from 555-0100 to 555-867-5309" in said
    assert "Job started at Acme Electric on 01/02/2024" in said
    assert f"Classification: {names[first]}" in said  # on "Member added"
    for internal in ("version", "classification_id", "job_id", "member.updated", "None"):
        assert internal not in said


def test_officers_see_who_changed_what_by_name_without_emails_or_ip_addresses(client, login_as):
    staff = factories.user("staff", first_name="Frances", last_name="Perkins")
    member = make_member()
    update_member(member, actor=staff, expected_version=member.version, home_local="Local 9")
    db.session.execute(update(AuditLog).values(ip="203.0.113.7"))
    db.session.commit()

    login_as("officer")
    said = history_text(client, member)
    assert "Frances Perkins" in said and "Home local set to Local 9" in said
    assert staff.email not in said and "203.0.113.7" not in said
    assert "IP address" not in said


def test_staff_also_see_the_actors_email_and_the_ip_address(client, login_as):
    staff = factories.user("staff", first_name="Frances", last_name="Perkins")
    member = make_member()
    update_member(member, actor=staff, expected_version=member.version, home_local="Local 9")
    db.session.execute(update(AuditLog).values(ip="203.0.113.7"))
    db.session.commit()

    login_as("staff")
    said = history_text(client, member)
    assert "Frances Perkins" in said and staff.email in said and "203.0.113.7" in said


def test_times_are_in_the_viewers_zone_and_name_it(client, login_as):
    login_as("officer", timezone="America/Chicago")
    member = make_member()
    db.session.execute(
        update(AuditLog)
        .where(AuditLog.entity_type == "members", AuditLog.entity_id == member.id)
        .values(created_at=datetime(2026, 12, 3, 16, 15, tzinfo=UTC))
    )
    db.session.commit()
    panel = element(text(client.get(f"/members/{member.id}")), f"member-{member.id}-history")
    assert "12/03/2026 10:15 AM CST" in panel
    assert 'datetime="2026-12-03T16:15:00+00:00"' in panel
