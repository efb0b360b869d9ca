"""Students: list, filters and CSV, adding one, the student page (grades, attendance, policy, at risk), the
transcript and its public verification, the member page's panel, My record, who may see what."""

import csv
import io
import re
from datetime import date, time
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from hallweb.extensions import db
from hallweb.members.services import link_user
from hallweb.training.models import Enrollment
from hallweb.training.services.attendance import mark_attendance
from hallweb.training.services.grades import add_assessment, save_grade
from hallweb.training.services.transcripts import code_hash
from tests.factories import make_member, user
from tests.html import element, row_ids, text_of
from tests.training_factories import make_cohort, make_student, offering
from tests.web.helpers import text


@pytest.fixture
def plan(app):
    staff, teacher = user("staff"), user("instructor")
    made = offering(staff, teacher, students=2, sessions=4, first=date(2026, 1, 6))
    a, b = made.students
    for session, status in zip(made.sessions[:3], ("present", "absent", "absent"), strict=True):
        mark_attendance(session, a.id, actor=teacher, status=status, expected_version=0)
    mark_attendance(made.sessions[0], b.id, actor=teacher, status="late", arrived_at=time(19), expected_version=0)
    quiz = add_assessment(
        actor=teacher, course=made.course, cohort=made.cohort, name="Quiz 1", assessment_type="quiz",
        points_possible=D(10), due_on=date(2026, 1, 10),
    )  # fmt: skip
    save_grade(quiz, a.id, "7.5", actor=teacher, expected_version=0)
    db.session.commit()
    made.staff, made.teacher = staff, teacher
    return made


def test_the_student_page_states_grades_attendance_policy_and_risk(client, login_as, plan):
    login_as("staff")
    a = plan.students[0]
    page = text(client.get(f"/training/students/{a.id}"))
    assert a.number in page
    enrollment = db.session.scalar(select(Enrollment.id).where(Enrollment.student_id == a.id))
    row = text_of(element(page, f"course-record-{enrollment}"))
    assert "75.00%" in row and "C" in row
    assert "33.33%" in row and "at risk" in row  # 1 of 3 held sessions attended (sessions are in the past)
    assert "Attendance policy" in page and "below 80% after 3 sessions" in page
    assert "3 of 80" in row  # the one session present: its 3 hours


def test_contact_hours_follow_arrival_times(client, login_as, plan):
    login_as("staff")
    b = plan.students[1]
    page = text(client.get(f"/training/students/{b.id}"))
    assert "2 of 80" in page  # late at 19:00 to a session ending 21:00


def test_the_list_searches_filters_and_downloads(client, login_as, plan):
    login_as("staff")
    other = make_student(plan.staff, make_cohort(plan.staff), last_name="Zephyr")
    listed = text(client.get("/training/students/"))
    assert set(row_ids(listed, "student")) >= {s.id for s in plan.students} | {other.id}
    found = client.hx_get("/training/students/?q=zeph")
    assert "<html" not in text(found) and row_ids(text(found), "student") == [other.id]
    by_cohort = text(client.get(f"/training/students/?cohort={plan.cohort.id}"))
    assert sorted(row_ids(by_cohort, "student")) == sorted(s.id for s in plan.students)
    rows = list(csv.reader(io.StringIO(text(client.get(f"/training/students/export.csv?cohort={plan.cohort.id}")))))
    assert rows[0][0] == "number" and len(rows) == 3


def test_adding_a_student_by_card_number(client, login_as, app):
    login_as("staff")
    member = make_member(card_number="Z424242")
    made = client.post("/training/students/new", data={"card_number": "Z424242", "cohort_id": "", "status": "enrolled"})
    assert made.status_code == 303
    assert re.search(r"is student \d{4}-\d{4}", text(client.get(made.headers["Location"])))
    again = client.post("/training/students/new", data={"card_number": "Z424242", "status": "enrolled"})
    assert again.status_code == 422 and f"{member.full_name} is a student already" in text(again)
    unknown = client.post("/training/students/new", data={"card_number": "NOPE", "status": "enrolled"})
    assert unknown.status_code == 422 and "No member has this card number" in text(unknown)


def test_a_transcript_code_is_shown_once_stored_hashed_and_verified_publicly(client, login_as, plan):
    login_as("staff")
    a = plan.students[0]
    printed = text(client.post(f"/training/students/{a.id}/transcript"))
    code = re.search(r'class="code">([A-Z0-9-]+)<', printed).group(1)
    from hallweb.training.models import TranscriptCode

    stored = db.session.query(TranscriptCode.code_hash).all()
    assert stored == [(code_hash(code),)] and code not in str(stored)
    assert code not in text(client.get(f"/training/students/{a.id}/transcript"))  # shown only once
    client.post("/auth/logout")
    answer = client.post("/training/verify", data={"code": code.lower().replace("-", " ")})
    verified = text_of(element(text(answer), "verified"))
    assert a.name in verified and plan.cohort.name in verified and "Enrolled" in verified
    assert a.number not in verified and "75" not in verified  # name, dates and outcome only
    wrong = client.post("/training/verify", data={"code": "AAAAA-AAAAA-AAAAA-AAAAA"})
    assert wrong.status_code == 422 and "No transcript has this code" in text(wrong)


