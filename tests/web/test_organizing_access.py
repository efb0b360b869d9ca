"""Who opens the organizing pages: organizers, staff and officers (admins through every role); not members,
instructors or anonymous visitors. Bad input on these pages is a message or a 404, never a 500."""

from datetime import date

import pytest

from hallweb.db.keyset import encode_cursor
from tests import factories
from tests.organizing_factories import activity, organizer, salt_application, target
from tests.web.helpers import sign_in, text


@pytest.fixture
def hall(app):
    user, member = organizer("Olive")
    employer = target("Acme Non-Union Wiring")
    logged = activity(user, employer)
    salt = factories.make_member(first_name="Sal", last_name="Salter")
    entry = salt_application(user, employer, salt)
    return {"activity": logged.id, "employer": employer.id, "entry": entry.id}


def pages(h) -> list[str]:
    return [
        "/organizing/",
        "/organizing/export.csv",
        "/organizing/new",
        f"/organizing/{h['activity']}",
        "/organizing/campaigns",
        f"/organizing/campaigns/{h['employer']}",
        f"/organizing/campaigns/{h['employer']}/summary",
        f"/organizing/campaigns/{h['employer']}/salt-applications/new",
        f"/organizing/salt-applications/{h['entry']}/correct",
        f"/organizing/salt-applications/{h['entry']}/follow-ups/new",
    ]


@pytest.mark.parametrize("role", ["organizer", "staff", "officer", "admin"])
def test_organizers_staff_officers_and_admins_open_every_organizing_page(client, login_as, hall, role):
    login_as(role)
    answers = {url: client.get(url).status_code for url in pages(hall)}
    assert set(answers.values()) == {200}, answers


@pytest.mark.parametrize("role", ["member", "instructor"])
def test_members_and_instructors_get_403_on_every_organizing_page_and_post(client, login_as, hall, role):
    login_as(role)
    answers = {url: client.get(url).status_code for url in pages(hall)}
    answers |= {f"POST {url}": client.post(url, data={}).status_code for url in pages(hall) if "new" in url}
    assert set(answers.values()) == {403}, answers


def test_anonymous_visitors_are_sent_to_sign_in(client, hall):
    for url in pages(hall):
        response = client.get(url)
        assert response.status_code in (302, 303) and "/auth/login" in response.headers["Location"], url


def test_the_menu_offers_organizing_to_those_who_may_read_it(client, login_as, hall):
    login_as("organizer")
    assert 'href="/organizing/"' in text(client.get("/"))


def test_members_see_no_organizing_in_the_menu(client, login_as, hall):
    login_as("member")
    assert 'href="/organizing/"' not in text(client.get("/"))


def test_an_activity_edit_by_an_organizer_who_does_not_own_it_is_403(client, login_as, hall):
    login_as("organizer")  # not linked to the activity's organizer
    assert client.get(f"/organizing/{hall['activity']}/edit").status_code == 403


@pytest.mark.parametrize(
    "query",
    [
        "after=" + encode_cursor(["9999-99-99", 1]),
        "after=" + encode_cursor(["2026-13-45", 1]),
        "before=" + encode_cursor(["x" * 11, 1]),
        "after=" + encode_cursor([1, "2026-01-01"]),
        "after=" + encode_cursor(["2026-01-01", 2**40]),
        "after=!!!",
        "since=9999-12-31",
        "since=0001-01-01",
        "until=2026-02-30",
        "employer_id=99999999999999999999",
        "organizer_id=-1",
        "activity_type=barbecue",
        "outcome=%00",
        "last=1",
    ],
)
def test_bad_list_parameters_are_ignored_or_said_beside_the_filter(client, login_as, hall, query):
    login_as("staff")
    for url in (f"/organizing/?{query}", f"/organizing/export.csv?{query}"):
        response = client.get(url)
        assert response.status_code == 200, url


def test_a_far_date_filter_is_said_beside_its_field(client, login_as, hall):
    login_as("staff")
    html = text(client.get("/organizing/?since=0001-01-01&until=9999-12-31"))
    assert 'id="since-errors"><li>' in html and 'id="until-errors"><li>' in html


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("activity_date", "9999-12-31"),
        ("activity_date", "0001-01-01"),
        ("activity_date", "2026-02-30"),
        ("workers_contacted", "99999999999999999999"),
        ("workers_contacted", "-5"),
        ("cards_signed", "1e30"),
        ("employer_id", "99999999999999999999"),
        ("employer_id", "abc"),
        ("activity_type", "barbecue"),
        ("description", "x" * 6000),
    ],
)
def test_bad_form_input_comes_back_beside_its_field_with_422(client, login_as, hall, field, value):
    user, _ = organizer("Ona")
    sign_in(client, user.email)
    data = {
        "employer_id": str(hall["employer"]),
        "activity_date": "2026-03-02",
        "activity_type": "meeting",
        "outcome": "neutral",
        "workers_contacted": "4",
        "cards_signed": "1",
        "description": "Meeting",
        field: value,
    }
    response = client.post("/organizing/new", data=data)
    assert response.status_code == 422
    assert f'id="{field}-errors"><li>' in text(response)


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "2026-02-30", ""])
def test_a_salt_application_date_out_of_range_is_a_field_error(client, login_as, hall, value):
    login_as("organizer")
    response = client.post(
        f"/organizing/campaigns/{hall['employer']}/salt-applications/new",
        data={"salt_card_number": "X", "applied_on": value, "posting": "P", "availability": "A"},
    )
    assert response.status_code == 422
    assert 'id="applied_on-errors"><li>' in text(response)


def test_a_follow_up_before_the_application_is_a_field_error(client, login_as, hall):
    login_as("staff")
    response = client.post(
        f"/organizing/salt-applications/{hall['entry']}/follow-ups/new",
        data={"followed_up_on": date(2020, 1, 1).isoformat(), "note": "Too early"},
    )
    assert response.status_code == 422
    assert "cannot be earlier" in text(response)
