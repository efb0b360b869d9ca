"""Editing an assessment from the gradebook: the link, page and fragment, scores above the new points possible,
stale edits, who may."""

import pytest

from hallweb.extensions import db
from hallweb.training.services.grades import save_grade
from tests.factories import user
from tests.html import element, field_errors, form_values, link_href, starts_with_element, text_of
from tests.training_factories import make_cohort, offering_with_quiz
from tests.web.helpers import text


@pytest.fixture
def plan(app, login_as):
    return offering_with_quiz(login_as("instructor", first_name="Ida", last_name="Teach"))


def book_url(plan):
    return f"/training/courses/{plan.course.id}/cohorts/{plan.cohort.id}/gradebook"


def edit_url(plan):
    return f"/training/courses/{plan.course.id}/cohorts/{plan.cohort.id}/assessments/{plan.quiz.id}/edit"


def drawn(client, plan):
    page = client.get(edit_url(plan))
    assert page.status_code == 200 and "<html" in text(page)
    return form_values(text(page), "assessment-edit-form")


def test_the_gradebook_column_header_opens_the_edit_form(client, plan):
    book = text(client.get(book_url(plan)))
    assert link_href(element(book, f"assessment-{plan.quiz.id}"), "Quiz 1") == edit_url(plan)
    fragment = client.hx_get(edit_url(plan))
    assert fragment.status_code == 200 and "<html" not in text(fragment) and "HX-Request" in fragment.vary
    assert starts_with_element(text(fragment), "form", "assessment-edit-form")
    sent = drawn(client, plan)
    assert (sent["name"], sent["assessment_type"], sent["points_possible"], sent["due_on"]) == (
        "Quiz 1",
        "quiz",
        "10.00",
        "2026-01-20",
    )


def test_the_instructor_edits_the_assessment_and_the_totals_follow(client, plan):
    a = plan.students[0]
    save_grade(plan.quiz, a.id, "8", actor=plan.teacher, expected_version=0)
    db.session.commit()
    assert "80.00%" in text_of(element(text(client.get(book_url(plan))), f"standing-{a.id}-grade"))
    changes = {"name": "Quiz 1 (out of 16)", "assessment_type": "exam", "points_possible": "16", "due_on": ""}
    saved = client.hx_post(edit_url(plan), data={**drawn(client, plan), **changes})
    assert saved.status_code == 200 and saved.headers["HX-Redirect"] == book_url(plan)
    book = text(client.get(book_url(plan)))
    assert "50.00%" in text_of(element(book, f"standing-{a.id}-grade"))
    assert "Exam, 16 pts" in text_of(element(book, f"assessment-{plan.quiz.id}"))
    db.session.refresh(plan.quiz)
    assert (plan.quiz.points_possible, plan.quiz.due_on, plan.quiz.version) == (16, None, 2)


def test_points_possible_below_a_recorded_score_are_refused_with_the_scores(client, plan):
    a, b = plan.students
    save_grade(plan.quiz, a.id, "9", actor=plan.teacher, expected_version=0)
    save_grade(plan.quiz, b.id, "7", actor=plan.teacher, expected_version=0)
    db.session.commit()
    refused = client.hx_post(edit_url(plan), data={**drawn(client, plan), "points_possible": "6"})
    assert refused.status_code == 422 and starts_with_element(text(refused), "form", "assessment-edit-form")
    said = field_errors(text(refused), "points_possible")
    assert "2 scores recorded for Quiz 1 are above 6 points" in said and a.name in said and b.name in said
    assert "Keep at least 9 points possible" in said
    assert refused.headers.get("HX-Redirect") is None
    db.session.refresh(plan.quiz)
    assert plan.quiz.points_possible == 10


def test_bad_assessment_input_is_refused_next_to_its_field(client, plan):
    sent = drawn(client, plan)
    cases = [
        ({"name": "  "}, "name"),
        ({"assessment_type": "essay"}, "assessment_type"),
        ({"points_possible": "0"}, "points_possible"),
        ({"points_possible": "lots"}, "points_possible"),
        ({"points_possible": "1e400"}, "points_possible"),
        ({"due_on": "2026-02-31"}, "due_on"),
    ]
    for change, name in cases:
        refused = client.post(edit_url(plan), data={**sent, **change})
        assert refused.status_code == 422 and "<html" in text(refused), change
        assert field_errors(text(refused), name), change
    db.session.refresh(plan.quiz)
    assert plan.quiz.version == 1


def test_a_stale_assessment_edit_shows_theirs_and_yours(client, plan):
    sent = drawn(client, plan)
    assert client.post(edit_url(plan), data={**sent, "points_possible": "12"}).status_code == 303
    stale = client.post(edit_url(plan), data={**sent, "points_possible": "20"})
    assert stale.status_code == 422 and "Someone else changed this record" in text(stale)
    conflict = text_of(element(text(stale), "points_possible-conflict"))
    assert "Theirs (stored now) 12" in conflict and "Yours 20" in conflict


def test_staff_edit_any_assessment_other_instructors_get_403(client, plan, login_as):
    login_as("instructor")
    assert client.get(edit_url(plan)).status_code == 403
    assert client.post(edit_url(plan), data={**form_values_of(plan), "name": "Mine"}).status_code == 403
    login_as("staff")
    assert client.post(edit_url(plan), data={**form_values_of(plan), "name": "Staff's"}).status_code == 303
    db.session.refresh(plan.quiz)
    assert plan.quiz.name == "Staff's"


def form_values_of(plan):
    q = plan.quiz
    return {"name": q.name, "assessment_type": q.assessment_type, "points_possible": "10", "version": str(q.version)}


def test_an_assessment_of_another_offering_or_a_junk_id_is_404(client, plan, login_as):
    other = make_cohort(user("staff"))
    elsewhere = f"/training/courses/{plan.course.id}/cohorts/{other.id}/assessments/{plan.quiz.id}/edit"
    assert client.get(elsewhere).status_code == 403  # the teacher does not teach that cohort
    login_as("staff")
    assert client.get(elsewhere).status_code == 404  # staff may, but the quiz is not that offering's
    base = f"/training/courses/{plan.course.id}/cohorts/{plan.cohort.id}/assessments"
    for bad in ("99999999", "abc", "0"):
        assert client.get(f"{base}/{bad}/edit").status_code == 404, bad
    assert client.get(f"/training/courses/99999999/cohorts/{plan.cohort.id}/assessments/1/edit").status_code == 404
