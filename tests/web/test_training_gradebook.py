"""The gradebook: cells saved one by one (htmx), bad values and stale saves refused in the cell, totals, the
no-JavaScript form, adding assessments, who may."""

from decimal import Decimal as D

import pytest
from sqlalchemy import select

from hallweb.extensions import db
from hallweb.training.models import Grade
from hallweb.training.services.grades import save_grade
from tests.factories import user
from tests.html import element, starts_with_element, text_of
from tests.training_factories import offering_with_quiz
from tests.web.helpers import text


@pytest.fixture
def plan(app, login_as):
    return offering_with_quiz(login_as("instructor", first_name="Ida", last_name="Teach"))


def base(plan):
    return f"/training/courses/{plan.course.id}/cohorts/{plan.cohort.id}/gradebook"


def cell_post(client, plan, student, typed, version=0):
    name = f"{plan.quiz.id}-{student.id}"
    return client.hx_post(
        f"{base(plan)}/{plan.quiz.id}/{student.id}", data={f"score-{name}": typed, f"version-{name}": str(version)}
    )


def grade_of(plan, student):
    return db.session.execute(
        select(Grade.points, Grade.excused).where(Grade.assessment_id == plan.quiz.id, Grade.student_id == student.id)
    ).one_or_none()


def test_the_gradebook_draws_students_by_assessments(client, plan):
    page = client.get(base(plan))
    assert page.status_code == 200
    for s in plan.students:
        assert f'id="grade-{plan.quiz.id}-{s.id}"' in text(page)


def test_a_cell_saves_and_the_totals_and_letter_follow(client, plan):
    a = plan.students[0]
    answer = cell_post(client, plan, a, "8.5")
    assert answer.status_code == 200
    html = text(answer)
    assert starts_with_element(html, "td", f"grade-{plan.quiz.id}-{a.id}")
    assert "Saved" in html
    assert text_of(element(html, f"standing-{a.id}-grade")) == "85.00%"
    assert text_of(element(html, f"standing-{a.id}-letter")) == "B"
    assert grade_of(plan, a) == (D("8.5"), False)


def test_ex_excuses_and_a_bad_value_is_refused_in_the_cell(client, plan):
    a = plan.students[0]
    assert cell_post(client, plan, a, "ex").status_code == 200
    assert grade_of(plan, a) == (None, True)
    version = db.session.scalar(select(Grade.version).where(Grade.student_id == a.id))
    for bad, reason in (("12", "The most this assessment gives is 10"), ("-3", "negative"), ("lots", "Enter a number")):
        answer = cell_post(client, plan, a, bad, version)
        assert answer.status_code == 422
        assert reason in text(answer) and f'value="{bad}"' in text(answer)  # what was typed stays
    assert grade_of(plan, a) == (None, True)


def test_a_stale_save_is_refused_showing_the_stored_value_and_who(client, plan):
    a = plan.students[0]
    staff = user("staff", first_name="Olga", last_name="Office")
    save_grade(plan.quiz, a.id, "6", actor=staff, expected_version=0)
    db.session.commit()
    answer = cell_post(client, plan, a, "9", 0)
    assert answer.status_code == 422
    html = text(answer)
    assert "Olga Office" in html and "now 6" in html
    assert f'name="score-{plan.quiz.id}-{a.id}" value="6"' in html
    assert grade_of(plan, a) == (D(6), False)


def test_without_javascript_the_grid_is_one_form(client, plan):
    a, b = plan.students
    q = plan.quiz.id
    data = {f"score-{q}-{a.id}": "7", f"version-{q}-{a.id}": "0", f"score-{q}-{b.id}": "11", f"version-{q}-{b.id}": "0"}
    refused = client.post(base(plan), data=data)
    assert refused.status_code == 422 and grade_of(plan, a) is None
    saved = client.post(base(plan), data={**data, f"score-{q}-{b.id}": "EX"})
    assert saved.status_code == 303
    assert grade_of(plan, a) == (D(7), False) and grade_of(plan, b) == (None, True)


def test_adding_an_assessment(client, plan):
    added = client.post(
        f"/training/courses/{plan.course.id}/cohorts/{plan.cohort.id}/assessments",
        data={"name": "Midterm", "assessment_type": "exam", "points_possible": "50", "due_on": "2026-02-01"},
    )
    assert added.status_code == 303
    assert "Midterm" in text(client.get(base(plan)))
    refused = client.hx_post(
        f"/training/courses/{plan.course.id}/cohorts/{plan.cohort.id}/assessments",
        data={"name": "", "assessment_type": "exam", "points_possible": "-1"},
    )
    assert refused.status_code == 422 and starts_with_element(text(refused), "form", "assessment-form")


def test_an_instructor_who_does_not_teach_the_course_gets_403(client, plan, login_as):
    login_as("instructor")
    assert client.get(base(plan)).status_code == 403
    assert cell_post(client, plan, plan.students[0], "5").status_code == 403
    assert grade_of(plan, plan.students[0]) is None


def test_bad_ids_are_404(client, plan):
    assert client.get("/training/courses/99999999/cohorts/1/gradebook").status_code == 404
    other = f"{base(plan)}/{plan.quiz.id}/99999999"
    assert client.hx_post(other, data={}).status_code == 404


def test_the_csv_holds_grades_and_attendance(client, plan):
    import csv
    import io

    from hallweb.training.services.attendance import mark_attendance

    a, b = plan.students
    save_grade(plan.quiz, a.id, "9", actor=plan.teacher, expected_version=0)
    mark_attendance(plan.sessions[0], a.id, actor=plan.teacher, status="present", expected_version=0)
    db.session.commit()
    answer = client.get(f"/training/courses/{plan.course.id}/cohorts/{plan.cohort.id}/export.csv")
    rows = list(csv.reader(io.StringIO(text(answer))))
    assert rows[0] == ["number", "name", "Quiz 1", "grade_percent", "letter", "attendance_rate", "contact_hours"]
    mine = next(r for r in rows if r[0] == a.number)
    assert mine[2:] == ["9", "90.00", "A", "100.00", "3.00"]
