"""The gradebook of a course for a cohort: students × assessments, with each student's totals.

Four statements whatever the size: the students, the assessments, the grades and the course's weights, all
read as rows of columns (plain_rows): a grid of 30 x 20 reads each assessment's fields 600 times and more."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import bindparam, select
from sqlalchemy.orm import aliased

from hallweb.auth.models import User
from hallweb.db.plain_rows import plain_rows
from hallweb.members.models import Member
from hallweb.training.grading import Mark, course_grade, letter, passed, rounded, type_percentage
from hallweb.training.models import Assessment, CourseWeight, Enrollment, Grade, Student
from hallweb.training.services.grades import shown_grade

Grader = aliased(User)

_STUDENTS = (
    select(Student.id, Student.number, Member.first_name, Member.last_name, Enrollment.status)
    .select_from(Enrollment)
    .join(Student, Student.id == Enrollment.student_id)
    .join(Member, Member.id == Student.member_id)
    .where(Enrollment.course_id == bindparam("course_id"), Enrollment.cohort_id == bindparam("cohort_id"))
    .order_by(Member.last_name_key, Member.first_name_key, Student.id)
)
_OF_OFFERING = (Assessment.course_id == bindparam("course_id"), Assessment.cohort_id == bindparam("cohort_id"))
_ASSESSMENTS = (
    select(Assessment.id, Assessment.name, Assessment.assessment_type, Assessment.points_possible, Assessment.due_on)
    .where(*_OF_OFFERING)
    .order_by(Assessment.due_on.is_(None), Assessment.due_on, Assessment.id)
)
_ASSESSMENT_RECORDS = select(Assessment).where(*_OF_OFFERING)
_GRADES = (
    select(
        Grade.assessment_id,
        Grade.student_id,
        Grade.points,
        Grade.excused,
        Grade.version,
        Grade.graded_at,
        Grader.first_name,
        Grader.last_name,
    )
    .join(Assessment, Assessment.id == Grade.assessment_id)
    .outerjoin(Grader, Grader.id == Grade.graded_by_id)
    .where(Assessment.course_id == bindparam("course_id"), Assessment.cohort_id == bindparam("cohort_id"))
)
_WEIGHTS = select(CourseWeight.assessment_type, CourseWeight.weight).where(
    CourseWeight.course_id == bindparam("course_id")
)


@dataclass
class Cell:
    assessment_id: int
    student_id: int
    shown: str = ""
    version: int = 0
    graded_by: str | None = None
    graded_at: datetime | None = None
    error: str | None = None
    saved: bool = False


@dataclass
class Standing:
    """A student's totals in the course: points earned of possible so far, percentage, letter, pass."""

    earned: Decimal
    possible: Decimal
    percentage: Decimal | None
    letter: str | None
    passed: bool | None


@dataclass
class StudentRow:
    student_id: int
    number: str
    name: str
    status: str
    cells: list[Cell] = field(default_factory=list)
    standing: Standing | None = None


@dataclass
class Gradebook:
    assessments: list  # rows: id, name, assessment_type, points_possible, due_on
    rows: list[StudentRow]
    weights: dict[str, Decimal] | None


def marks_by_type(assessments, grades_of_student: dict[int, tuple]) -> dict[str, list[Mark]]:
    by_type: dict[str, list[Mark]] = {}
    for a in assessments:
        g = grades_of_student.get(a.id)
        points, excused = (g.points, g.excused) if g is not None else (None, False)
        by_type.setdefault(a.assessment_type, []).append(Mark(points, excused, a.points_possible, a.due_on))
    return by_type


def standing(assessments, grades_of_student: dict[int, tuple], weights, pass_mark: Decimal, today: date, scale):
    """A student's totals from their grades (the math of grading.py)."""
    by_type = marks_by_type(assessments, grades_of_student)
    percentages = {kind: type_percentage(marks, today) for kind, marks in by_type.items()}
    grade = course_grade(percentages, weights)
    earned = possible = Decimal(0)
    for marks in by_type.values():
        for m in marks:
            if m.points is not None or (not m.excused and m.due_on is not None and m.due_on < today):
                earned += m.points or 0
                possible += m.points_possible
    return Standing(earned, possible, rounded(grade), letter(grade, scale), passed(grade, pass_mark))


_GRADES_OF_STUDENT = _GRADES.where(Grade.student_id == bindparam("student_id"))


def grades_of(course_id: int, cohort_id: int, student_id: int | None = None) -> dict[tuple[int, int], tuple]:
    """The offering's grades by (student, assessment); one student's alone when given (a cell's save)."""
    params = {"course_id": course_id, "cohort_id": cohort_id}
    stmt = _GRADES
    if student_id is not None:
        stmt, params = _GRADES_OF_STUDENT, {**params, "student_id": student_id}
    return {(g.student_id, g.assessment_id): g for g in plain_rows(stmt, params)}


def weights_for(course_id: int) -> dict[str, Decimal] | None:
    return dict(plain_rows(_WEIGHTS, {"course_id": course_id}).all()) or None


def assessment_records(course_id: int, cohort_id: int) -> dict[int, Assessment]:
    """The offering's assessments as records, by id: what a save (save_grade) takes."""
    from hallweb.extensions import db

    return {a.id: a for a in db.session.scalars(_ASSESSMENT_RECORDS, {"course_id": course_id, "cohort_id": cohort_id})}


def gradebook(course, cohort, *, today: date, scale, only_student: int | None = None) -> Gradebook:
    params = {"course_id": course.id, "cohort_id": cohort.id}
    assessments = plain_rows(_ASSESSMENTS, params).all()
    grades = grades_of(course.id, cohort.id, only_student)
    weights = weights_for(course.id)
    stmt = _STUDENTS if only_student is None else _STUDENTS.where(Student.id == only_student)
    rows = []
    for s in plain_rows(stmt, params):
        row = StudentRow(s.id, s.number, f"{s.last_name}, {s.first_name}", s.status)
        mine = {}
        for a in assessments:
            g = grades.get((s.id, a.id))
            mine[a.id] = g
            cell = Cell(a.id, s.id)
            if g is not None:
                cell.shown = shown_grade(g)
                cell.version = g.version
                cell.graded_by = f"{g.first_name} {g.last_name}" if g.first_name else None
                cell.graded_at = g.graded_at
            row.cells.append(cell)
        row.standing = standing(
            assessments, {k: v for k, v in mine.items() if v is not None}, weights, course.pass_mark, today, scale
        )
        rows.append(row)
    return Gradebook(assessments, rows, weights)
