"""Courses, cohorts, weights, whole-cohort enrolment and the schedule: pages, forms, lists and CSV."""

import csv
import io
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from hallweb.extensions import db
from hallweb.training.models import ClassSession, Course, Enrollment
from tests.factories import user
from tests.html import row_ids, starts_with_element
from tests.training_factories import course, make_cohort, make_student
from tests.web.helpers import text


@pytest.fixture
def staff(app, login_as):
    return login_as("staff")


def test_the_catalogue_lists_searches_and_downloads_the_courses(client, staff):
    page = text(client.get("/training/courses/"))
    assert len(row_ids(page, "course")) == 5
    found = client.hx_get("/training/courses/?q=ma")
    assert starts_with_element(text(found), "section", "course-table")
    assert row_ids(text(found), "course") == [course("MATH-100").id]
    rows = list(csv.reader(io.StringIO(text(client.get("/training/courses/export.csv")))))
    assert [r[0] for r in rows[1:]] == ["ELEC-101", "MATH-100", "READ-101", "SAFE-101", "TOOL-101"]


def test_a_cohort_needs_a_unique_name_and_dates_in_order(client, staff):
    made = client.post(
        "/training/cohorts/new", data={"name": "2027-Fall", "start_date": "2027-09-01", "end_date": "2027-12-20"}
    )
    assert made.status_code == 303
    again = client.hx_post(
        "/training/cohorts/new", data={"name": "2027-Fall", "start_date": "2027-09-01", "end_date": "2027-12-20"}
    )
    assert again.status_code == 422 and starts_with_element(text(again), "form", "cohort-form")
    assert "There is a cohort of this name already" in text(again)
    backwards = client.post(
        "/training/cohorts/new", data={"name": "X", "start_date": "2027-09-01", "end_date": "2027-01-01"}
    )
    assert backwards.status_code == 422 and "ends on or after" in text(backwards)


def test_a_course_is_added_edited_and_a_stale_edit_refused(client, staff):
    data = {
        "code": "weld-110",
        "title": "Welding",
        "course_type": "elective",
        "hours": "24",
        "credits": "1",
        "pass_mark": "70",
    }
    assert client.post("/training/courses/new", data=data).status_code == 303
    weld = db.session.scalar(select(Course).where(Course.code == "WELD-110"))
    version = weld.version
    edited = client.post(
        f"/training/courses/{weld.id}/edit", data={**data, "title": "Welding basics", "version": version}
    )
    assert edited.status_code == 303
    stale = client.post(f"/training/courses/{weld.id}/edit", data={**data, "title": "Other", "version": version})
    assert stale.status_code == 422 and "Someone else changed this record" in text(stale)
    taken = client.post("/training/courses/new", data={**data, "code": "ELEC-101"})
    assert taken.status_code == 422 and "Another course already has this code" in text(taken)
    unversioned = client.post(f"/training/courses/{weld.id}/edit", data={**data, "title": "Blind"})
    assert unversioned.status_code == 422 and "sent without the version" in text(unversioned)
    db.session.refresh(weld)
    assert weld.title == "Welding basics"


def test_an_archived_course_leaves_the_catalogue_and_only_an_admin_restores_it(client, staff, login_as):
    c = course("READ-101")
    assert client.post(f"/training/courses/{c.id}/archive").status_code == 303
    assert c.id not in row_ids(text(client.get("/training/courses/")), "course")
    assert c.id in row_ids(text(client.get("/training/courses/?archived=only")), "course")
    assert client.post(f"/training/courses/{c.id}/restore").status_code == 403
    login_as("admin")
    assert client.post(f"/training/courses/{c.id}/restore").status_code == 303


