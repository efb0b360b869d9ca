"""An instructor takes a session's attendance and enters a column of grades from the keyboard; a stale second
edit of a grade is refused showing what is stored and who stored it."""

from datetime import time, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from hallweb.auth.accounts import create_user
from hallweb.auth.models import User
from hallweb.extensions import db
from hallweb.hall_clock import hall_today
from hallweb.training.models import Attendance, Grade, Student
from hallweb.training.services.catalogue import create_cohort, create_course
from hallweb.training.services.grades import add_assessment, save_grade
from hallweb.training.services.schedule import schedule_sessions
from hallweb.training.services.students import create_student, enroll_cohort
from tests.browser.conftest import PASSWORD, check_accessibility, sign_in
from tests.factories import make_member

pytestmark = pytest.mark.browser


@pytest.fixture
def classroom(live_server):
    """An instructor teaching tonight's session of a course to three students, with one quiz to grade."""
    with live_server.app.test_request_context():
        staff = create_user(
            actor=None,
            email="olga@example.org",
            first_name="Olga",
            last_name="Office",
            roles=["staff"],
            password=PASSWORD,
        )
        teacher = create_user(
            actor=None,
            email="ida@example.org",
            first_name="Ida",
            last_name="Teach",
            roles=["instructor"],
            password=PASSWORD,
        )
        today = hall_today()
        course = create_course(
            actor=staff, code="ELEC-101", title="Electrical Fundamentals", course_type="core",
            hours=Decimal(80), credits=3, pass_mark=Decimal(70),
        )  # fmt: skip
        cohort = create_cohort(
            actor=staff, name="2026-Spring", start_date=today - timedelta(days=30), end_date=today + timedelta(days=60)
        )
        students = [
            create_student(actor=staff, member=make_member(first_name=first, last_name=last), cohort=cohort, year=2026)
            for first, last in (("Ana", "Adams"), ("Ben", "Brown"), ("Cy", "Clark"))
        ]
        enroll_cohort(actor=staff, course=course, cohort=cohort, on=today - timedelta(days=30))
        (session,) = schedule_sessions(
            actor=staff, course=course, cohort=cohort, instructor=teacher, first_date=today,
            starts_at=time(18), ends_at=time(21), location="Hall B",
        )  # fmt: skip
        quiz = add_assessment(
            actor=staff, course=course, cohort=cohort, name="Quiz 1", assessment_type="quiz",
            points_possible=Decimal(10), due_on=None,
        )  # fmt: skip
        db.session.commit()
        return {
            "staff": staff.id,
            "session": session.id,
            "quiz": quiz.id,
            "students": [s.id for s in students],
        }


def stored_marks(app, session_id):
    with app.app_context():
        rows = db.session.execute(
            select(Attendance.student_id, Attendance.status, Attendance.arrived_at).where(
                Attendance.session_id == session_id
            )
        )
        return {r.student_id: (r.status, r.arrived_at) for r in rows}


def stored_grades(app, quiz_id):
    with app.app_context():
        rows = db.session.execute(
            select(Grade.student_id, Grade.points, Grade.excused).where(Grade.assessment_id == quiz_id)
        )
        return {r.student_id: (r.points, r.excused) for r in rows}


