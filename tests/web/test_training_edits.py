"""Editing a cohort and a class session: links to the forms, page and fragment, bad input, stale edits, who may."""

from datetime import time, timedelta

import pytest
from sqlalchemy import select

from hallweb.auth.services import grant_role_by_name
from hallweb.db.db_types import utcnow
from hallweb.extensions import db
from hallweb.training.models import Attendance
from hallweb.training.services.attendance import mark_attendance
from tests.factories import user
from tests.html import element, field_errors, form_values, link_href, select_options, starts_with_element, text_of
from tests.training_factories import make_cohort, offering
from tests.web.helpers import text


@pytest.fixture
def staff(app, login_as):
    return login_as("staff")


def edit_values(client, url, form_id):
    """What the edit form sends as drawn (its fields, the version it was filled from)."""
    page = client.get(url)
    assert page.status_code == 200 and "<html" in text(page)
    return form_values(text(page), form_id)


# --- cohorts ----------------------------------------------------------------------------------------------------


def cohort_url(cohort):
    return f"/training/cohorts/{cohort.id}/edit"


def test_a_cohort_is_edited_from_the_catalogue_page_or_in_place(client, staff):
    cohort = make_cohort(staff, name="2026-Spring")
    catalogue = text(client.get("/training/courses/"))
    assert link_href(element(catalogue, f"cohort-{cohort.id}"), "Edit") == cohort_url(cohort)
    fragment = client.hx_get(cohort_url(cohort))
    assert fragment.status_code == 200 and "<html" not in text(fragment)
    assert starts_with_element(text(fragment), "form", "cohort-edit-form") and "HX-Request" in fragment.vary
    sent = edit_values(client, cohort_url(cohort), "cohort-edit-form")
    assert sent["name"] == "2026-Spring" and sent["version"] == "1"
    saved = client.post(cohort_url(cohort), data={**sent, "name": "2026-Spring B", "end_date": "2026-07-15"})
    assert saved.status_code == 303 and saved.location.endswith(f"/training/courses/#cohort-{cohort.id}")
    db.session.refresh(cohort)
    assert (cohort.name, cohort.end_date.isoformat(), cohort.version) == ("2026-Spring B", "2026-07-15", 2)
    swapped = client.hx_post(cohort_url(cohort), data={**sent, "name": "2026-Spring C", "version": "2"})
    assert swapped.status_code == 200 and swapped.headers["HX-Redirect"].endswith(f"#cohort-{cohort.id}")


def test_bad_cohort_input_is_refused_next_to_its_field(client, staff):
    make_cohort(staff, name="Taken")
    cohort = make_cohort(staff, name="Mine")
    sent = edit_values(client, cohort_url(cohort), "cohort-edit-form")
    taken = client.hx_post(cohort_url(cohort), data={**sent, "name": "Taken"})
    assert taken.status_code == 422 and starts_with_element(text(taken), "form", "cohort-edit-form")
    assert "There is a cohort of this name already." in field_errors(text(taken), "name")
    backwards = client.post(cohort_url(cohort), data={**sent, "end_date": "2025-01-01"})
    assert backwards.status_code == 422 and "<html" in text(backwards)
    assert "ends on or after its start date" in field_errors(text(backwards), "end_date")
    for junk in ("2026-13-45", "soon", "99999-01-01", ""):
        refused = client.post(cohort_url(cohort), data={**sent, "start_date": junk})
        assert refused.status_code == 422 and field_errors(text(refused), "start_date"), junk
    unversioned = client.post(cohort_url(cohort), data={k: v for k, v in sent.items() if k != "version"})
    assert unversioned.status_code == 422 and "sent without the version" in text(unversioned)
    db.session.refresh(cohort)
    assert (cohort.name, cohort.version) == ("Mine", 1)


