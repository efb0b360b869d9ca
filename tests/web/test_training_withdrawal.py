"""Withdrawing a student from one course on the student page: the button, the confirmation page without
JavaScript, the htmx swap of the courses panel, who may, and a second or stale click."""

from datetime import date

import pytest
from sqlalchemy import select

from hallweb.extensions import db
from hallweb.training.models import Enrollment
from hallweb.training.services.attendance import mark_attendance
from tests.factories import user
from tests.html import element_by_id, parse, text_of
from tests.support import audit_rows
from tests.training_factories import offering
from tests.web.helpers import location, text


@pytest.fixture
def plan(app):
    staff, teacher = user("staff"), user("instructor")
    made = offering(staff, teacher, students=2, sessions=2, first=date(2026, 1, 6))
    made.teacher, made.student = teacher, made.students[0]
    made.enrollment = db.session.scalar(select(Enrollment).where(Enrollment.student_id == made.student.id))
    made.url = f"/training/students/{made.student.id}/enrollments/{made.enrollment.id}/withdraw"
    return made


def _stored(plan) -> Enrollment:
    db.session.expire_all()
    return db.session.get(Enrollment, plan.enrollment.id)


def _button(html: str, action: str):
    form = parse(html).find("form", {"hx-post": action})
    assert form is not None, f"no button posting to {action}"
    return form


def test_each_course_in_progress_offers_withdraw_which_asks_first_without_javascript(client, login_as, plan):
    login_as("staff")
    s = plan.student
    page = text(client.get(f"/training/students/{s.id}"))
    form = _button(page, plan.url)
    assert "Withdraw…" in form.text
    assert (form.attrs["method"], form.attrs["action"]) == ("get", f"{plan.url}/confirm")
    assert form.attrs["hx-confirm"].startswith(f"Withdraw {s.name} from ELEC-101?")
    assert form.attrs["hx-target"] == f"#student-{s.id}-courses"
    assert form.find("input", {"name": "version"}).attrs["value"] == "1"

    asked = client.get(f"{plan.url}/confirm?version=1")
    html = text(asked)
    assert asked.status_code == 200
    assert f"Withdraw {s.name} from ELEC-101 Electrical Fundamentals?" in text_of(html)
    assert "The transcript shows the course as Withdrawn." in text_of(html)
    assert _stored(plan).status == "enrolled"  # asking changes nothing
    confirm_form = element_by_id(html, "confirm-form")
    values = {i.attrs["name"]: i.attrs.get("value", "") for i in confirm_form.find_all("input")}
    assert values["version"] == "1"
    assert [a.attrs["href"] for a in confirm_form.find_all("a") if a.text == "Cancel"] == [f"/training/students/{s.id}"]

    done = client.post(confirm_form.attrs["action"], data=values)
    assert done.status_code == 303 and location(done) == f"/training/students/{s.id}"
    assert _stored(plan).status == "withdrawn"
    after = text(client.get(location(done)))
    row = text_of(element_by_id(after, f"course-record-{plan.enrollment.id}"))
    assert "Withdrawn on" in row and " W " in f" {row} "
    assert parse(after).find("form", {"hx-post": plan.url}) is None  # nothing left to withdraw from
    assert "is withdrawn from ELEC-101" in after
    assert "Withdrawn from ELEC-101" in text_of(element_by_id(after, f"student-{s.id}-history"))


def test_with_htmx_the_courses_panel_is_swapped(client, login_as, plan):
    login_as("staff")
    s = plan.student
    answer = client.hx_post(plan.url, data={"version": "1"})
    html = text(answer)
    assert answer.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith(f'<section class="panel" id="student-{s.id}-courses">')
    assert "HX-Request" in answer.headers.get("Vary", "")
    assert "Withdrawn on" in text_of(element_by_id(html, f"course-record-{plan.enrollment.id}"))
    assert "is withdrawn from ELEC-101" in html  # the flash, out of band
    assert _stored(plan).status == "withdrawn"


