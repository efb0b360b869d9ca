"""An edit of a versioned record says which version it was made from; without one it is refused, never
applied over whatever is stored (the stale-edit check would be skipped)."""

import pytest
from sqlalchemy import func, select

from hallweb.audit.models import AuditLog
from hallweb.db import versioning
from hallweb.db.versioning import MissingVersion
from hallweb.extensions import db
from hallweb.members import services as members
from hallweb.organizations import services as organizations
from tests import factories
from tests.factories import make_employer, make_member
from tests.web.helpers import text


def audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditLog))


@pytest.mark.parametrize(
    "edit",
    [
        lambda m, o, actor: members.update_member(m, actor=actor, expected_version=None, first_name="Changed"),
        lambda m, o, actor: members.update_contact_details(m, actor=actor, expected_version=None, city="Changed"),
        lambda m, o, actor: organizations.update_organization(o, actor=actor, expected_version=None, name="Changed"),
        lambda m, o, actor: versioning.apply_change(
            m, {"first_name": "Changed"}, actor=actor, action="member.updated", expected_version=None
        ),
    ],
)
def test_an_edit_without_a_version_is_refused_and_writes_nothing(app, edit):
    actor = factories.user("staff")
    member, org = make_member(first_name="Lucy"), make_employer(name="Acme")
    db.session.commit()
    before = audit_count()
    with pytest.raises(MissingVersion) as refused:
        edit(member, org, actor)
    assert refused.value.status == 422
    assert "version" in refused.value.message
    db.session.rollback()
    db.session.expire_all()
    assert (member.first_name, member.city, org.name, member.version) == ("Lucy", member.city, "Acme", 1)
    assert audit_count() == before


def test_the_version_is_a_required_argument_of_apply_change(app):
    member = make_member()
    with pytest.raises(TypeError):
        versioning.apply_change(member, {"first_name": "X"}, actor=None, action="member.updated")


def post_without_version(client, url, data):
    data = {k: v for k, v in data.items() if k != "version"}
    return client.post(url, data=data)


def test_a_member_edit_posted_without_its_version_is_a_422_and_saves_nothing(app, client, login_as):
    login_as("staff")
    member = make_member(first_name="Lucy", last_name="Parsons")
    db.session.commit()
    data = {
        "card_number": member.card_number,
        "first_name": "Changed",
        "last_name": member.last_name,
        "classification_id": str(member.classification_id),
        "status": member.status,
    }
    response = post_without_version(client, f"/members/{member.id}/edit", data)
    assert response.status_code == 422
    assert "without the version" in text(response)
    db.session.expire_all()
    assert (member.first_name, member.version) == ("Lucy", 1)


def test_an_organization_edit_posted_without_its_version_is_a_422_and_saves_nothing(app, client, login_as):
    login_as("staff")
    org = make_employer(name="Acme Electric")
    db.session.commit()
    response = post_without_version(client, f"/organizations/{org.id}/edit", {"name": "Changed", "kind": org.kind})
    assert response.status_code == 422
    assert "without the version" in text(response)
    db.session.expire_all()
    assert (org.name, org.version) == ("Acme Electric", 1)


def test_contact_details_posted_without_a_version_are_a_422_and_save_nothing(app, client, login_as):
    login_as("staff")
    member = make_member(city="Chicago")
    db.session.commit()
    response = post_without_version(client, f"/members/{member.id}/contact", {"city": "Changed"})
    assert response.status_code == 422
    db.session.expire_all()
    assert (member.city, member.version) == ("Chicago", 1)