def test_a_stale_cohort_edit_shows_theirs_and_yours(client, staff):
    cohort = make_cohort(staff, name="Old")
    sent = edit_values(client, cohort_url(cohort), "cohort-edit-form")
    assert client.post(cohort_url(cohort), data={**sent, "name": "Theirs"}).status_code == 303
    stale = client.post(cohort_url(cohort), data={**sent, "name": "Yours"})
    assert stale.status_code == 422 and "Someone else changed this record" in text(stale)
    conflict = text_of(element(text(stale), "name-conflict"))
    assert "Theirs (stored now) Theirs" in conflict and "Yours Yours" in conflict
    assert form_values(text(stale), "cohort-edit-form")["version"] == "2"  # saving again is a choice, and works
    again = client.post(cohort_url(cohort), data=form_values(text(stale), "cohort-edit-form"))
    assert again.status_code == 303
    db.session.refresh(cohort)
    assert cohort.name == "Yours"


def test_only_staff_edit_cohorts_and_bad_ids_are_404(client, login_as, app):
    cohort = make_cohort(user("staff"), name="Spring")
    login_as("instructor")
    assert client.get(cohort_url(cohort)).status_code == 403
    assert client.post(cohort_url(cohort), data={"name": "X"}).status_code == 403
    assert 'href="/training/cohorts/' not in text(client.get("/training/courses/"))
    login_as("staff")
    for bad in ("99999999", "0", "abc", "1e3", "99999999999999999999"):
        assert client.get(f"/training/cohorts/{bad}/edit").status_code == 404, bad


# --- class sessions ---------------------------------------------------------------------------------------------


@pytest.fixture
def plan(staff):
    teacher = user("instructor", first_name="Ida", last_name="Teach")
    made = offering(staff, teacher, students=2, sessions=2)
    made.teacher = teacher
    return made


def session_url(plan):
    return f"/training/sessions/{plan.sessions[0].id}/edit"


def test_a_session_is_edited_from_the_list_or_the_roster(client, plan):
    s = plan.sessions[0]
    listed = text(client.get(f"/training/sessions/?cohort={plan.cohort.id}"))
    assert link_href(element(listed, f"session-{s.id}"), "Edit") == session_url(plan)
    roster = text(client.get(f"/training/sessions/{s.id}/attendance"))
    assert link_href(element(roster, "edit-session"), "Edit this session") == session_url(plan)
    fragment = client.hx_get(session_url(plan))
    assert starts_with_element(text(fragment), "form", "session-edit-form") and "<html" not in text(fragment)
    page = text(client.get(session_url(plan)))
    assert "not taken yet" in page and "session-marked-note" not in page
    sent = form_values(page, "session-edit-form")
    assert (sent["held_on"], sent["starts_at"], sent["instructor_id"]) == ("2026-01-06", "18:00", str(plan.teacher.id))
    other = user("instructor", first_name="Omar", last_name="Wire")
    changes = {"held_on": "2026-01-07", "ends_at": "20:30", "instructor_id": str(other.id), "location": "Hall C"}
    saved = client.post(session_url(plan), data={**sent, **changes})
    assert saved.status_code == 303
    db.session.refresh(s)
    assert (s.held_on.isoformat(), s.ends_at, s.instructor_id, s.location) == (
        "2026-01-07",
        time(20, 30),
        other.id,
        "Hall C",
    )
    assert "Omar Wire" in text_of(element(text(client.get(saved.location)), f"session-{s.id}"))


def test_bad_session_input_is_refused_next_to_its_field(client, plan, staff):
    sent = edit_values(client, session_url(plan), "session-edit-form")
    cases = [
        ({"ends_at": "17:00"}, "ends_at", "ends after it starts"),
        ({"instructor_id": str(staff.id)}, "instructor_id", "instructor role"),
        ({"instructor_id": "99999999"}, "instructor_id", "instructor role"),
        ({"instructor_id": "junk"}, "instructor_id", "instructor role"),
        ({"held_on": "2026-08-01"}, "held_on", "within its cohort's dates"),
        ({"held_on": "2026-02-30"}, "held_on", "date"),
        ({"starts_at": "25:99"}, "starts_at", "time"),
        ({"location": "x" * 201}, "location", "200"),
    ]
    for change, name, said in cases:
        refused = client.hx_post(session_url(plan), data={**sent, **change})
        assert refused.status_code == 422 and starts_with_element(text(refused), "form", "session-edit-form"), change
        assert said in field_errors(text(refused), name), change
    db.session.refresh(plan.sessions[0])
    assert plan.sessions[0].version == 1


