"""An instructor corrects an assessment's points possible from the gradebook: a value below a recorded score is
refused in place, a sound one saves, and the students' percentages follow; the grid still works from the keyboard."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from hallweb.auth.models import User
from hallweb.extensions import db
from hallweb.training.models import Assessment, Grade
from hallweb.training.services.grades import save_grade
from tests.browser.conftest import check_accessibility, sign_in
from tests.browser.test_training import classroom  # noqa: F401 - the fixture: tonight's session, three students, Quiz 1

pytestmark = pytest.mark.browser


def test_an_instructor_edits_points_possible_from_the_gradebook(page, live_server, classroom):  # noqa: F811
    ana, ben, cy = classroom["students"]
    quiz = classroom["quiz"]
    with live_server.app.test_request_context():
        staff = db.session.get(User, classroom["staff"])
        assessment = db.session.get(Assessment, quiz)
        save_grade(assessment, ana, "8", actor=staff, expected_version=0)
        db.session.commit()
        course_id, cohort_id = assessment.course_id, assessment.cohort_id
    sign_in(page, "ida@example.org")
    page.goto(f"/training/courses/{course_id}/cohorts/{cohort_id}/gradebook")
    expect(page.locator(f"#standing-{ana}-grade")).to_have_text("80.00%")

    page.locator(f"#assessment-{quiz}").get_by_role("link", name="Quiz 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit Quiz 1")
    page.wait_for_load_state()
    form = page.locator("#assessment-edit-form")
    points = form.get_by_label("Points possible")
    points.fill("5")
    form.get_by_role("button", name="Save assessment").click()
    expect(page.locator("#points_possible-errors")).to_contain_text(
        "1 score recorded for Quiz 1 is above 5 points (Ana Adams 8). Keep at least 8 points possible"
    )
    expect(page.locator("#points_possible")).to_have_attribute("aria-invalid", "true")
    check_accessibility(page)

    page.locator("#points_possible").fill("16")
    page.locator("#points_possible").press("Enter")  # the form posts from the keyboard too
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gradebook: ELEC-101")
    expect(page.get_by_text("Quiz 1 saved.")).to_be_visible()
    expect(page.locator(f"#assessment-{quiz}")).to_contain_text("Quiz, 16 pts")
    expect(page.locator(f"#standing-{ana}-grade")).to_have_text("50.00%")
    expect(page.locator(f"#standing-{ana}-letter")).to_contain_text("F")

    # The grid still takes scores from the keyboard, now out of 16.
    page.wait_for_load_state()
    cell = page.locator(f"#grade-{quiz}-{ben} .grade-input")
    cell.focus()
    page.keyboard.type("16")
    page.keyboard.press("Enter")
    expect(page.locator(f"#grade-{quiz}-{cy} .grade-input")).to_be_focused()
    expect(page.locator(f"#grade-{quiz}-{ben}")).to_contain_text("Saved")
    expect(page.locator(f"#standing-{ben}-grade")).to_have_text("100.00%")
    check_accessibility(page)
    with live_server.app.app_context():
        assert db.session.get(Assessment, quiz).points_possible == 16
        points = db.session.scalar(select(Grade.points).where(Grade.assessment_id == quiz, Grade.student_id == ben))
        assert points == Decimal(16)
