"""The pick lists' cache (hallweb/reference_data.py): database triggers give the reference data a new version
with every change to classifications or organizations, on both backends, and a cached list is used only
while the version this request read is the one it was cached under."""

import secrets

import pytest
from sqlalchemy import delete, select, update

from hallweb.extensions import db
from hallweb.members.models import Classification, Member
from hallweb.organizations.models import Organization
from hallweb.reference_data import cached, note_version, reference_version
from hallweb.transactions import request_wrote
from tests.member_factories import make_employer, make_member


def current_version() -> str:
    return db.session.scalar(select(reference_version.c.version))


def changes_the_version(change) -> bool:
    before = current_version()
    change()
    db.session.flush()
    return current_version() != before


def test_every_kind_of_change_to_an_organization_gives_a_new_version(app):
    org = None

    def add():
        nonlocal org
        org = make_employer("Acme Electric")

    assert changes_the_version(add)
    assert changes_the_version(lambda: setattr(org, "name", "Acme Electric Co."))
    assert changes_the_version(
        lambda: db.session.execute(update(Organization).where(Organization.id == org.id).values(phone="555-010-0000"))
    )
    assert changes_the_version(lambda: db.session.delete(org))


def test_every_kind_of_change_to_a_classification_gives_a_new_version(app):
    added = Classification(code="lineman", name="Lineman", sort_order=99, active=True)
    assert changes_the_version(lambda: db.session.add(added))
    assert changes_the_version(lambda: setattr(added, "active", False))
    assert changes_the_version(lambda: db.session.execute(delete(Classification).where(Classification.id == added.id)))


def test_reading_and_changing_members_keep_the_version(app):
    assert not changes_the_version(lambda: db.session.scalars(select(Organization)).all())
    assert not changes_the_version(lambda: make_member(last_name="Unrelated"))


def test_a_version_never_comes_back_after_a_rollback(app):
    first = current_version()
    savepoint = db.session.begin_nested()
    make_employer("Rolled Back Inc")
    db.session.flush()
    rolled_back = current_version()
    savepoint.rollback()
    assert current_version() == first

    make_employer("Signed For Real Inc")
    db.session.flush()
    assert current_version() not in {first, rolled_back}  # a counter would reuse rolled_back here


def new_version() -> str:
    """As the triggers make them: the app's cache outlives a test, a version must not."""
    return secrets.token_hex(16)


class Loads:
    def __init__(self):
        self.count = 0

    def __call__(self):
        self.count += 1
        return [(self.count, f"read {self.count}")]


def test_a_list_is_read_once_while_the_version_stays(app):
    loads, version = Loads(), new_version()
    for _ in range(3):
        with app.test_request_context():
            note_version(version)
            assert cached("test-list", loads) == ((1, "read 1"),)
    assert loads.count == 1

    with app.test_request_context():
        note_version(new_version())
        assert cached("test-list", loads) == ((2, "read 2"),)


def test_without_a_version_a_list_is_read_every_time(app):
    loads = Loads()
    for _ in range(2):
        with app.test_request_context():  # nobody signed in: no version was read
            cached("test-list", loads)
    assert loads.count == 2


@pytest.mark.parametrize("write", ["flush", "statement"])
def test_a_request_that_wrote_reads_its_lists_afresh(app, write):
    loads, version = Loads(), new_version()
    with app.test_request_context():
        note_version(version)
        cached("test-list", loads)
    with app.test_request_context():
        note_version(version)
        if write == "flush":
            make_employer("Just Signed Inc")
            db.session.flush()
        else:
            db.session.execute(update(Member).where(Member.id == -1).values(phone=None))
        assert request_wrote()
        assert cached("test-list", loads) == ((2, "read 2"),)