def test_a_member_reads_their_own_record_and_not_anothers(client, login_as, plan):
    a, b = plan.students
    me = login_as("member")
    link_user(a.member, actor=plan.staff, user=me)
    db.session.commit()
    mine = client.get("/training/my-record")
    assert mine.status_code == 303 and mine.headers["Location"].endswith(f"/training/students/{a.id}")
    assert client.get(f"/training/students/{a.id}").status_code == 200
    assert client.get(f"/training/students/{a.id}/transcript").status_code == 200
    assert client.get(f"/training/students/{b.id}").status_code == 404
    assert client.get(f"/training/students/{b.id}/transcript").status_code == 404
    assert client.post(f"/training/students/{b.id}/transcript").status_code == 404
    assert client.get("/training/students/").status_code == 403


def test_the_member_page_has_a_training_panel(client, login_as, plan):
    login_as("staff")
    a = plan.students[0]
    page = text(client.get(f"/members/{a.member_id}"))
    frame = element(page, f"member-{a.member_id}-training")
    assert f'hx-get="/training/members/{a.member_id}"' in frame  # loaded as the page opens
    loaded = client.hx_get(f"/training/members/{a.member_id}")
    assert "<html" not in text(loaded)
    panel = text_of(element(text(loaded), f"member-{a.member_id}-training"))
    assert f"Student {a.number}" in panel and "at risk" in panel
    not_student = make_member()
    whole = text(client.get(f"/training/members/{not_student.id}"))
    assert "<html" in whole
    assert "Not a pre-apprenticeship student" in text_of(element(whole, f"member-{not_student.id}-training"))


def test_my_sessions_lists_the_sessions_to_take(client, plan, login_as):
    from tests.factories import PASSWORD

    client.post("/auth/login", data={"email": plan.teacher.email, "password": PASSWORD})
    page = text(client.get("/training/my-sessions"))
    to_take = element(page, "my-sessions")
    assert f"my-session-{plan.sessions[3].id}" in to_take  # held, nobody marked it
    assert f"my-session-{plan.sessions[0].id}" not in to_take
    home = text(client.get("/"))
    assert f"my-session-{plan.sessions[3].id}" in element(home, "home-instructor")


def test_the_student_page_and_transcript_show_the_members_certifications(client, login_as, plan):
    from hallweb.certifications.services import record_certification

    login_as("staff")
    a = plan.students[0]
    record_certification(
        a.member, actor=plan.staff, type="cpr", issue_date=date(2026, 1, 2), certificate_number="CPR-77"
    )
    db.session.commit()
    for url in (f"/training/students/{a.id}", f"/training/students/{a.id}/transcript"):
        shown = text_of(element(text(client.get(url)), f"student-{a.id}-certifications"))
        assert "CPR-77" in shown and "01/02/2026" in shown


def test_staff_edit_a_students_status_stale_edits_are_refused_and_archive_hides_them(client, login_as, plan):
    login_as("staff")
    a = plan.students[0]
    version = a.version
    saved = client.post(
        f"/training/students/{a.id}/edit", data={"status": "on_leave", "cohort_id": plan.cohort.id, "version": version}
    )
    assert saved.status_code == 303
    stale = client.post(
        f"/training/students/{a.id}/edit", data={"status": "dropped", "cohort_id": plan.cohort.id, "version": version}
    )
    assert stale.status_code == 422 and "Someone else changed this record" in text(stale)
    unversioned = client.post(
        f"/training/students/{a.id}/edit", data={"status": "dropped", "cohort_id": plan.cohort.id}
    )
    assert unversioned.status_code == 422 and "sent without the version" in text(unversioned)
    assert "Status changed from Enrolled to On leave" in text(client.get(f"/training/students/{a.id}"))
    assert client.post(f"/training/students/{a.id}/archive").status_code == 303
    assert a.id not in row_ids(text(client.get("/training/students/")), "student")
    refused = client.post(
        f"/training/students/{a.id}/edit",
        data={"status": "enrolled", "cohort_id": plan.cohort.id, "version": a.version},
    )
    assert refused.status_code == 422 and "archived" in text(refused)


def test_the_students_list_pages_by_cursor(client, login_as, app):
    staff = login_as("staff")
    cohort = make_cohort(staff)
    for i in range(55):
        make_student(staff, cohort, last_name=f"Pager{i:03d}")
    first = text(client.get(f"/training/students/?cohort={cohort.id}"))
    assert len(row_ids(first, "student")) == 50
    after = re.search(r'href="([^"]*after=[^"]*)"', first).group(1).replace("&amp;", "&")
    second = text(client.get(after))
    assert len(row_ids(second, "student")) == 5
    backwards = text(client.get(f"/training/students/?cohort={cohort.id}&sort=-name"))
    assert row_ids(backwards, "student")[:5] == list(reversed(row_ids(second, "student")))
