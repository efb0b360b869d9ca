"""Archived members over HTTP: read-only whatever is posted, and seen in lists and exports only by staff."""

from datetime import date

import pytest

from hallweb.auth.models import RoleName
from hallweb.extensions import db
from hallweb.members import services as members
from tests.factories import make_employer, make_member


@pytest.fixture
def archived(make):
    member = make_member(first_name="Ada", last_name="Gonearchive", phone="555-0100")
    members.archive_member(member, actor=make.user(RoleName.STAFF))
    db.session.commit()
    return member


def stored(member):
    db.session.expire_all()
    return db.session.get(type(member), member.id)


def test_posts_to_an_archived_member_change_nothing(client, login_as, archived):
    login_as(RoleName.STAFF)
    v = archived.version
    replies = [
        client.post(f"/members/{archived.id}/contact", data={"version": v, "phone": "555-0199"}),
        client.post(
            f"/members/{archived.id}/edit",
            data={
                "version": v,
                "card_number": archived.card_number,
                "first_name": "Ada",
                "last_name": "Changed",
                "classification_id": archived.classification_id,
                "status": "active",
            },
        ),
        client.post(
            f"/members/{archived.id}/jobs",
            data={
                "employer_id": make_employer().id,
                "classification_id": archived.classification_id,
                "start_date": date(2024, 1, 2).isoformat(),
            },
        ),
    ]
    assert [r.status_code for r in replies] == [422, 422, 422]
    assert all("This member is archived" in r.get_data(as_text=True) for r in replies)
    after = stored(archived)
    assert (after.phone, after.last_name, after.jobs, after.version) == ("555-0100", "Gonearchive", [], v)


def test_a_member_cannot_change_their_own_archived_record(client, login_as, archived, make):
    me = login_as(RoleName.MEMBER)
    members.restore_member(archived, actor=make.user(RoleName.ADMIN))
    members.link_user(archived, actor=make.user(RoleName.STAFF), user=me)
    members.archive_member(archived, actor=make.user(RoleName.STAFF))
    db.session.commit()
    reply = client.post("/me/contact", data={"version": archived.version, "phone": "555-0199"})
    assert reply.status_code == 422
    assert stored(archived).phone == "555-0100"


@pytest.mark.parametrize("role", [RoleName.OFFICER, RoleName.ORGANIZER])
def test_officers_and_organizers_neither_list_nor_export_archived_members(client, login_as, archived, role):
    login_as(role)
    page = client.get("/members/?archived=only&q=gonearchive").get_data(as_text=True)
    csv = client.get("/members/export.csv?archived=only&q=gonearchive").get_data(as_text=True)
    assert f'id="member-{archived.id}"' not in page
    assert 'name="archived"' not in page  # the filter is not offered
    assert "Gonearchive" not in csv
    assert client.get(f"/members/{archived.id}").status_code == 404


def test_staff_list_and_export_archived_members_when_they_ask(client, login_as, archived):
    login_as(RoleName.STAFF)
    page = client.get("/members/?archived=only&q=gonearchive").get_data(as_text=True)
    csv = client.get("/members/export.csv?archived=only&q=gonearchive").get_data(as_text=True)
    assert f'id="member-{archived.id}"' in page
    assert "Gonearchive" in csv
