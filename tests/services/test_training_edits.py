"""Editing training records made once: a cohort, a class session, an assessment (rules, who may, stale edits)."""

from datetime import date, time
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from hallweb.audit.describe import describe
from hallweb.db.versioning import MissingVersion, StaleEdit
from hallweb.errors import Conflict, DomainError, NotAllowed
from hallweb.extensions import db
from hallweb.training.models import Attendance, Grade
from hallweb.training.services.attendance import mark_attendance
from hallweb.training.services.catalogue import archive_course, update_cohort
from hallweb.training.services.grades import add_assessment, save_grade, update_assessment
from hallweb.training.services.schedule import update_session
from tests.factories import user
from tests.support import audit_rows, only_audit_row
from tests.training_factories import make_cohort, offering

TODAY = date(2026, 3, 1)


# --- cohorts ----------------------------------------------------------------------------------------------------


def cohort_edit(cohort, actor, *, version=None, **changes):
    values = {"name": cohort.name, "start_date": cohort.start_date, "end_date": cohort.end_date, **changes}
    return update_cohort(cohort, actor=actor, expected_version=version or cohort.version, **values)


def test_a_cohort_is_renamed_and_its_dates_moved_with_an_audit_row(app):
    staff = user("staff")
    cohort = make_cohort(staff, name="2026-Spring")
    cohort_edit(cohort, staff, name=" 2026-Spring B ", end_date=date(2026, 7, 15))
    db.session.commit()
    assert (cohort.name, cohort.end_date, cohort.version) == ("2026-Spring B", date(2026, 7, 15), 2)
    row = only_audit_row(cohort, "training.cohort_updated")
    assert describe(row.action, row.changes, {}) == [
        "Cohort updated",
        "Name changed from 2026-Spring to 2026-Spring B",
        "End date changed from 06/30/2026 to 07/15/2026",
    ]


def test_a_cohort_name_stays_unique_and_its_end_is_not_before_its_start(app):
    staff = user("staff")
    make_cohort(staff, name="Taken")
    cohort = make_cohort(staff, name="Mine")
    with pytest.raises(Conflict, match="cohort of this name") as taken:
        cohort_edit(cohort, staff, name="Taken")
    assert taken.value.field == "name"
    with pytest.raises(DomainError, match="ends on or after") as backwards:
        cohort_edit(cohort, staff, end_date=date(2025, 12, 31))
    assert backwards.value.field == "end_date"
    cohort_edit(cohort, staff, name="Mine")  # its own name is no clash
    assert cohort.version == 1  # nothing changed, nothing bumped


def test_a_cohort_cannot_shrink_away_from_its_sessions(app):
    staff = user("staff")
    plan = offering(staff, user("instructor"), students=0, sessions=3)  # 01/06, 01/13, 01/20
    with pytest.raises(DomainError, match=r"2 of this cohort's sessions .*from 01/06/2026 to 01/13/2026") as err:
        cohort_edit(plan.cohort, staff, start_date=date(2026, 1, 15))
    assert err.value.field == "start_date"
    with pytest.raises(DomainError, match=r"1 of this cohort's sessions .*on 01/20/2026") as err:
        cohort_edit(plan.cohort, staff, end_date=date(2026, 1, 19))
    assert err.value.field == "end_date"
    cohort_edit(plan.cohort, staff, start_date=date(2026, 1, 6), end_date=date(2026, 1, 20))
    assert plan.cohort.version == 2


def test_only_staff_edit_a_cohort_and_a_stale_edit_names_what_changed(app):
    staff = user("staff")
    cohort = make_cohort(staff, name="Old")
    with pytest.raises(NotAllowed):
        cohort_edit(cohort, user("instructor"), name="New")
    cohort_edit(cohort, staff, name="New")
    with pytest.raises(StaleEdit) as stale:
        cohort_edit(cohort, staff, name="Other", version=1)
    assert stale.value.fields == ["name"] and stale.value.clashes == ["name"]
    with pytest.raises(MissingVersion):
        update_cohort(
            cohort, actor=staff, expected_version=None, name="X", start_date=cohort.start_date, end_date=cohort.end_date
        )


# --- class sessions ---------------------------------------------------------------------------------------------


@pytest.fixture
def plan(app):
    staff, teacher = user("staff"), user("instructor", first_name="Ida", last_name="Teach")
    made = offering(staff, teacher, students=2, sessions=2)
    made.staff, made.teacher = staff, teacher
    return made


