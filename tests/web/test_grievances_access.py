"""Who sees and acts on grievances: representatives act, organizers read, members read their own only."""

from datetime import date

import pytest

from hallweb.extensions import db
from tests.factories import make_member
from tests.grievance_factories import ensure_holiday, make_grievance
from tests.html import element_by_id, text_of
from tests.support import fresh
from tests.web.helpers import text


def member_account(login_as):
    """A signed-in member user linked to a member record."""
    user = login_as("member")
    member = make_member()
    member.user_id = user.id
    db.session.commit()
    return member


def test_an_organizer_reads_but_is_offered_no_move_and_may_not_make_one(client, login_as, app):
    g = make_grievance()
    login_as("organizer")
    assert client.get("/grievances/").status_code == 200
    html = text(client.get(f"/grievances/{g.id}"))
    assert f'id="grievance-{g.id}-moves"' not in html
    assert client.get("/grievances/new").status_code == 403
    response = client.post(f"/grievances/{g.id}/answer", data={"version": g.version, "occurred_on": "2026-11-12"})
    assert response.status_code == 403
    assert fresh(g).clock == "answer"


def test_a_member_sees_their_own_case_read_only(client, login_as, app):
    member = member_account(login_as)
    mine = make_grievance(member=member)
    html = text(client.get(f"/grievances/{mine.id}"))
    assert mine.number in html
    assert f'id="grievance-{mine.id}-moves"' not in html
    assert f'id="grievance-{mine.id}-history"' not in html  # the office's audit trail is the office's
    assert f'id="grievance-{mine.id}-timeline"' in html
    assert client.get(f"/grievances/{mine.id}/history").status_code == 403
    listing = text(client.get("/grievances/mine"))
    assert text_of(element_by_id(listing, f"grievance-{mine.id}")).startswith(mine.number)


def test_another_members_case_is_not_there_for_a_member(client, login_as, app):
    member_account(login_as)
    other = make_grievance()
    policy = make_grievance(policy=True)
    for g in (other, policy):
        assert client.get(f"/grievances/{g.id}").status_code == 404
        assert client.get(f"/grievances/{g.id}/timeline").status_code == 404
    assert client.get("/grievances/").status_code == 403
    assert client.get("/grievances/export.csv").status_code == 403
    assert other.number not in text(client.get("/grievances/mine"))


def test_my_record_has_the_grievances_panel(client, login_as, app):
    member = member_account(login_as)
    html = text(client.get("/me/"))
    assert element_by_id(html, "my-grievances").find("a").attrs["href"] == "/grievances/mine"
    assert member.full_name


def test_the_member_page_and_employer_page_list_their_grievances(client, login_as, app):
    g = make_grievance()
    login_as("staff")
    member_page = text(client.get(f"/members/{g.member_id}"))
    assert f'id="member-{g.member_id}-grievances"' in member_page
    member_panel = client.hx_get(f"/grievances/member/{g.member_id}")
    assert "<html" not in text(member_panel)
    assert text_of(element_by_id(text(member_panel), f"member-{g.member_id}-grievances")).count(g.number) == 1
    assert g.number in text(client.get(f"/grievances/member/{g.member_id}"))
    employer_page = text(client.get(f"/organizations/{g.employer_id}"))
    assert f'id="organization-{g.employer_id}-grievances"' in employer_page
    panel = client.hx_get(f"/grievances/employer/{g.employer_id}")
    assert "<html" not in text(panel) and g.number in text(panel)
    assert g.number in text(client.get(f"/grievances/employer/{g.employer_id}"))


@pytest.mark.parametrize("role", ["staff", "officer", "organizer"])
def test_a_non_admin_may_not_keep_the_holidays(client, login_as, app, role):
    login_as(role)
    assert client.get("/grievances/holidays").status_code == 403
    assert client.post("/grievances/holidays", data={"day": "2026-11-13", "name": "X"}).status_code == 403


def test_an_admin_adds_a_holiday_and_open_deadlines_move(client, login_as, app):
    ensure_holiday(date(2026, 11, 11), "Veterans Day")
    g = make_grievance()
    before = fresh(g).next_deadline
    assert before == date(2026, 11, 19)
    login_as("admin")
    response = client.hx_post("/grievances/holidays?year=2026", data={"day": "2026-11-16", "name": "Local day"})
    assert response.status_code == 200 and "Local day" in text(response)
    assert fresh(g).next_deadline == date(2026, 11, 20)  # a day off on Monday 16 November: one day later
    again = client.post("/grievances/holidays", data={"day": "2026-11-16", "name": "Twice"})
    assert again.status_code == 422 and "on the list already" in text(again)
    html = text(client.get("/grievances/holidays?year=2026"))
    row = next(r for r in element_by_id(html, "holiday-list").find_all("tr") if "Local day" in text_of(r))
    holiday_id = int(row.attrs["id"].removeprefix("holiday-"))
    assert client.post(f"/grievances/holidays/{holiday_id}/remove").status_code == 303
    assert fresh(g).next_deadline == before
