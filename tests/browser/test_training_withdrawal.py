"""Office staff withdraw a student from one course on the student page: asked first, the courses panel
redrawn in place with what it moves (History), the other course untouched."""

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from hallweb.auth.accounts import create_user
from hallweb.extensions import db
from hallweb.hall_clock import hall_today
from hallweb.training.models import Enrollment
from hallweb.training.services.catalogue import create_cohort, create_course
from hallweb.training.services.students import create_student, enroll_student
from tests.browser.conftest import PASSWORD, check_accessibility, sign_in
from tests.factories import make_member

pytestmark = pytest.mark.browser


@pytest.fixture
def student(live_server):
    """A student enrolled in two courses, and an office clerk."""
    with live_server.app.test_request_context():
        staff = create_user(
            actor=None, email="olga@example.org", first_name="Olga", last_name="Office", roles=["staff"],
            password=PASSWORD,
        )  # fmt: skip
        today = hall_today()
        cohort = create_cohort(
            actor=staff, name="2026-Spring", start_date=today - timedelta(days=30), end_date=today + timedelta(days=60)
        )
        s = create_student(
            actor=staff, member=make_member(first_name="Ana", last_name="Adams"), cohort=cohort, year=2026
        )
        enrolled = {}
        for code, title in (("ELEC-101", "Electrical Fundamentals"), ("MATH-100", "Construction Math")):
            c = create_course(
                actor=staff, code=code, title=title, course_type="core", hours=Decimal(40), credits=2,
                pass_mark=Decimal(70),
            )  # fmt: skip
            enrolled[code] = enroll_student(actor=staff, student=s, course=c, cohort=cohort, on=today).id
        db.session.commit()
        return {"id": s.id, "enrollments": enrolled}


def stored_status(app, enrollment_id):
    with app.app_context():
        return db.session.scalar(select(Enrollment.status).where(Enrollment.id == enrollment_id))


def test_staff_withdraw_a_student_from_one_course_and_the_page_updates(page, live_server, student):
    elec, math = student["enrollments"]["ELEC-101"], student["enrollments"]["MATH-100"]
    sign_in(page, "olga@example.org")
    page.goto(f"/training/students/{student['id']}")
    url = page.url
    elec_row, math_row = page.locator(f"#course-record-{elec}"), page.locator(f"#course-record-{math}")
    expect(elec_row).to_contain_text("Enrolled")
    check_accessibility(page)

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    elec_row.get_by_role("button", name="Withdraw…").click()

    expect(elec_row).to_contain_text("Withdrawn on")
    expect(elec_row.get_by_role("button", name="Withdraw…")).to_have_count(0)
    expect(page.get_by_text("Ana Adams is withdrawn from ELEC-101.")).to_be_visible()
    expect(math_row).to_contain_text("Enrolled")
    expect(math_row.get_by_role("button", name="Withdraw…")).to_be_visible()
    assert asked and asked[0].startswith("Withdraw Ana Adams from ELEC-101?")
    assert page.url == url  # the panel was swapped, not the page reloaded
    assert stored_status(live_server.app, elec) == "withdrawn"
    assert stored_status(live_server.app, math) == "enrolled"

    # History says it too, in place (out of band), and again after a reload
    expect(page.locator(f"#student-{student['id']}-history")).to_contain_text("Withdrawn from ELEC-101")
    page.reload()
    expect(page.locator(f"#student-{student['id']}-history")).to_contain_text("Withdrawn from ELEC-101")
