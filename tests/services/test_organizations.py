"""Organizations: create and edit with optimistic locking, archive, contacts with audit rows, lists, employees."""

from datetime import date

import pytest
from sqlalchemy import select, text

from hallweb.db.versioning import StaleEdit
from hallweb.errors import DomainError, NotFound
from hallweb.extensions import db
from hallweb.members import services as members
from hallweb.members.employment import add_job, end_job
from hallweb.members.queries import current_employees
from hallweb.organizations import services
from hallweb.organizations.models import Contact, Organization
from hallweb.organizations.queries import OrganizationFilters, list_organizations, organizations_for_export
from tests.factories import classification_id, make_employer, make_member
from tests.support import audit_rows, only_audit_row


def stored(org_id):
    db.session.expire_all()
    return db.session.get(Organization, org_id)


# --- create and edit ------------------------------------------------------------------------------------------


def test_create_organization_sets_the_search_key_and_audits_each_field(app, staff):
    org = services.create_organization(
        actor=staff, name="  Núñez Power & Light ", kind="non_union", email="Office@Nunez.Example.com", phone=""
    )

    assert (org.name, org.name_key, org.email, org.phone, org.version) == (
        "Núñez Power & Light",
        "nunez power & light",
        "office@nunez.example.com",
        None,
        1,
    )
    row = only_audit_row(org, "organization.created")
    assert row.actor_id == staff.id
    assert row.changes == {
        "name": [None, "Núñez Power & Light"],
        "kind": [None, "non_union"],
        "email": [None, "office@nunez.example.com"],
    }


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": "Acme", "kind": "cartel"}, "kind"),
        ({"name": "   ", "kind": "employer"}, "name"),
    ],
)
def test_an_unknown_kind_or_a_blank_name_is_refused(app, staff, values, field):
    with pytest.raises(DomainError) as error:
        services.create_organization(actor=staff, **values)
    assert error.value.field == field
    assert db.session.scalar(select(db.func.count()).select_from(Organization)) == 0


def test_update_records_old_and_new_values_and_bumps_the_version(app, staff):
    org = make_employer(name="Acme Electric", phone="555-0100")

    changes = services.update_organization(
        org, actor=staff, expected_version=1, name="Acme Electrical", phone="555-0100", kind="non_union"
    )

    assert changes == {
        "name": ["Acme Electric", "Acme Electrical"],
        "kind": ["employer", "non_union"],
        "version": [1, 2],
    }
    assert only_audit_row(org, "organization.updated").changes == changes
    again = stored(org.id)
    assert (again.name_key, again.kind, again.version) == ("acme electrical", "non_union", 2)


def test_update_without_changes_writes_nothing(app, staff):
    org = make_employer(name="Acme Electric")
    assert services.update_organization(org, actor=staff, expected_version=1, name="Acme Electric ") == {}
    assert audit_rows(org, "organization.updated") == []
    assert stored(org.id).version == 1


def test_edit_from_an_old_version_is_refused_naming_the_changed_fields_and_overwrites_nothing(app, staff):
    org = make_employer(name="Acme Electric", phone="555-0100")
    services.update_organization(org, actor=staff, expected_version=1, phone="555-0111")
    services.update_organization(org, actor=staff, expected_version=2, website="https://acme.example.com")

    with pytest.raises(StaleEdit) as stale:
        services.update_organization(org, actor=staff, expected_version=1, phone="555-0999", notes="mine")

    assert stale.value.fields == ["phone", "website"]
    assert "phone, website" in stale.value.message
    again = stored(org.id)
    assert (again.phone, again.notes, again.version) == ("555-0111", None, 3)


def test_a_concurrent_write_makes_the_update_raise_stale_edit(app, staff):
    org = make_employer(name="Acme Electric", phone="555-0100")
    db.session.commit()
    assert org.version == 1
    db.session.execute(
        text("UPDATE organizations SET version = version + 1, phone = 'x' WHERE id = :id"), {"id": org.id}
    )
    session = db.session()
    session.expire_on_commit = False  # the other writer committed; our copy still says version 1
    try:
        session.commit()
    finally:
        session.expire_on_commit = True

    with pytest.raises(StaleEdit):
        services.update_organization(org, actor=staff, expected_version=1, notes="mine")

    again = stored(org.id)
    assert (again.phone, again.notes, again.version) == ("x", None, 2)


