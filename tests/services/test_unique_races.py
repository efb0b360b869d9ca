"""Two requests racing past a uniqueness check: the database refuses the second, and the user gets the
same Conflict (next to the field) the check would have given, never a 500."""

import pytest
from sqlalchemy import func, select

from hallweb.auth import services as auth_services
from hallweb.auth.accounts import create_user
from hallweb.auth.models import User
from hallweb.errors import Conflict
from hallweb.extensions import db
from hallweb.members import services as member_services
from hallweb.members.models import Member
from tests.factories import make_member

STRONG = "tangerine kayak on the glacier"


def test_a_card_number_taken_meanwhile_is_a_conflict_on_the_card_number(app, monkeypatch):
    make_member(card_number="C0000042")
    db.session.commit()  # by the other request
    monkeypatch.setattr(member_services, "_check_unique", lambda member, values: None)  # the race
    with pytest.raises(Conflict) as refused:
        make_member(card_number="C0000042")
    assert refused.value.field == "card_number"
    assert db.session.scalar(select(func.count()).select_from(Member)) == 1  # the session is usable again


def test_an_email_taken_meanwhile_on_edit_is_a_conflict_on_the_email(app, monkeypatch):
    make_member(email="rosa@example.net")
    other = make_member(email="other@example.net")
    db.session.commit()
    monkeypatch.setattr(member_services, "_check_unique", lambda member, values: None)
    with pytest.raises(Conflict) as refused:
        member_services.update_member(other, actor=None, expected_version=other.version, email="rosa@example.net")
    assert refused.value.field == "email"


def test_an_account_created_meanwhile_is_a_conflict_on_the_email(app, monkeypatch):
    create_user(actor=None, email="ada@example.org", first_name="Ada", last_name="B", roles=[], password=STRONG)
    db.session.commit()
    monkeypatch.setattr("hallweb.auth.accounts.find_user_by_email", lambda email: None)
    with pytest.raises(Conflict) as refused:
        create_user(actor=None, email="ada@example.org", first_name="Ada", last_name="B", roles=[], password=STRONG)
    assert refused.value.field == "email"


def test_a_registration_racing_another_gets_the_usual_answer(app, monkeypatch):
    auth_services.register_user(email="ada@example.org", first_name="Ada", last_name="B", password=STRONG)
    db.session.commit()
    monkeypatch.setattr(auth_services, "find_user_by_email", lambda email: None)
    assert (
        auth_services.register_user(email="ada@example.org", first_name="Ada", last_name="B", password=STRONG) is None
    )
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email == "ada@example.org")) == 1