def test_a_session_with_attendance_says_what_editing_means_and_keeps_the_marks(client, plan):
    s, a = plan.sessions[0], plan.students[0]
    mark_attendance(s, a.id, actor=plan.teacher, status="late", arrived_at=time(18, 40), expected_version=0)
    db.session.commit()
    page = text(client.get(session_url(plan)))
    assert "taken for 1 student" in page and "the marks stay as they are" in text_of(
        element(page, "session-marked-note")
    )
    sent = form_values(page, "session-edit-form")
    refused = client.post(session_url(plan), data={**sent, "starts_at": "18:45"})
    assert refused.status_code == 422
    assert "1 attendance mark records an arrival or departure outside 6:45 PM–9:00 PM" in field_errors(
        text(refused), "starts_at"
    )
    early = client.post(session_url(plan), data={**sent, "starts_at": "18:30", "held_on": "2026-01-04"})
    assert early.status_code == 422 and "within its cohort's dates" in field_errors(text(early), "held_on")
    assert client.post(session_url(plan), data={**sent, "starts_at": "18:30"}).status_code == 303
    assert db.session.scalar(select(Attendance.status).where(Attendance.session_id == s.id)) == "late"


def test_a_stale_session_edit_takes_theirs_where_you_changed_nothing(client, plan):
    sent = edit_values(client, session_url(plan), "session-edit-form")
    assert client.post(session_url(plan), data={**sent, "location": "Hall C"}).status_code == 303
    stale = client.post(session_url(plan), data={**sent, "ends_at": "20:00"})
    assert stale.status_code == 422 and "Someone else changed this record" in text(stale)
    assert "Hall C" in text_of(element(text(stale), "location-conflict"))
    again = form_values(text(stale), "session-edit-form")
    assert (again["location"], again["ends_at"]) == ("Hall C", "20:00")
    assert client.post(session_url(plan), data=again).status_code == 303
    db.session.refresh(plan.sessions[0])
    assert (plan.sessions[0].location, plan.sessions[0].ends_at) == ("Hall C", time(20))


def test_only_staff_edit_sessions_and_bad_ids_are_404(client, plan, login_as):
    assert client.get("/training/sessions/99999999/edit").status_code == 404
    assert client.get("/training/sessions/abc/edit").status_code == 404
    login_as("instructor")  # even the session's own instructor only takes its attendance
    assert client.get(session_url(plan)).status_code == 403
    assert client.post(session_url(plan), data={"location": "X"}).status_code == 403
    listed = text(client.get(f"/training/sessions/?cohort={plan.cohort.id}"))
    assert "/edit" not in listed


def test_a_session_keeps_an_instructor_who_no_longer_holds_the_role_until_changed(client, plan):
    grant_role_by_name(plan.teacher, "instructor", actor=None, expires_at=utcnow() - timedelta(days=1))
    db.session.commit()
    page = text(client.get(session_url(plan)))
    chosen = [label for _, label, selected in select_options(page, "instructor_id") if selected]
    assert chosen == ["Ida Teach (no longer an instructor)"]
    sent = form_values(page, "session-edit-form")
    assert client.post(session_url(plan), data={**sent, "location": "Hall C"}).status_code == 303
    db.session.refresh(plan.sessions[0])
    assert (plan.sessions[0].instructor_id, plan.sessions[0].location) == (plan.teacher.id, "Hall C")