# --- archive and restore --------------------------------------------------------------------------------------


def listed(**filters):
    return [o.id for o in list_organizations(OrganizationFilters(**filters)).items]


def test_archived_organization_is_hidden_unless_asked_for_and_restore_brings_it_back(app, staff):
    kept, gone = make_employer(name="Acme Electric"), make_employer(name="Acme Wiring")

    services.archive_organization(gone, actor=staff)
    assert listed(q="acme") == [kept.id]
    assert listed(q="acme", archived="include") == [kept.id, gone.id]
    assert listed(q="acme", archived="only") == [gone.id]
    assert only_audit_row(gone, "organization.archived").changes["version"] == [1, 2]

    services.restore_organization(gone, actor=staff)
    assert listed(q="acme") == [kept.id, gone.id]
    row = only_audit_row(gone, "organization.restored")
    assert row.changes["archived_at"][1] is None
    assert row.changes["version"] == [2, 3]
    assert stored(gone.id).version == 3


def test_archiving_twice_or_restoring_an_organization_that_is_not_archived_is_refused(app, staff):
    org = make_employer()
    with pytest.raises(DomainError):
        services.restore_organization(org, actor=staff)
    services.archive_organization(org, actor=staff)
    with pytest.raises(DomainError):
        services.archive_organization(org, actor=staff)
    assert len(audit_rows(org, "organization.archived")) == 1


# --- contacts -------------------------------------------------------------------------------------------------


def test_adding_a_contact_is_audited_with_its_values(app, staff):
    org = make_employer()

    contact = services.add_contact(
        org, actor=staff, name="Dana Boss", title="Owner", email="Dana@Acme.example", phone=""
    )

    assert (contact.organization_id, contact.email, contact.phone) == (org.id, "dana@acme.example", None)
    assert [c.id for c in org.contacts] == [contact.id]
    row = only_audit_row(org, "organization.contact_added")
    assert row.actor_id == staff.id
    assert row.changes == {
        "contact": "Dana Boss",
        "contact_id": contact.id,
        "name": [None, "Dana Boss"],
        "title": [None, "Owner"],
        "email": [None, "dana@acme.example"],
    }


def test_a_contact_needs_a_name(app, staff):
    org = make_employer()
    with pytest.raises(DomainError) as error:
        services.add_contact(org, actor=staff, name=" ", title="Owner")
    assert error.value.field == "name"
    assert audit_rows(org, "organization.contact_added") == []


def test_updating_a_contact_is_audited_with_old_and_new_values(app, staff):
    org = make_employer()
    contact = services.add_contact(org, actor=staff, name="Dana Boss", title="Owner")

    services.update_contact(org, contact.id, actor=staff, name="Dana Boss", title="Project manager", phone="555-0100")

    assert (contact.title, contact.phone) == ("Project manager", "555-0100")
    assert only_audit_row(org, "organization.contact_updated").changes == {
        "contact_id": contact.id,
        "title": ["Owner", "Project manager"],
        "phone": [None, "555-0100"],
    }
    services.update_contact(org, contact.id, actor=staff, title="Project manager")  # no change, no row
    assert len(audit_rows(org, "organization.contact_updated")) == 1


def test_removing_a_contact_deletes_it_and_the_audit_row_keeps_what_it_said(app, staff):
    org = make_employer()
    contact = services.add_contact(org, actor=staff, name="Dana Boss", title="Owner", email="dana@acme.example")
    contact_id = contact.id

    services.remove_contact(org, contact_id, actor=staff)

    assert db.session.get(Contact, contact_id) is None
    assert stored(org.id).contacts == []
    assert only_audit_row(org, "organization.contact_removed").changes == {
        "contact_id": contact_id,
        "name": ["Dana Boss", None],
        "title": ["Owner", None],
        "email": ["dana@acme.example", None],
        "phone": [None, None],
    }