def test_the_swap_also_brings_the_heading_flag_the_facts_and_history_as_a_fresh_page_shows_them(client, login_as, plan):
    for held in plan.sessions:  # absent from every session held: at risk in the course
        mark_attendance(held, plan.student.id, actor=plan.teacher, status="absent", expected_version=0)
    db.session.commit()
    login_as("staff")
    s = plan.student
    before = text(client.get(f"/training/students/{s.id}"))
    assert "at risk" in text_of(element_by_id(before, f"student-{s.id}-risk"))
    html = text(client.hx_post(plan.url, data={"version": "1"}))
    fresh = text(client.get(f"/training/students/{s.id}"))
    for part in ("risk", "facts", "history"):
        sent = element_by_id(html, f"student-{s.id}-{part}")
        assert sent.attrs["hx-swap-oob"] == "true", part
        assert text_of(sent) == text_of(element_by_id(fresh, f"student-{s.id}-{part}")), part
    assert "at risk" not in text_of(element_by_id(html, f"student-{s.id}-risk"))  # a withdrawn course is not
    assert "Withdrawn from ELEC-101" in text_of(element_by_id(html, f"student-{s.id}-history"))


def test_a_second_click_is_refused_and_not_applied_twice(client, login_as, plan):
    login_as("staff")
    assert client.hx_post(plan.url, data={"version": "1"}).status_code == 200
    again = client.hx_post(plan.url, data={"version": "1"})
    assert again.status_code == 409 and "withdrawn from ELEC-101 already" in text(again)
    plain = client.post(plan.url, data={"version": "1"})
    assert plain.status_code == 409 and "<html" in text(plain)
    assert len(audit_rows(plan.student, "training.withdrawn")) == 1 and _stored(plan).version == 2


def test_a_stale_or_missing_version_is_refused(client, login_as, plan):
    login_as("staff")
    e = _stored(plan)
    e.final_letter = "B"
    db.session.commit()
    stale = client.post(plan.url, data={"version": "1"})
    assert stale.status_code == 409 and "changed since this page was opened" in text(stale)
    for junk in ("", "abc", "99999999999"):
        refused = client.post(plan.url, data={"version": junk})
        assert refused.status_code == 422, junk
    assert _stored(plan).status == "enrolled"


@pytest.mark.parametrize("role", ["instructor", "officer", "member"])
def test_only_staff_may_withdraw(client, login_as, plan, role):
    login_as(role)
    assert client.post(plan.url, data={"version": "1"}).status_code == 403
    assert client.get(f"{plan.url}/confirm").status_code == 403
    assert _stored(plan).status == "enrolled"


def test_instructors_see_no_withdraw_button(client, login_as, plan):
    login_as("instructor")
    page = text(client.get(f"/training/students/{plan.student.id}"))
    assert parse(page).find("form", {"hx-post": plan.url}) is None


def test_an_enrollment_of_another_student_or_none_is_not_found(client, login_as, plan):
    login_as("staff")
    other = plan.students[1]
    wrong = f"/training/students/{other.id}/enrollments/{plan.enrollment.id}/withdraw"
    assert client.post(wrong, data={"version": "1"}).status_code == 404
    assert client.get(f"{wrong}/confirm").status_code == 404
    missing = f"/training/students/{plan.student.id}/enrollments/2000000000/withdraw"
    assert client.post(missing, data={"version": "1"}).status_code == 404
    assert _stored(plan).status == "enrolled"


def test_the_transcript_and_roster_show_the_withdrawal(client, login_as, plan):
    login_as("staff")
    client.post(plan.url, data={"version": "1"})
    transcript = text(client.get(f"/training/students/{plan.student.id}/transcript"))
    row = text_of(element_by_id(transcript, f"course-record-{plan.enrollment.id}"))
    assert "Withdrawn" in row
    assert parse(transcript).find("form", {"hx-post": plan.url}) is None