def session_edit(plan, session=None, *, actor=None, version=None, **changes):
    s = session or plan.sessions[0]
    values = {
        "held_on": s.held_on,
        "starts_at": s.starts_at,
        "ends_at": s.ends_at,
        "instructor": s.instructor,
        "location": s.location,
        **changes,
    }
    return update_session(
        s, actor=actor or plan.staff, expected_version=s.version if version is None else version, today=TODAY, **values
    )


def test_a_session_is_corrected_and_the_change_audited(plan):
    other = user("instructor", first_name="Omar", last_name="Wire")
    s = plan.sessions[0]
    session_edit(plan, held_on=date(2026, 1, 7), starts_at=time(17, 30), instructor=other, location="  ")
    db.session.commit()
    assert (s.held_on, s.starts_at, s.location) == (date(2026, 1, 7), time(17, 30), None)
    assert s.instructor.last_name == "Wire"
    assert s.hours == D("3.5")  # derived from the new times
    row = only_audit_row(s, "training.session_updated")
    assert row.changes["starts_at"] == ["18:00", "17:30"]
    names = {("users", plan.teacher.id): "Ida Teach", ("users", other.id): "Omar Wire"}
    said = describe(row.action, row.changes, names)
    assert said == [
        "Class session updated",
        "Date changed from 01/06/2026 to 01/07/2026",
        "Starts changed from 18:00 to 17:30",
        "Instructor changed from Ida Teach to Omar Wire",
        "Location cleared (was Hall B)",
    ]


def test_a_session_ends_after_it_starts_within_its_cohort_and_is_taught_by_an_instructor(plan):
    with pytest.raises(DomainError, match="ends after it starts") as err:
        session_edit(plan, ends_at=time(18))
    assert err.value.field == "ends_at"
    with pytest.raises(DomainError, match="instructor role") as err:
        session_edit(plan, instructor=user("staff"))
    assert err.value.field == "instructor_id"
    with pytest.raises(DomainError, match="instructor role"):
        session_edit(plan, instructor=None)
    with pytest.raises(DomainError, match="within its cohort's dates") as err:
        session_edit(plan, held_on=date(2026, 7, 1))
    assert err.value.field == "held_on"
    assert plan.sessions[0].version == 1


def test_only_staff_edit_a_session_and_a_stale_edit_is_refused(plan):
    with pytest.raises(NotAllowed):
        session_edit(plan, actor=plan.teacher, location="Hall C")
    session_edit(plan, location="Hall C")
    with pytest.raises(StaleEdit) as stale:
        session_edit(plan, version=1, location="Hall D")
    assert stale.value.fields == ["location"]
    with pytest.raises(StaleEdit) as stale:
        session_edit(plan, version=1, starts_at=time(17))  # left the location as it was: only theirs changed
    assert stale.value.untouched == ["location"] and stale.value.clashes == []


def test_an_archived_course_has_its_sessions_read_only(plan):
    archive_course(plan.course, actor=plan.staff)
    with pytest.raises(DomainError, match="archived"):
        session_edit(plan, location="Hall C")


def mark(plan, student, status, **times):
    mark_attendance(plan.sessions[0], student.id, actor=plan.teacher, status=status, expected_version=0, **times)
    db.session.commit()


def test_a_session_with_attendance_keeps_its_marks_and_stays_one_they_fit(plan):
    a, b = plan.students
    mark(plan, a, "late", arrived_at=time(18, 40))
    mark(plan, b, "left_early", left_at=time(20, 30))
    with pytest.raises(DomainError, match=r"it was held: its date is 03/01/2026 or earlier") as err:
        session_edit(plan, held_on=date(2026, 3, 2))
    assert err.value.field == "held_on"
    with pytest.raises(DomainError, match=r"1 attendance mark records .* outside 6:45 PM–9:00 PM \(at 6:40 PM\)") as e:
        session_edit(plan, starts_at=time(18, 45))
    assert e.value.field == "starts_at"
    with pytest.raises(DomainError, match=r"2 attendance marks record .*\(at 6:40 PM, 8:30 PM\)") as e:
        session_edit(plan, starts_at=time(18, 50), ends_at=time(20))
    assert e.value.field == "starts_at"
    with pytest.raises(DomainError, match=r"outside 6:00 PM–8:00 PM \(at 8:30 PM\)") as e:
        session_edit(plan, ends_at=time(20))
    assert e.value.field == "ends_at"
    session_edit(plan, held_on=date(2026, 1, 8), starts_at=time(18, 30), ends_at=time(20, 30), location="Hall C")
    db.session.commit()
    marks = db.session.execute(
        select(Attendance.student_id, Attendance.status).where(Attendance.session_id == plan.sessions[0].id)
    ).all()
    assert sorted(marks) == sorted([(a.id, "late"), (b.id, "left_early")])
    assert plan.sessions[0].hours == 2