def test_a_contact_of_another_organization_is_not_found(app, staff):
    mine, theirs = make_employer(name="Mine"), make_employer(name="Theirs")
    contact = services.add_contact(theirs, actor=staff, name="Pat Other", title="Owner")

    with pytest.raises(NotFound):
        services.update_contact(mine, contact.id, actor=staff, title="Hijacked")
    with pytest.raises(NotFound):
        services.remove_contact(mine, contact.id, actor=staff)
    with pytest.raises(NotFound):
        services.remove_contact(mine, 999_999, actor=staff)

    db.session.expire_all()
    assert db.session.get(Contact, contact.id).title == "Owner"
    assert audit_rows(mine, "organization.contact_updated") == audit_rows(mine, "organization.contact_removed") == []


# --- lists ----------------------------------------------------------------------------------------------------


def test_search_matches_the_start_of_the_name_ignoring_case_and_accents(app):
    acme_electric = make_employer(name="Acme Electric")
    acme_plumbing = make_employer(name="Acme Plumbing")
    nunez = make_employer(name="Núñez Controls")

    assert listed(q="acme") == [acme_electric.id, acme_plumbing.id]
    assert listed(q="ACME el") == [acme_electric.id]
    assert listed(q="nunez") == [nunez.id]
    assert listed(q="electric") == []  # the start of the name, not a word inside it


def test_kind_filter_and_sorting(app):
    employer = make_employer(name="Bravo Electric")
    target = make_employer(name="Alpha Non-Union", kind="non_union")
    partner = make_employer(name="Charlie Training", kind="training_partner")

    assert listed(kind="non_union") == [target.id]
    assert listed(kind="training_partner") == [partner.id]
    assert listed() == [target.id, employer.id, partner.id]
    assert listed(sort="-name") == [partner.id, employer.id, target.id]
    assert listed(kind="not-a-kind") == listed()  # an unknown kind filters nothing


def test_keyset_pages_of_organizations_cover_every_one_once(app):
    orgs = [make_employer(name=f"Org {i % 7}") for i in range(60)]  # equal names: the id breaks ties
    first = list_organizations(OrganizationFilters())
    second = list_organizations(OrganizationFilters(), after=first.next_cursor)
    walked = [o.id for o in first.items + second.items]
    assert walked == [o.id for o in sorted(orgs, key=lambda o: (o.name_key, o.id))]
    assert (first.has_next, second.has_next) == (True, False)


def test_export_lists_every_matching_organization(app):
    make_employer(name="Acme Electric")
    make_employer(name="Acme Agency", kind="government_agency")
    assert [o.name for o in organizations_for_export(OrganizationFilters(q="acme"))] == ["Acme Agency", "Acme Electric"]
    assert [o.name for o in organizations_for_export(OrganizationFilters(kind="employer"))] == ["Acme Electric"]


# --- current employees ----------------------------------------------------------------------------------------


def test_current_employees_are_the_members_with_an_open_job_there(app, staff):
    acme, bolt = make_employer(name="Acme Electric"), make_employer(name="Bolt Power")
    zed = make_member(first_name="Zed", last_name="Young")
    amy = make_member(first_name="Amy", last_name="Young")
    left = make_member()
    elsewhere = make_member()
    archived = make_member()
    make_member()  # never employed

    def hire(member, employer, on=date(2023, 1, 2)):
        add_job(member, actor=staff, employer_id=employer.id, classification_id=classification_id(), start_date=on)

    hire(zed, acme)
    hire(amy, acme)
    hire(left, acme, date(2020, 1, 6))
    end_job(left, actor=staff, end_date=date(2022, 6, 30))
    hire(elsewhere, bolt)
    hire(archived, acme)
    members.archive_member(archived, actor=staff)

    assert [m.id for m in current_employees(acme)] == [amy.id, zed.id]  # by name
    assert [m.id for m in current_employees(bolt)] == [elsewhere.id]
