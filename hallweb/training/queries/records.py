"""A student's training record: each enrollment's grade, letter and pass, attendance rate, at-risk flag and
contact hours. Five statements whatever the number of courses, sessions and assessments."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, bindparam, select

from hallweb.db.plain_rows import plain_rows
from hallweb.extensions import db
from hallweb.training.attendance_math import AtRiskPolicy, Presence, at_risk, attendance_rate, contact_hours
from hallweb.training.models import (
    Assessment,
    Attendance,
    ClassSession,
    Cohort,
    Course,
    CourseWeight,
    Enrollment,
    EnrollmentStatus,
    Grade,
    Student,
)
from hallweb.training.queries.gradebook import standing
from hallweb.training.queries.roster import still_theirs

_ENROLLMENTS = (
    select(
        Enrollment.id,
        Enrollment.course_id,
        Enrollment.cohort_id,
        Enrollment.status,
        Enrollment.enrolled_on,
        Enrollment.completed_on,
        Enrollment.withdrawn_on,
        Enrollment.version,
        Enrollment.final_percentage,
        Enrollment.final_letter,
        Course.code,
        Course.title,
        Course.hours.label("course_hours"),
        Course.credits,
        Course.pass_mark,
        Cohort.name.label("cohort_name"),
    )
    .join(Course, Course.id == Enrollment.course_id)
    .join(Cohort, Cohort.id == Enrollment.cohort_id)
    .where(Enrollment.student_id == bindparam("student_id"))
    .order_by(Course.code)
)
_SESSIONS = (
    select(
        ClassSession.course_id,
        ClassSession.cohort_id,
        ClassSession.held_on,
        ClassSession.starts_at,
        ClassSession.ends_at,
        Attendance.status,
        Attendance.arrived_at,
        Attendance.left_at,
    )
    .join(
        Enrollment,
        and_(
            Enrollment.course_id == ClassSession.course_id,
            Enrollment.cohort_id == ClassSession.cohort_id,
            Enrollment.student_id == bindparam("student_id"),
        ),
    )
    .outerjoin(
        Attendance, and_(Attendance.session_id == ClassSession.id, Attendance.student_id == bindparam("student_id"))
    )
    .where(ClassSession.held_on >= Enrollment.enrolled_on, still_theirs(ClassSession.held_on))
)
_ASSESSMENTS = select(Assessment).join(
    Enrollment,
    and_(
        Enrollment.course_id == Assessment.course_id,
        Enrollment.cohort_id == Assessment.cohort_id,
        Enrollment.student_id == bindparam("student_id"),
    ),
)
_GRADES = select(Grade.assessment_id, Grade.points, Grade.excused).where(Grade.student_id == bindparam("student_id"))
_WEIGHTS = select(CourseWeight.course_id, CourseWeight.assessment_type, CourseWeight.weight).join(
    Enrollment,
    and_(Enrollment.course_id == CourseWeight.course_id, Enrollment.student_id == bindparam("student_id")),
)


@dataclass
class CourseRecord:
    enrollment_id: int
    code: str
    title: str
    cohort_name: str
    status: str
    enrolled_on: date
    completed_on: date | None
    withdrawn_on: date | None
    version: int
    credits: int
    course_hours: Decimal
    pass_mark: Decimal
    percentage: Decimal | None
    letter: str | None
    passed: bool | None
    attendance_rate: Decimal | None
    at_risk: bool
    contact_hours: Decimal
    sessions_counted: int
    sessions_not_taken: int
    sessions_to_come: int


@dataclass
class StudentRecord:
    courses: list[CourseRecord] = field(default_factory=list)

    @property
    def contact_hours(self) -> Decimal:
        return sum((c.contact_hours for c in self.courses), Decimal(0))

    @property
    def at_risk(self) -> bool:
        return any(c.at_risk for c in self.courses)

    @property
    def attendance_rate(self) -> Decimal | None:
        """Over all the student's courses (the same rule, every session counted once)."""
        return self._rate

    _rate: Decimal | None = None


def student_record(student: Student, *, today: date, scale, policy: AtRiskPolicy) -> StudentRecord:
    params = {"student_id": student.id}
    enrollments = plain_rows(_ENROLLMENTS, params).all()
    if not enrollments:
        return StudentRecord()
    sessions: dict[tuple, list] = {}
    for s in plain_rows(_SESSIONS, params):
        sessions.setdefault((s.course_id, s.cohort_id), []).append(s)
    assessments: dict[tuple, list] = {}
    for a in db.session.scalars(_ASSESSMENTS, params):
        assessments.setdefault((a.course_id, a.cohort_id), []).append(a)
    grades = {g.assessment_id: g for g in plain_rows(_GRADES, params)}
    weights: dict[int, dict] = {}
    for w in plain_rows(_WEIGHTS, params):
        weights.setdefault(w.course_id, {})[w.assessment_type] = w.weight
    record = StudentRecord()
    all_statuses = []
    for e in enrollments:
        key = (e.course_id, e.cohort_id)
        held = [s for s in sessions.get(key, []) if s.held_on <= today]
        statuses = [s.status for s in held]
        all_statuses.extend(statuses)
        to_come = sum(1 for s in sessions.get(key, []) if s.held_on > today)
        not_taken = sum(1 for s in held if s.status is None)
        mine = assessments.get(key, [])
        result = standing(mine, grades, weights.get(e.course_id), e.pass_mark, today, scale)
        record.courses.append(
            CourseRecord(
                enrollment_id=e.id,
                code=e.code,
                title=e.title,
                cohort_name=e.cohort_name,
                status=e.status,
                enrolled_on=e.enrolled_on,
                completed_on=e.completed_on,
                withdrawn_on=e.withdrawn_on,
                version=e.version,
                credits=e.credits,
                course_hours=e.course_hours,
                pass_mark=e.pass_mark,
                percentage=result.percentage,
                letter=result.letter,
                passed=result.passed,
                attendance_rate=attendance_rate(statuses),
                at_risk=e.status != EnrollmentStatus.WITHDRAWN and at_risk(statuses, to_come + not_taken, policy),
                contact_hours=contact_hours(
                    Presence(s.status, s.starts_at, s.ends_at, s.arrived_at, s.left_at) for s in held
                ),
                sessions_counted=sum(1 for s in statuses if s not in (None, "excused")),
                sessions_not_taken=not_taken,
                sessions_to_come=to_come,
            )
        )
    record._rate = attendance_rate(all_statuses)
    return record
