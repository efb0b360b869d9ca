"""The attendance roster: page, per-row saves (htmx), the rest present, the no-JavaScript form, who may."""

import pytest
from sqlalchemy import select

from hallweb.extensions import db
from hallweb.training.models import Attendance
from hallweb.training.services.attendance import mark_attendance
from tests.factories import user
from tests.html import element, starts_with_element, text_of
from tests.training_factories import offering
from tests.web.helpers import text


@pytest.fixture
def plan(app, login_as):
    teacher = login_as("instructor", first_name="Ida", last_name="Teach")
    made = offering(user("staff"), teacher, students=3, sessions=2)
    made.teacher = teacher
    return made


def url(plan, suffix=""):
    return f"/training/sessions/{plan.sessions[0].id}/attendance{suffix}"


def stored(plan):
    rows = db.session.execute(
        select(Attendance.student_id, Attendance.status).where(Attendance.session_id == plan.sessions[0].id)
    )
    return dict(rows.all())


def test_every_enrolled_student_starts_unmarked(client, plan):
    page = client.get(url(plan))
    assert page.status_code == 200 and "<html" in text(page)
    for s in plan.students:
        assert "Not marked" in element(text(page), f"attendance-row-{s.id}")
    assert "3 not marked" in text_of(element(text(page), "attendance-summary"))


def test_a_row_saves_on_its_own_and_says_who_marked_it(client, plan):
    a = plan.students[0]
    answer = client.hx_post(url(plan, f"/{a.id}"), data={f"status-{a.id}": "absent", f"version-{a.id}": "0"})
    assert answer.status_code == 200
    html = text(answer)
    assert starts_with_element(html, "tr", f"attendance-row-{a.id}")
    assert "Saved." in html and "marked by Ida Teach" in html
    assert 'id="attendance-summary" aria-live="polite" hx-swap-oob="true"' in html
    assert "<strong>1</strong> absent" in html
    assert stored(plan) == {a.id: "absent"}


def test_late_without_an_arrival_time_asks_for_it(client, plan):
    a = plan.students[0]
    answer = client.hx_post(url(plan, f"/{a.id}"), data={f"status-{a.id}": "late", f"version-{a.id}": "0"})
    assert answer.status_code == 422
    assert "Give the time the student arrived" in text(answer)
    assert f'name="arrived-{a.id}"' in text(answer)
    assert stored(plan) == {}
    answer = client.hx_post(
        url(plan, f"/{a.id}"), data={f"status-{a.id}": "late", f"arrived-{a.id}": "18:25", f"version-{a.id}": "0"}
    )
    assert answer.status_code == 200 and stored(plan) == {a.id: "late"}


def test_a_stale_row_shows_the_stored_mark_and_who(client, plan):
    a = plan.students[0]
    staff = user("staff", first_name="Olga", last_name="Office")
    mark_attendance(plan.sessions[0], a.id, actor=staff, status="excused", expected_version=0)
    db.session.commit()
    answer = client.hx_post(url(plan, f"/{a.id}"), data={f"status-{a.id}": "present", f"version-{a.id}": "0"})
    assert answer.status_code == 422
    assert "Olga Office" in text(answer) and "Excused" in text(answer)
    assert stored(plan) == {a.id: "excused"}


def test_mark_the_rest_present_fills_only_unmarked_rows(client, plan):
    a, b, c = plan.students
    client.hx_post(url(plan, f"/{a.id}"), data={f"status-{a.id}": "absent", f"version-{a.id}": "0"})
    answer = client.hx_post(url(plan, "/rest-present"))
    assert answer.status_code == 200 and starts_with_element(text(answer), "section", "roster")
    assert stored(plan) == {a.id: "absent", b.id: "present", c.id: "present"}


def test_without_javascript_the_roster_is_one_form_saved_all_or_nothing(client, plan):
    a, b, c = plan.students
    bad = {f"status-{a.id}": "present", f"status-{b.id}": "left_early", f"version-{a.id}": "0", f"version-{b.id}": "0"}
    refused = client.post(url(plan), data=bad)
    assert refused.status_code == 422 and "Give the time the student left" in text(refused)
    assert stored(plan) == {}  # nothing half-written
    good = {**bad, f"left-{b.id}": "20:00", f"status-{c.id}": "excused", f"version-{c.id}": "0"}
    saved = client.post(url(plan), data=good)
    assert saved.status_code == 303
    assert stored(plan) == {a.id: "present", b.id: "left_early", c.id: "excused"}


def test_another_instructor_gets_403_and_a_member_is_refused(client, plan, login_as):
    login_as("instructor")
    assert client.get(url(plan)).status_code == 403
    a = plan.students[0]
    assert client.post(url(plan, f"/{a.id}"), data={f"status-{a.id}": "present"}).status_code == 403
    assert stored(plan) == {}
    login_as("member")
    assert client.get(url(plan)).status_code == 403


def test_bad_ids_and_times_are_answered_without_a_500(client, plan):
    a = plan.students[0]
    assert client.get("/training/sessions/99999999/attendance").status_code == 404
    assert client.hx_post(url(plan, "/99999999"), data={"status-99999999": "present"}).status_code == 404
    odd = client.hx_post(url(plan, f"/{a.id}"), data={f"status-{a.id}": "late", f"arrived-{a.id}": "25:99"})
    assert odd.status_code == 422
    odd = client.hx_post(url(plan, f"/{a.id}"), data={f"status-{a.id}": "sleeping", f"version-{a.id}": "0"})
    assert odd.status_code == 422
