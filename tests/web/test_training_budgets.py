"""Query budgets of the training grids: the roster, the gradebook, a cell or row save, the student page and
My sessions send the same number of statements with 3 students or 30, 2 sessions or 20, 1 assessment or 20."""

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from hallweb.extensions import db
from hallweb.training.models import Assessment, Attendance
from hallweb.training.services.attendance import mark_rest_present
from hallweb.training.services.grades import add_assessment, save_grade
from hallweb.training.services.schedule import schedule_sessions
from hallweb.training.services.students import create_student, enroll_cohort
from tests.factories import PASSWORD, make_member, user
from tests.support import counted_statements
from tests.training_factories import offering
from tests.web.helpers import text


def count(client, method, url, **kw):
    with counted_statements() as statements:
        response = getattr(client, method)(url, headers={"HX-Request": "true"}, **kw)
        assert response.status_code in (200, 303), (url, response.status_code, text(response)[:500])
    return len(list(statements))


def grow(plan, students, sessions, assessments):
    for _ in range(students):
        create_student(actor=plan.staff, member=make_member(), cohort=plan.cohort, year=2026)
    enroll_cohort(actor=plan.staff, course=plan.course, cohort=plan.cohort, on=date(2026, 1, 5))
    if sessions:
        plan.sessions += schedule_sessions(
            actor=plan.staff, course=plan.course, cohort=plan.cohort, instructor=plan.teacher,
            first_date=date(2026, 2, 3), starts_at=plan.sessions[0].starts_at, ends_at=plan.sessions[0].ends_at,
            weeks=sessions,
        )  # fmt: skip
    for i in range(assessments):
        a = add_assessment(
            actor=plan.staff, course=plan.course, cohort=plan.cohort, name=f"Quiz {i + 2}", assessment_type="quiz",
            points_possible=D(10), due_on=date(2026, 1, 20),
        )  # fmt: skip
        for s in plan.students:
            save_grade(a, s.id, "7", actor=plan.teacher, expected_version=0)
    for s in plan.sessions:
        mark_rest_present(s, actor=plan.teacher)
    db.session.commit()


@pytest.fixture
def plan(app, client):
    staff, teacher = user("staff"), user("instructor")
    made = offering(staff, teacher, students=3, sessions=2)
    made.staff, made.teacher = staff, teacher
    made.quiz = add_assessment(
        actor=teacher, course=made.course, cohort=made.cohort, name="Quiz 1", assessment_type="quiz",
        points_possible=D(10), due_on=date(2026, 1, 20),
    )  # fmt: skip
    mark_rest_present(made.sessions[0], actor=teacher)
    db.session.commit()
    client.post("/auth/login", data={"email": teacher.email, "password": PASSWORD})
    return made


def measure(client, plan, a):
    s = plan.sessions[0]
    version = db.session.scalar(
        select(Attendance.version).where(Attendance.session_id == s.id, Attendance.student_id == a.id)
    )
    book = f"/training/courses/{plan.course.id}/cohorts/{plan.cohort.id}/gradebook"
    edit = f"/training/courses/{plan.course.id}/cohorts/{plan.cohort.id}/assessments/{plan.quiz.id}/edit"
    quiz = db.session.get(Assessment, plan.quiz.id)
    db.session.refresh(quiz)
    return {
        "roster": count(client, "get", f"/training/sessions/{s.id}/attendance"),
        "row save": count(
            client,
            "post",
            f"/training/sessions/{s.id}/attendance/{a.id}",
            data={f"status-{a.id}": "absent", f"version-{a.id}": str(version)},
        ),
        "gradebook": count(client, "get", book),
        "cell save": count(
            client,
            "post",
            f"{book}/{plan.quiz.id}/{a.id}",
            data={f"score-{plan.quiz.id}-{a.id}": "5", f"version-{plan.quiz.id}-{a.id}": "0"},
        ),
        "cell update": count(  # the same cell again, from the version the save gave: an UPDATE
            client,
            "post",
            f"{book}/{plan.quiz.id}/{a.id}",
            data={f"score-{plan.quiz.id}-{a.id}": "6", f"version-{plan.quiz.id}-{a.id}": "1"},
        ),
        "student page": count(client, "get", f"/training/students/{a.id}"),
        "my sessions": count(client, "get", "/training/my-sessions"),
        "assessment edit": count(client, "get", edit),
        "assessment save": count(  # points lowered: the scores above the new points are looked for
            client,
            "post",
            edit,
            data={
                "name": "Quiz 1",
                "assessment_type": "quiz",
                "points_possible": str(quiz.points_possible - 1),
                "version": str(quiz.version),
            },
        ),  # fmt: skip
    }


def test_no_grid_grows_with_students_sessions_or_assessments(client, plan):
    small = measure(client, plan, plan.students[0])
    grow(plan, students=27, sessions=18, assessments=19)
    large = measure(client, plan, plan.students[1])
    assert large == small
    db.session.refresh(plan.quiz)
    assert (plan.quiz.points_possible, plan.quiz.version) == (8, 3)  # both saves went through
    assert max(small.values()) <= 18, small


def test_a_grade_save_reads_its_reply_in_its_own_transaction(client, plan):
    """The saved cell and the student's totals are read before the commit, so the records the commit
    expires (course, cohort, assessment) are not loaded again to draw them."""
    a, quiz = plan.students[0], plan.quiz
    url = f"/training/courses/{plan.course.id}/cohorts/{plan.cohort.id}/gradebook/{quiz.id}/{a.id}"
    data = {f"score-{quiz.id}-{a.id}": "5", f"version-{quiz.id}-{a.id}": "0"}
    with counted_statements() as statements:
        response = client.post(url, data=data, headers={"HX-Request": "true"})
        assert response.status_code == 200, text(response)[:500]
    assert 'class="saved-note"' in text(response)
    sent = [" ".join(s.split()) for s in statements]
    for table in ("training_courses", "training_cohorts", "training_assessments"):
        loads = [s for s in sent if f"FROM {table} WHERE {table}.id = " in s]
        assert len(loads) == 1, (table, len(loads))
    wrote = next(i for i, s in enumerate(sent) if s.startswith("INSERT INTO training_grades"))
    assert any(s.startswith("SELECT") and "FROM training_grades" in s for s in sent[wrote:])  # the reply's row