def test_an_instructor_takes_attendance_and_grades_a_column_from_the_keyboard(page, live_server, classroom):
    ana, ben, cy = classroom["students"]
    sign_in(page, "ida@example.org")
    page.get_by_role("link", name="Take attendance").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Attendance: ELEC-101")
    summary = page.locator("#attendance-summary")
    expect(summary).to_contain_text("3 not marked")
    page.wait_for_load_state()

    # Ana: L for late; the row asks for the arrival time, which saves it.
    page.locator(f"#attendance-row-{ana} input[type=radio]").first.focus()
    page.keyboard.press("l")
    arrived = page.locator(f"#attendance-row-{ana} input[type=time]").first
    expect(arrived).to_be_focused()
    expect(page.locator(f"#attendance-row-{ana}")).to_contain_text("Give the time the student arrived")
    arrived.fill("18:20")
    expect(page.locator(f"#attendance-row-{ana}")).to_contain_text("Saved. Late, marked by Ida Teach")
    # Ben: down a row, A for absent.
    page.locator(f"#attendance-row-{ana} input[type=radio]:checked").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("a")
    expect(page.locator(f"#attendance-row-{ben}")).to_contain_text("Saved. Absent, marked by Ida Teach")
    expect(summary).to_contain_text("1 absent")
    # The rest (Cy) present in one click.
    page.get_by_role("button", name="Mark the rest present").click()
    expect(page.locator(f"#attendance-row-{cy}")).to_contain_text("Present, marked by Ida Teach")
    expect(summary).to_contain_text("0 not marked")
    check_accessibility(page)
    assert stored_marks(live_server.app, classroom["session"]) == {
        ana: ("late", time(18, 20)),
        ben: ("absent", None),
        cy: ("present", None),
    }

    # The gradebook: type, Enter, type, Enter ... down the Quiz 1 column.
    page.get_by_role("link", name="My sessions").click()
    page.get_by_role("link", name="Gradebook").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gradebook: ELEC-101")
    page.wait_for_load_state()
    quiz = classroom["quiz"]
    first = page.locator(f"#grade-{quiz}-{ana} .grade-input")
    first.focus()
    for typed in ("8", "9.5", "EX"):
        page.keyboard.type(typed)
        page.keyboard.press("Enter")
    for student in (ana, ben, cy):
        expect(page.locator(f"#grade-{quiz}-{student}")).to_contain_text("Saved")
    expect(page.locator(f"#standing-{ana}-letter")).to_have_text("B")
    expect(page.locator(f"#standing-{ana}-grade")).to_have_text("80.00%")
    expect(page.locator(f"#standing-{ben}-letter")).to_have_text("A")
    expect(page.locator(f"#standing-{cy}-letter")).to_have_text("—")  # excused: no grade yet
    assert stored_grades(live_server.app, quiz) == {
        ana: (Decimal(8), False),
        ben: (Decimal("9.5"), False),
        cy: (None, True),
    }
    # A bad value is refused in its cell, with the reason.
    bad = page.locator(f"#grade-{quiz}-{ben} .grade-input")
    bad.fill("12")
    bad.press("Enter")
    expect(page.locator(f"#grade-{quiz}-{ben}")).to_contain_text("The most this assessment gives is 10")
    check_accessibility(page)

    # Someone in the office changes Ana's grade meanwhile; the instructor's edit from the old value is refused.
    with live_server.app.test_request_context():
        from hallweb.auth.models import User
        from hallweb.training.models import Assessment

        staff = db.session.get(User, classroom["staff"])
        stored = db.session.scalar(select(Grade).where(Grade.assessment_id == quiz, Grade.student_id == ana))
        save_grade(db.session.get(Assessment, quiz), ana, "4", actor=staff, expected_version=stored.version)
        db.session.commit()
    cell = page.locator(f"#grade-{quiz}-{ana}")
    cell.locator(".grade-input").fill("7")
    cell.locator(".grade-input").press("Enter")
    expect(cell).to_contain_text("Changed meanwhile by Olga Office: now 4")
    expect(cell.locator(".grade-input")).to_have_value("4")
    expect(page.locator(f"#standing-{ana}-letter")).to_have_text("F below pass")
    assert stored_grades(live_server.app, quiz)[ana] == (Decimal(4), False)


