"""The services refuse a likely duplicate with PossibleDuplicate, carrying the record on file."""

from datetime import date

import pytest

from hallweb.errors import PossibleDuplicate
from hallweb.members.services import create_member
from hallweb.organizations.services import create_organization
from tests.factories import classification_id, make_employer, make_member


def test_a_member_of_the_same_name_and_birth_date_even_archived_is_a_possible_duplicate(app):
    on_file = make_member(first_name="José", last_name="Núñez", date_of_birth=date(1970, 5, 1))
    on_file.archived_at = on_file.created_at
    values = {
        "card_number": "N1",
        "first_name": "jose",
        "last_name": "NUNEZ",
        "date_of_birth": date(1970, 5, 1),
        "classification_id": classification_id(),
    }
    with pytest.raises(PossibleDuplicate) as refused:
        create_member(actor=None, **values)
    assert refused.value.existing.id == on_file.id
    assert create_member(actor=None, confirm_duplicate=True, **values).id != on_file.id


def test_an_organization_of_the_same_name_is_a_possible_duplicate(app):
    on_file = make_employer("Acme  Electric")
    with pytest.raises(PossibleDuplicate) as refused:
        create_organization(actor=None, name="ACME electric", kind="employer")
    assert refused.value.existing.id == on_file.id
    assert create_organization(actor=None, name="Acme Electric Co", kind="employer").id != on_file.id