# --- assessments ------------------------------------------------------------------------------------------------


@pytest.fixture
def quiz(plan):
    made = add_assessment(
        actor=plan.teacher, course=plan.course, cohort=plan.cohort, name="Quiz 1", assessment_type="quiz",
        points_possible=D(10), due_on=date(2026, 1, 20),
    )  # fmt: skip
    db.session.commit()
    return made


def assessment_edit(quiz, actor, *, version=None, **changes):
    values = {
        "name": quiz.name,
        "assessment_type": quiz.assessment_type,
        "points_possible": quiz.points_possible,
        "due_on": quiz.due_on,
        **changes,
    }
    return update_assessment(quiz, actor=actor, expected_version=quiz.version if version is None else version, **values)


def test_the_courses_instructor_and_staff_edit_an_assessment_and_others_may_not(plan, quiz):
    assessment_edit(quiz, plan.teacher, name="Quiz 1 (retake)", assessment_type="exam", due_on=None)
    assessment_edit(quiz, plan.staff, points_possible=D(20))
    db.session.commit()
    assert (quiz.name, quiz.assessment_type, quiz.points_possible, quiz.due_on) == ("Quiz 1 (retake)", "exam", 20, None)
    with pytest.raises(NotAllowed, match="Only an instructor of this course"):
        assessment_edit(quiz, user("instructor"), name="Mine now")
    with pytest.raises(NotAllowed):
        assessment_edit(quiz, user("officer"), name="Mine now")
    with pytest.raises(DomainError, match="Choose a type") as err:
        assessment_edit(quiz, plan.staff, assessment_type="essay")
    assert err.value.field == "assessment_type"
    with pytest.raises(DomainError, match="more than 0") as err:
        assessment_edit(quiz, plan.staff, points_possible=D(0))
    assert err.value.field == "points_possible"
    rows = [r.changes for r in audit_rows(quiz, "training.assessment_updated")]
    assert rows[1] == {"points_possible": ["10.00", "20"], "version": [2, 3]}


def test_points_possible_never_drop_below_a_recorded_score(plan, quiz):
    a, b = plan.students
    save_grade(quiz, a.id, "9.5", actor=plan.teacher, expected_version=0)
    save_grade(quiz, b.id, "8", actor=plan.teacher, expected_version=0)
    db.session.commit()
    with pytest.raises(DomainError) as err:
        assessment_edit(quiz, plan.teacher, points_possible=D(7))
    assert err.value.field == "points_possible"
    assert "2 scores recorded for Quiz 1 are above 7 points" in err.value.message
    assert f"{a.name} 9.5, {b.name} 8" in err.value.message and "Keep at least 9.5 points possible" in err.value.message
    with pytest.raises(DomainError, match=r"1 score recorded for Quiz 1 is above 9 points"):
        assessment_edit(quiz, plan.teacher, points_possible=D(9))
    assessment_edit(quiz, plan.teacher, points_possible=D("9.5"))
    db.session.commit()
    assert quiz.points_possible == D("9.5")
    assert db.session.scalar(select(func.count(Grade.id)).where(Grade.assessment_id == quiz.id)) == 2


def test_a_stale_assessment_edit_is_refused_and_an_archived_course_is_read_only(plan, quiz):
    assessment_edit(quiz, plan.teacher, points_possible=D(12))
    with pytest.raises(StaleEdit) as stale:
        assessment_edit(quiz, plan.staff, version=1, points_possible=D(15))
    assert stale.value.clashes == ["points_possible"]
    archive_course(plan.course, actor=plan.staff)
    with pytest.raises(DomainError, match="archived"):
        assessment_edit(quiz, plan.staff, name="Other")
