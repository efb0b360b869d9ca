"""Grades: assessments of a course offering, and one student's result on one, saved cell by cell."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from hallweb.audit import services as audit
from hallweb.db.db_types import utcnow
from hallweb.db.versioning import apply_change, check_version, ensure_editable
from hallweb.errors import DomainError, NotFound
from hallweb.extensions import db
from hallweb.policies import ensure
from hallweb.training.grading import ASSESSMENT_TYPES, EXCUSED_MARK, BadScore, parse_score
from hallweb.training.models import Assessment, Cohort, Course, Enrollment, EnrollmentStatus, Grade, Student
from hallweb.training.policies import can_grade
from hallweb.training.services.cells import check_cell_version, insert_cell, update_cell

NOT_YOURS = "Only an instructor of this course (or office staff) grades it."


def add_assessment(
    *,
    actor,
    course: Course,
    cohort: Cohort,
    name: str,
    assessment_type: str,
    points_possible: Decimal,
    due_on: date | None,
) -> Assessment:
    """Something graded in the course taught to the cohort."""
    ensure(can_grade(actor, course.id, cohort.id), NOT_YOURS)
    ensure_editable(course)
    name = _checked(name, assessment_type, points_possible)
    assessment = Assessment(
        course_id=course.id,
        cohort_id=cohort.id,
        name=name,
        assessment_type=assessment_type,
        points_possible=points_possible,
        due_on=due_on,
    )
    db.session.add(assessment)
    db.session.flush()
    audit.record(
        actor,
        "training.assessment_added",
        assessment,
        {
            "name": [None, name],
            "assessment_type": [None, assessment_type],
            "points_possible": [None, points_possible],
            "due_on": [None, due_on],
            "course": course.code,
            "cohort": cohort.name,
        },
    )
    return assessment


def _checked(name: str, assessment_type: str, points_possible: Decimal | None) -> str:
    """The assessment's name, trimmed, once its name, type and points possible are sound."""
    name = (name or "").strip()
    if not name:
        raise DomainError("Give the assessment a name.", field="name")
    if assessment_type not in ASSESSMENT_TYPES:
        raise DomainError("Choose a type from the list.", field="assessment_type")
    if points_possible is None or not Decimal(0) < points_possible <= Decimal(10000):
        raise DomainError("Points possible are more than 0 and at most 10,000.", field="points_possible")
    return name


def update_assessment(
    assessment: Assessment,
    *,
    actor,
    expected_version: int | None,
    name: str,
    assessment_type: str,
    points_possible: Decimal | None,
    due_on: date | None,
) -> dict:
    """Correct an assessment's name, type, points possible or due date. Only those who grade the course may
    (staff, or an instructor of it). Points possible never drop below a score already recorded for it: that
    score would be more than the whole, so the change is refused naming the scores above it."""
    ensure(can_grade(actor, assessment.course_id, assessment.cohort_id), NOT_YOURS)
    ensure_editable(db.session.get(Course, assessment.course_id))
    name = _checked(name, assessment_type, points_possible)
    values = {"name": name, "assessment_type": assessment_type, "points_possible": points_possible, "due_on": due_on}
    check_version(assessment, expected_version, values)
    if points_possible < assessment.points_possible:
        _check_scores_fit(assessment, points_possible)
    return apply_change(
        assessment, values, actor=actor, action="training.assessment_updated", expected_version=expected_version
    )


def _check_scores_fit(assessment: Assessment, points_possible: Decimal) -> None:
    above = db.session.execute(
        select(Student, Grade.points)
        .join(Grade, Grade.student_id == Student.id)
        .where(Grade.assessment_id == assessment.id, Grade.points > points_possible)
        .order_by(Grade.points.desc(), Student.number)
    ).all()
    if not above:
        return
    count, most = len(above), above[0].points
    named = ", ".join(f"{s.name} {p.normalize():f}" for s, p in above[:5]) + (", ..." if count > 5 else "")
    raise DomainError(
        f"{count} score{'s' if count != 1 else ''} recorded for {assessment.name} "
        f"{'are' if count != 1 else 'is'} above {points_possible.normalize():f} points ({named}). "
        f"Keep at least {most.normalize():f} points possible, or lower those scores first.",
        field="points_possible",
    )


def shown_grade(row: Grade | None) -> str:
    """A grade as its cell shows it: points, EX, or nothing."""
    if row is None or (row.points is None and not row.excused):
        return ""
    return EXCUSED_MARK if row.excused else f"{row.points.normalize():f}"


def _stored(assessment_id: int, student_id: int) -> Grade | None:
    return db.session.scalar(select(Grade).where(Grade.assessment_id == assessment_id, Grade.student_id == student_id))


def save_grade(
    assessment: Assessment, student_id: int, typed: str | None, *, actor, expected_version: int | None
) -> Grade | None:
    """Save one gradebook cell as typed: points from 0 to the points possible, EX (excused), or empty
    (missing). A bad value is refused with the reason (field "score"); a save based on another version of
    the cell is refused (StaleCell) with the value stored now and who stored it. A student withdrawn from the
    course keeps the grades they had: their cells take no more."""
    ensure(can_grade(actor, assessment.course_id, assessment.cohort_id), NOT_YOURS)
    found = db.session.execute(
        select(Student, Enrollment.status)
        .join(Enrollment, Enrollment.student_id == Student.id)
        .where(
            Enrollment.student_id == student_id,
            Enrollment.course_id == assessment.course_id,
            Enrollment.cohort_id == assessment.cohort_id,
        )
    ).first()
    if found is None:
        raise NotFound("That student is not enrolled in this course.")
    student, status = found
    if status == EnrollmentStatus.WITHDRAWN:
        raise DomainError(f"{student.name} withdrew from this course: their grades stay as they were.", field="score")
    row = _stored(assessment.id, student_id)
    check_cell_version(row, expected_version, shown_grade)
    try:
        points, excused = parse_score(typed, assessment.points_possible)
    except BadScore as err:
        raise DomainError(str(err), field="score") from None
    before = shown_grade(row)
    if row is None and points is None and not excused:
        return None  # nothing typed in an empty cell
    reload = lambda: _stored(assessment.id, student_id)  # noqa: E731
    if row is None:
        row = Grade(
            assessment_id=assessment.id, student_id=student_id, points=points, excused=excused, graded_by_id=actor.id
        )
        insert_cell(row, reload, shown_grade)
    else:
        if (row.points, row.excused) == (points, excused):
            return row
        row.points, row.excused, row.graded_by_id, row.graded_at = points, excused, actor.id, utcnow()
        update_cell(row, expected_version, reload, shown_grade)
    audit.record(
        actor,
        "training.grade_saved",
        student,
        {"assessment": assessment.name, "grade": [before or None, shown_grade(row) or None]},
    )
    return row
