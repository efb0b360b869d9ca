"""Forms open on safe defaults: nothing risky preselected, the likely values suggested."""

import pytest

from tests.factories import classification_ids, make_employer, make_member
from tests.html import field_errors, input_value, select_options
from tests.web.helpers import text


def test_add_job_opens_with_no_employer_chosen_and_the_members_classification(client, login_as):
    login_as("staff")
    make_employer("Acme Electric")
    member = make_member(classification_id=classification_ids()[2])
    for response in (client.get(f"/members/{member.id}/jobs/new"), client.hx_get(f"/members/{member.id}/jobs/new")):
        html = text(response)
        employers = select_options(html, "employer_id")
        assert employers[0][:2] == ("", "Choose an employer…")
        assert not any(selected for *_, selected in employers)
        assert "Acme Electric" in [label for _, label, _ in employers]
        chosen = [value for value, _, selected in select_options(html, "classification_id") if selected]
        assert chosen == [str(classification_ids()[2])]


def test_adding_a_job_without_an_employer_is_refused_next_to_the_field(client, login_as):
    login_as("staff")
    member = make_member()
    data = {"employer_id": "", "classification_id": str(classification_ids()[0]), "start_date": "2024-02-01"}
    response = client.hx_post(f"/members/{member.id}/jobs", data=data)
    assert response.status_code == 422
    assert field_errors(text(response), "employer_id") == "Choose an employer."
    assert member.jobs == []


def test_add_a_member_suggests_the_next_card_number_and_this_locals_number(client, login_as):
    login_as("staff")
    make_member(card_number="C0000041")
    make_member(card_number="C0000107")
    make_member(card_number="X77")  # a transfer's card of another format
    make_member(card_number="C0000099")  # the newest sets the format; the highest of it is C0000107
    html = text(client.get("/members/new"))
    assert input_value(html, "card_number") == "C0000108"
    assert input_value(html, "home_local") == "Local 000"


@pytest.mark.settings(LOCAL_NUMBER="Local 1245")
def test_the_suggested_home_local_is_the_hall_setting(client, login_as):
    login_as("staff")
    assert input_value(text(client.get("/members/new")), "home_local") == "Local 1245"


def test_a_posted_new_member_form_keeps_what_was_typed_not_the_suggestions(client, login_as):
    login_as("staff")
    make_member(card_number="C0000200")
    response = client.post("/members/new", data={"card_number": "", "home_local": "", "first_name": "Ana"})
    assert response.status_code == 422
    assert input_value(text(response), "card_number") == ""
    assert input_value(text(response), "home_local") == ""