def test_staff_run_a_cohort_to_the_transcript_and_an_outsider_verifies_it(page, live_server, hall):
    from hallweb.members.models import Member

    with live_server.app.test_request_context():
        admin = db.session.get(User, hall["admin"])
        create_course(
            actor=admin, code="SAFE-101", title="Construction Safety", course_type="core",
            hours=Decimal(16), credits=1, pass_mark=Decimal(70),
        )  # fmt: skip
        create_user(
            actor=None,
            email="ida@example.org",
            first_name="Ida",
            last_name="Teach",
            roles=["instructor"],
            password=PASSWORD,
        )
        db.session.commit()
    sign_in(page, "admin@example.org")
    page.goto("/training/courses/")
    check_accessibility(page)
    form = page.locator("#cohort-form")
    form.get_by_label("Name").fill("2026-Spring")
    form.get_by_label("Starts").fill("2026-01-05")
    form.get_by_label("Ends").fill("2026-06-30")
    form.get_by_role("button", name="Add cohort").click()
    expect(page.get_by_text("Cohort 2026-Spring added.")).to_be_visible()

    page.goto("/training/students/new")
    page.get_by_label("Member's card number").fill("C00001")
    page.get_by_label("Cohort").select_option(label="2026-Spring")
    page.get_by_role("button", name="Add student").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rosa Parks")
    check_accessibility(page)

    page.goto("/training/courses/")
    page.get_by_role("link", name="SAFE-101").click()
    enrol = page.locator("#enroll-cohort-form")
    enrol.get_by_label("Cohort").select_option(label="2026-Spring")
    enrol.get_by_label("Enrolled on").fill("2026-01-05")
    enrol.get_by_role("button", name="Enrol the whole cohort").click()
    expect(page.get_by_text("1 students of 2026-Spring enrolled in SAFE-101.")).to_be_visible()
    check_accessibility(page)

    page.goto("/training/sessions/new")
    page.get_by_label("Instructor").select_option(label="Ida Teach")
    page.get_by_label("Date (the first, for a series)").fill("2026-01-10")
    page.get_by_label("Starts").fill("08:00")
    page.get_by_label("Ends").fill("12:00")
    page.get_by_label("Weeks").fill("4")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text("4 sessions scheduled.")).to_be_visible()
    expect(page.locator("#session-table tbody tr")).to_have_count(4)
    check_accessibility(page)

    # The gradebook: an assessment, a grade, and the course closed with final grades.
    page.goto("/training/courses/")
    page.get_by_role("link", name="SAFE-101").click()
    page.get_by_role("link", name="gradebook").click()
    add = page.locator("#assessment-form")
    add.get_by_label("Name").fill("Final exam")
    add.get_by_label("Type").select_option(label="Final")
    add.get_by_label("Points possible").fill("100")
    add.get_by_role("button", name="Add assessment").click()
    expect(page.get_by_text("Final exam added.")).to_be_visible()
    page.wait_for_load_state()  # htmx (deferred) wires the cells once the page has loaded
    cell = page.locator(".grade-input").first
    cell.fill("88")
    cell.press("Enter")
    expect(page.locator(".grade-cell").first).to_contain_text("Saved")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Record final grades").click()
    expect(page.get_by_text("Final grades recorded for 1 student.")).to_be_visible()

    # Rosa (the member, signed in as herself) prints her transcript with a code.
    with live_server.app.app_context():
        rosa = db.session.get(Member, hall["member"])
        student_page = f"/training/students/{db.session.scalar(select(Student.id).where(Student.member_id == rosa.id))}"
    page.context.clear_cookies()
    sign_in(page, "rosa@example.org")
    page.goto("/me/")
    page.get_by_role("link", name="My training record").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rosa Parks")
    expect(page.locator("main")).to_contain_text("88.00%")
    check_accessibility(page)
    page.get_by_role("link", name="Open the printable transcript").click()
    page.get_by_role("button", name="Print with a verification code").click()
    code = page.locator(".code").inner_text()
    expect(page.locator("#transcript")).to_contain_text("SAFE-101")
    check_accessibility(page)
    assert page.url.endswith(student_page + "/transcript")

    # An employer, not signed in, checks the code.
    page.context.clear_cookies()
    page.goto("/training/verify")
    page.get_by_label("Verification code").fill(code)
    page.get_by_role("button", name="Check").click()
    verified = page.locator("#verified")
    expect(verified).to_contain_text("Rosa Parks")
    expect(verified).to_contain_text("01/05/2026 to 06/30/2026")
    expect(verified).not_to_contain_text("88")
    check_accessibility(page)


def test_training_pages_fit_a_phone_and_pass_axe(page, live_server, classroom):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "olga@example.org")
    with live_server.app.app_context():
        from hallweb.training.models import Assessment

        course_id, cohort_id = db.session.execute(
            select(Assessment.course_id, Assessment.cohort_id).where(Assessment.id == classroom["quiz"])
        ).one()
    ana = classroom["students"][0]
    for path in [
        "/training/my-sessions",
        f"/training/sessions/{classroom['session']}/attendance",
        f"/training/courses/{course_id}/cohorts/{cohort_id}/gradebook",
        "/training/students/",
        f"/training/students/{ana}",
        f"/training/students/{ana}/transcript",
        "/training/courses/",
        f"/training/courses/{course_id}",
        "/training/sessions/",
        "/training/sessions/new",
        f"/training/sessions/{classroom['session']}/edit",
        f"/training/cohorts/{cohort_id}/edit",
        f"/training/courses/{course_id}/cohorts/{cohort_id}/assessments/{classroom['quiz']}/edit",
        "/training/students/new",
        "/training/verify",
    ]:
        assert page.goto(path).status == 200, path
        page.wait_for_load_state()
        wider = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert wider <= 0, f"{path} scrolls sideways by {wider} px"
        check_accessibility(page)
