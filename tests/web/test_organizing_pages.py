"""Organizing pages: logging and editing activity through the forms, the list, the campaign page."""

from datetime import date

import pytest
from sqlalchemy import func, select

from hallweb.extensions import db
from hallweb.organizing.models import Activity
from hallweb.organizing.salt_applications import correct_salt_application
from tests import factories
from tests.html import element_by_id, field_errors, parse, row_ids
from tests.organizing_factories import activity, organizer, salt_application, target
from tests.web.helpers import location, sign_in, text


@pytest.fixture
def acme(app):
    return target("Acme Non-Union Wiring")


@pytest.fixture
def olive(app):
    return organizer("Olive")


def form_values(employer, **overrides):
    return {
        "employer_id": str(employer.id),
        "activity_date": "2026-03-02",
        "activity_type": "card_signing",
        "outcome": "positive",
        "location": "Union hall",
        "workers_contacted": "8",
        "cards_signed": "5",
        "description": "House meeting with the night crew.",
        **overrides,
    }


def count_activities():
    return db.session.scalar(select(func.count()).select_from(Activity))


def test_an_organizer_logs_activity_and_lands_on_the_campaign(client, olive, acme):
    user, member = olive
    sign_in(client, user.email)
    form = client.get("/organizing/new")
    assert form.status_code == 200
    assert 'name="organizer_id"' not in text(form)  # an organizer logs as themself
    response = client.post("/organizing/new", data=form_values(acme))
    assert response.status_code == 303
    assert location(response) == f"/organizing/campaigns/{acme.id}"
    logged = db.session.scalars(select(Activity)).one()
    assert (logged.organizer_id, logged.cards_signed) == (member.id, 5)
    page = text(client.get(location(response)))
    assert 'id="total-cards">5' in page
    assert "Olive" in page


def test_more_cards_than_contacted_is_refused_beside_the_field_with_422(client, olive, acme):
    sign_in(client, olive[0].email)
    response = client.post("/organizing/new", data=form_values(acme, workers_contacted="3", cards_signed="4"))
    assert response.status_code == 422
    assert "cannot be more than the workers contacted" in field_errors(text(response), "cards_signed")
    assert count_activities() == 0


def test_the_htmx_form_swaps_itself_with_its_errors(client, olive, acme):
    sign_in(client, olive[0].email)
    response = client.hx_post("/organizing/new", data=form_values(acme, cards_signed="-1", activity_date="2026-02-30"))
    assert response.status_code == 422
    html = text(response)
    assert "<html" not in html and 'id="activity-form"' in html
    assert field_errors(html, "cards_signed") and field_errors(html, "activity_date")


def test_staff_choose_the_organizer(client, login_as, olive, acme):
    _, member = olive
    login_as("staff")
    form = text(client.get(f"/organizing/new?employer_id={acme.id}"))
    assert f'<option value="{member.id}">' in form
    assert f'<option value="{acme.id}" selected>' in form
    missing = client.post("/organizing/new", data=form_values(acme))
    assert missing.status_code == 422 and field_errors(text(missing), "organizer_id")
    response = client.post("/organizing/new", data=form_values(acme, organizer_id=str(member.id)))
    assert response.status_code == 303
    assert db.session.scalars(select(Activity)).one().organizer_id == member.id


def test_an_organizer_edits_their_own_but_gets_403_on_another(client, olive, acme):
    user, _ = olive
    mine = activity(user, acme)
    otto, _ = organizer("Otto")
    theirs = activity(otto, acme)
    sign_in(client, user.email)
    assert client.get(f"/organizing/{theirs.id}/edit").status_code == 403
    assert client.post(f"/organizing/{theirs.id}/edit", data=form_values(acme, version="1")).status_code == 403
    assert "/edit" not in text(client.get(f"/organizing/{theirs.id}")).split("<main")[1].split("History")[0]
    response = client.post(f"/organizing/{mine.id}/edit", data=form_values(acme, version="1", cards_signed="7"))
    assert response.status_code == 303
    db.session.refresh(mine)
    assert mine.cards_signed == 7


