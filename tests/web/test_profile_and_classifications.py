"""A user's own profile (name, time zone) and the admin's classification list."""

from zoneinfo import ZoneInfo

from sqlalchemy import select

from hallweb.audit.models import AuditLog
from hallweb.auth.models import UserSession
from hallweb.classifications.models import Classification
from hallweb.extensions import db
from hallweb.formats import moment
from tests.html import parse, select_options


def test_user_sets_a_time_zone_and_times_are_shown_in_it(login_as, client):
    user = login_as("staff")
    response = client.post(
        "/account/profile", data={"first_name": "Ada", "last_name": "Byron", "timezone": "America/Chicago"}
    )
    assert response.status_code == 303
    db.session.refresh(user)
    assert (user.first_name, user.timezone) == ("Ada", "America/Chicago")
    row = db.session.scalar(select(AuditLog).where(AuditLog.action == "user.updated", AuditLog.entity_id == user.id))
    assert row.changes["timezone"] == ["UTC", "America/Chicago"]
    sessions_page = client.get("/account/sessions").get_data(as_text=True)
    started = db.session.scalar(select(UserSession.created_at).where(UserSession.user_id == user.id))
    assert moment(started, ZoneInfo("America/Chicago")) in sessions_page
    assert moment(started).removesuffix(" UTC") not in sessions_page  # not UTC, which is hours ahead


def test_unknown_time_zone_is_a_form_error(login_as, client):
    login_as("member")
    response = client.post("/account/profile", data={"first_name": "A", "last_name": "B", "timezone": "Mars/Olympus"})
    assert response.status_code == 422
    assert 'id="timezone-errors"' in response.get_data(as_text=True)


def test_admin_adds_and_retires_a_classification(login_as, client):
    login_as("admin")
    response = client.post("/admin/classifications", data={"name": "Teledata technician"})
    assert response.status_code == 303
    added = db.session.scalar(select(Classification).where(Classification.name == "Teledata technician"))
    assert added.code == "teledata_technician" and added.active
    assert "Teledata technician" in client.get("/members/new").get_data(as_text=True)

    response = client.hx_post(f"/admin/classifications/{added.id}/retire")
    assert response.status_code == 200 and 'id="classifications"' in response.get_data(as_text=True)
    db.session.refresh(added)
    assert not added.active
    assert "Teledata technician" not in client.get("/members/new").get_data(as_text=True)


def test_duplicate_classification_is_refused_next_to_the_field(login_as, client):
    login_as("admin")
    response = client.post("/admin/classifications", data={"name": "journeyman  WIREMAN"})
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)


def test_staff_cannot_manage_classifications(login_as, client):
    login_as("staff")
    assert client.get("/admin/classifications").status_code == 403


def test_the_time_zone_picker_offers_the_us_zones_first_and_every_zone_after(client, login_as):
    login_as()
    html = client.get("/account/profile").get_data(as_text=True)
    groups = [g.attrs["label"] for g in parse(html).find_all("optgroup")]
    assert groups == ["United States", "Every time zone"]
    values = [o[0] for o in select_options(html, "timezone")]
    assert values[:2] == ["America/New_York", "America/Chicago"]
    assert "Europe/Dublin" in values
    assert values.count("America/Chicago") == 1
