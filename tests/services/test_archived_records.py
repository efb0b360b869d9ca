"""An archived record is read-only in the services, whatever a form or a template offers."""

from datetime import date

import pytest

from hallweb.auth.models import RoleName
from hallweb.errors import ArchivedRecord
from hallweb.members import email_change, employment
from hallweb.members import services as members
from hallweb.members.policies import can_edit_contact, can_edit_member, can_view_member
from hallweb.organizations import services as organizations
from tests.factories import make_employer, make_member


@pytest.fixture
def archived(staff):
    member = make_member(first_name="Ada", last_name="Gone")
    members.archive_member(member, actor=staff)
    return member


def test_an_archived_member_cannot_be_edited(archived, staff):
    with pytest.raises(ArchivedRecord, match="This member is archived"):
        members.update_member(archived, actor=staff, expected_version=archived.version, last_name="Back")
    assert archived.last_name == "Gone"


def test_an_archived_members_contact_details_cannot_be_changed_by_staff_or_the_member(archived, staff, make):
    own = make.user(RoleName.MEMBER)
    members.restore_member(archived, actor=make.user(RoleName.ADMIN))
    members.link_user(archived, actor=staff, user=own)
    members.archive_member(archived, actor=staff)
    for actor in (staff, own):
        with pytest.raises(ArchivedRecord):
            members.update_contact_details(archived, actor=actor, expected_version=archived.version, phone="555-0199")
    assert archived.phone == "555-0100"


def test_no_job_is_added_to_or_ended_for_an_archived_member(archived, staff):
    with pytest.raises(ArchivedRecord):
        employment.add_job(
            archived,
            actor=staff,
            employer_id=make_employer().id,
            classification_id=archived.classification_id,
            start_date=date(2024, 1, 2),
        )
    with pytest.raises(ArchivedRecord):
        employment.end_job(archived, actor=staff, end_date=date(2024, 2, 1))
    assert archived.jobs == []


def test_no_account_is_linked_to_an_archived_member_and_no_email_change_starts(archived, staff, make):
    with pytest.raises(ArchivedRecord):
        members.link_user(archived, actor=staff, user=make.user(RoleName.MEMBER))
    with pytest.raises(ArchivedRecord):
        email_change.request_email_change(archived, actor=staff, new_email="new@example.net")
    assert archived.user_id is None


def test_restoring_makes_the_member_editable_again(archived, make, staff):
    members.restore_member(archived, actor=make.user(RoleName.ADMIN))
    members.update_member(archived, actor=staff, expected_version=archived.version, last_name="Back")
    assert archived.last_name == "Back"


def test_an_archived_organizations_contacts_are_read_only(staff):
    org = make_employer(name="Closed Electric")
    contact = organizations.add_contact(org, actor=staff, name="Dana Boss")
    organizations.archive_organization(org, actor=staff)
    with pytest.raises(ArchivedRecord, match="This organization is archived"):
        organizations.add_contact(org, actor=staff, name="Pat New")
    with pytest.raises(ArchivedRecord):
        organizations.update_contact(org, contact.id, actor=staff, title="Owner")
    with pytest.raises(ArchivedRecord):
        organizations.remove_contact(org, contact.id, actor=staff)
    with pytest.raises(ArchivedRecord):
        organizations.update_organization(org, actor=staff, expected_version=org.version, phone="555-0111")
    assert [c.name for c in org.contacts] == ["Dana Boss"]


@pytest.mark.parametrize(
    ("role", "sees"),
    [(RoleName.STAFF, True), (RoleName.ADMIN, True), (RoleName.OFFICER, False), (RoleName.ORGANIZER, False)],
)
def test_only_staff_and_admins_see_archived_members(archived, make, role, sees):
    viewer = make.user(role)
    assert can_view_member(viewer, archived) is sees
    assert not can_edit_member(viewer, archived)
    assert not can_edit_contact(viewer, archived)