def test_a_stale_edit_is_refused_with_what_changed(client, login_as, olive, acme):
    mine = activity(olive[0], acme)
    login_as("officer")
    first = client.post(
        f"/organizing/{mine.id}/edit",
        data=form_values(acme, version="1", organizer_id=str(olive[1].id), location="Yard"),
    )
    assert first.status_code == 303
    second = client.post(
        f"/organizing/{mine.id}/edit",
        data=form_values(acme, version="1", organizer_id=str(olive[1].id), location="Gate"),
    )
    assert second.status_code == 409 or second.status_code == 422
    assert "Someone else changed this record" in text(second)
    db.session.refresh(mine)
    assert mine.location == "Yard"


def test_the_activity_page_shows_its_history_in_words(client, olive, acme):
    user, _ = olive
    mine = activity(user, acme)
    sign_in(client, user.email)
    client.post(f"/organizing/{mine.id}/edit", data=form_values(acme, version="1", outcome="negative"))
    html = text(client.get(f"/organizing/{mine.id}"))
    assert "Organizing activity updated" in html
    assert "Outcome changed from Positive to Negative" in html


def test_the_list_filters_and_downloads_the_same_activities(client, login_as, olive, acme):
    user, _ = olive
    other = target("Other Target")
    activity(user, acme, activity_type="leafleting", activity_date=date(2026, 1, 5))
    activity(user, other, activity_type="meeting", activity_date=date(2026, 2, 5), workers_contacted=3, cards_signed=1)
    login_as("officer")
    html = text(client.get(f"/organizing/?employer_id={other.id}"))
    rows = element_by_id(html, "activity-table").find_all("tr", {"id": None})
    assert len(rows) == 1 and "Other Target" in rows[0].text
    assert len(row_ids(text(client.get("/organizing/?activity_type=leafleting")), "activity")) == 1
    assert len(row_ids(text(client.get("/organizing/?since=2026-02-01")), "activity")) == 1
    assert row_ids(text(client.get("/organizing/?outcome=negative")), "activity") == []
    csv = text(client.get(f"/organizing/export.csv?employer_id={other.id}"))
    assert csv.splitlines()[0].startswith("date,employer,organizer")
    assert len(csv.splitlines()) == 2 and "Other Target" in csv


def test_the_list_pages_by_cursor_newest_first(client, login_as, olive, acme):
    user, _ = olive
    for day in range(1, 56):
        activity(user, acme, activity_date=date(2025, 1, 1).fromordinal(date(2025, 1, 1).toordinal() + day))
    login_as("staff")
    first = parse(text(client.get("/organizing/")))
    assert len(row_ids(first, "activity")) == 50
    next_link = first.find("a", {"rel": "next"}).attrs["href"]
    second = parse(text(client.get(next_link)))
    dates = [tr.find("td").text for tr in second.find_all("tr", {"id": None})]
    assert len(dates) == 5 and dates == sorted(dates, reverse=True)
    assert "51–55 of 55" in second.text