def test_weights_that_do_not_total_100_are_refused(client, staff):
    c = course("MATH-100")
    bad = client.hx_post(f"/training/courses/{c.id}/weights", data={"quiz": "30", "exam": "60", "version": c.version})
    assert bad.status_code == 422 and "The weights must total 100; these total 90" in text(bad)
    assert starts_with_element(text(bad), "form", "weights-form")
    good = client.post(f"/training/courses/{c.id}/weights", data={"quiz": "40", "exam": "60", "version": c.version})
    assert good.status_code == 303
    assert "Exam 60%, Quiz 40%" in text(client.get(f"/training/courses/{c.id}"))


def test_a_whole_cohort_is_enrolled_in_one_step(client, staff):
    cohort = make_cohort(staff)
    for _ in range(3):
        make_student(staff, cohort)
    c = course("SAFE-101")
    answer = client.post(
        f"/training/courses/{c.id}/enroll-cohort", data={"cohort_id": cohort.id, "enrolled_on": "2026-01-05"}
    )
    assert answer.status_code == 303
    assert db.session.scalar(select(func.count(Enrollment.id)).where(Enrollment.cohort_id == cohort.id)) == 3


def test_a_weekly_series_is_scheduled_and_listed_with_filters_and_csv(client, staff):
    teacher = user("instructor", first_name="Ida", last_name="Teach")
    cohort = make_cohort(staff)
    c = course("TOOL-101")
    data = {
        "course_id": c.id, "cohort_id": cohort.id, "instructor_id": teacher.id, "first_date": "2026-02-03",
        "starts_at": "18:00", "ends_at": "21:00", "location": "Shop", "weeks": "3",
    }  # fmt: skip
    assert client.post("/training/sessions/new", data=data).status_code == 303
    held = db.session.scalars(
        select(ClassSession.held_on).where(ClassSession.cohort_id == cohort.id).order_by(ClassSession.held_on)
    )
    assert list(held) == [date(2026, 2, 3), date(2026, 2, 10), date(2026, 2, 17)]
    listed = text(client.get(f"/training/sessions/?cohort={cohort.id}&since=2026-02-05"))
    assert len(row_ids(listed, "session")) == 2
    rows = list(csv.reader(io.StringIO(text(client.get(f"/training/sessions/export.csv?cohort={cohort.id}")))))
    assert rows[1][:5] == ["2026-02-03", "18:00", "21:00", "3.00", "TOOL-101"]
    refused = client.post("/training/sessions/new", data={**data, "instructor_id": staff.id})
    assert refused.status_code == 422 and "Choose an instructor" in text(refused)


def test_instructors_read_but_do_not_manage_the_catalogue(client, login_as, app):
    login_as("instructor")
    assert client.get("/training/courses/").status_code == 200
    assert client.post("/training/cohorts/new", data={"name": "X"}).status_code == 403
    assert client.get("/training/sessions/new").status_code == 403


def test_the_sessions_list_pages_by_cursor(client, staff):
    from datetime import time

    from hallweb.training.services.schedule import schedule_sessions

    teacher = user("instructor")
    cohort = make_cohort(staff, start=date(2026, 1, 1), end=date(2027, 12, 31))
    for code in ("ELEC-101", "MATH-100"):
        schedule_sessions(
            actor=staff, course=course(code), cohort=cohort, instructor=teacher, first_date=date(2026, 1, 5),
            starts_at=time(18), ends_at=time(21), weeks=30,
        )  # fmt: skip
    db.session.commit()
    first = text(client.get(f"/training/sessions/?cohort={cohort.id}"))
    assert len(row_ids(first, "session")) == 50
    after = re.search(r'href="([^"]*after=[^"]*)"', first).group(1).replace("&amp;", "&")
    second = text(client.get(after))
    assert len(row_ids(second, "session")) == 10
    assert not set(row_ids(first, "session")) & set(row_ids(second, "session"))
    last = text(client.get(f"/training/sessions/?cohort={cohort.id}&last=1"))
    assert row_ids(last, "session")[-10:] == row_ids(second, "session")  # the last 50, ending where Next did