def test_a_salt_application_and_its_correction_through_the_pages(client, olive, acme):
    user, _ = olive
    salt = factories.make_member(first_name="Sal", last_name="Salter")
    sign_in(client, user.email)
    recorded = client.post(
        f"/organizing/campaigns/{acme.id}/salt-applications/new",
        data={
            "salt_card_number": salt.card_number.lower(),
            "applied_on": "2026-02-16",
            "posting": "JE-114",
            "availability": "Now",
        },
    )
    assert recorded.status_code == 303
    html = text(client.get(f"/organizing/campaigns/{acme.id}"))
    entry_id = int(parse(html).find("article").attrs["id"].rsplit("-", 1)[1])
    corrected = client.post(
        f"/organizing/salt-applications/{entry_id}/correct",
        data={
            "salt_card_number": salt.card_number,
            "applied_on": "2026-02-09",
            "posting": "JE-114",
            "availability": "Now",
            "reason": "Wrong date",
        },
    )
    assert corrected.status_code == 303
    page = parse(text(client.get(f"/organizing/campaigns/{acme.id}")))
    assert element_by_id(page, f"salt-application-{entry_id}").find("span", {"class": "badge badge-warning"}).text == (
        "Corrected"
    )
    assert "02/09/2026" in page.find("article").find("h3").text
    again = client.post(
        f"/organizing/salt-applications/{entry_id}/correct",
        data={
            "salt_card_number": salt.card_number,
            "applied_on": "2026-02-02",
            "posting": "JE-114",
            "availability": "Now",
            "reason": "Again",
        },
    )
    assert again.status_code == 409 or again.status_code == 422
    assert "corrected already" in text(again)


def test_an_unknown_card_number_is_said_beside_the_field(client, olive, acme):
    sign_in(client, olive[0].email)
    response = client.post(
        f"/organizing/campaigns/{acme.id}/salt-applications/new",
        data={"salt_card_number": "NOPE", "applied_on": "2026-02-16", "posting": "JE", "availability": "Now"},
    )
    assert response.status_code == 422
    assert "No member on file has this card number." in field_errors(text(response), "salt_card_number")


def test_the_employer_page_links_its_campaign_and_loads_the_panel(client, login_as, olive, acme):
    activity(olive[0], acme)
    login_as("staff")
    html = text(client.get(f"/organizations/{acme.id}"))
    assert f'href="/organizing/campaigns/{acme.id}"' in html
    panel = client.hx_get(f"/organizing/campaigns/{acme.id}/summary")
    assert "<html" not in text(panel) and "10 workers contacted, 4 authorization cards signed" in text(panel)
    assert "<html" in text(client.get(f"/organizing/campaigns/{acme.id}/summary"))


def test_an_organizer_without_a_member_record_is_told_before_and_after_posting(client, login_as, acme):
    login_as("organizer")
    assert 'id="not-linked"' in text(client.get("/organizing/new"))
    response = client.post("/organizing/new", data=form_values(acme))
    assert response.status_code == 422
    assert "not linked to a member record" in text(response)
    assert count_activities() == 0


def test_a_linked_organizer_is_told_the_activity_is_logged_as_theirs(client, olive):
    sign_in(client, olive[0].email)
    assert "Logged as yours: Olive" in text(client.get("/organizing/new"))


def test_the_member_page_links_their_organizing_and_the_panel_lists_it(client, login_as, olive, acme):
    user, member = olive
    activity(user, acme, workers_contacted=7, cards_signed=2)
    entry = salt_application(user, acme, member)
    login_as("staff")
    page = text(client.get(f"/members/{member.id}"))
    assert f'hx-get="/organizing/members/{member.id}"' in page
    panel = client.hx_get(f"/organizing/members/{member.id}")
    html = text(panel)
    assert "<html" not in html
    assert "1 activity logged as organizer" in html and "7 workers contacted, 2 authorization cards signed" in html
    assert f'id="member-salt-application-{entry.id}"' in html and "Acme Non-Union Wiring" in html
    assert "<html" in text(client.get(f"/organizing/members/{member.id}"))


def test_the_member_panel_shows_the_correction_in_force_only(client, login_as, olive, acme):
    user, member = olive
    entry = salt_application(user, acme, member)
    fixed = correct_salt_application(
        entry,
        actor=user,
        reason="Date",
        salt_id=member.id,
        applied_on=date(2026, 2, 9),
        posting=entry.posting,
        availability=entry.availability,
    )
    db.session.commit()
    login_as("officer")
    html = text(client.hx_get(f"/organizing/members/{member.id}"))
    assert f"member-salt-application-{fixed.id}" in html and f'member-salt-application-{entry.id}"' not in html
