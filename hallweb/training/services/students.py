"""Training students (made from a member, numbered YYYY-NNNN) and their enrollments in courses."""

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.exc import StaleDataError

from hallweb.audit import services as audit
from hallweb.db.archiving import archive, restore
from hallweb.db.constraints import flush_unique
from hallweb.db.versioning import MissingVersion, apply_change, ensure_editable
from hallweb.errors import Conflict, DomainError, InvalidTransition
from hallweb.extensions import db
from hallweb.members.models import Member
from hallweb.policies import ensure
from hallweb.training.models import (
    STATUS_LABELS,
    Cohort,
    Course,
    Enrollment,
    EnrollmentStatus,
    Student,
    StudentNumberCounter,
    StudentStatus,
)
from hallweb.training.policies import can_manage_training


def next_student_number(year: int) -> str:
    """The next YYYY-NNNN of the year. The year's counter row is created if missing (a no-op when another
    transaction made it first) and moved by one UPDATE ... RETURNING: on PostgreSQL a second transaction
    waits on the row lock and then reads the first one's number; on SQLite writers are serialized
    (BEGIN IMMEDIATE). Numbers are never reused; a rolled-back transaction gives its number back."""
    dialect = db.session.get_bind().dialect.name
    insert = (postgresql if dialect == "postgresql" else sqlite).insert
    db.session.execute(insert(StudentNumberCounter).values(year=year, last=0).on_conflict_do_nothing())
    last = db.session.execute(
        update(StudentNumberCounter)
        .where(StudentNumberCounter.year == year)
        .values(last=StudentNumberCounter.last + 1)
        .returning(StudentNumberCounter.last)
    ).scalar_one()
    if last > 9999:
        raise Conflict(f"All 9,999 student numbers of {year} are used.")
    return f"{year:04d}-{last:04d}"


def create_student(
    *, actor, member: Member, cohort: Cohort | None, status: str = StudentStatus.ENROLLED, year: int
) -> Student:
    """Make a member a student of the program: one student record per member, numbered for the year of
    enrolment."""
    ensure(can_manage_training(actor))
    ensure_editable(member)
    if status not in set(StudentStatus):
        raise DomainError("Choose a status from the list.", field="status")
    if db.session.scalar(select(Student.id).where(Student.member_id == member.id)) is not None:
        raise Conflict(f"{member.full_name} is a student already.", field="member")
    student = Student(member=member, cohort=cohort, status=status, number=next_student_number(year))
    db.session.add(student)
    flush_unique()
    audit.record(
        actor,
        "training.student_created",
        student,
        {
            "student_number": [None, student.number],
            "status": [None, status],
            "cohort_id": [None, cohort.id if cohort else None],
        },
    )
    return student


def update_student(student: Student, *, actor, expected_version: int, **values) -> dict:
    ensure(can_manage_training(actor))
    values = {k: v for k, v in values.items() if k in ("status", "cohort_id")}
    if "status" in values and values["status"] not in set(StudentStatus):
        raise DomainError("Choose a status from the list.", field="status")
    if values.get("cohort_id") is not None and db.session.get(Cohort, values["cohort_id"]) is None:
        raise DomainError("Choose a cohort from the list.", field="cohort_id")
    return apply_change(
        student, values, actor=actor, action="training.student_updated", expected_version=expected_version
    )


def archive_student(student: Student, *, actor) -> None:
    ensure(can_manage_training(actor))
    archive(student, actor=actor, action="training.student_archived")


def restore_student(student: Student, *, actor) -> None:
    ensure(can_manage_training(actor))
    restore(student, actor=actor, action="training.student_restored")


def enroll_student(*, actor, student: Student, course: Course, cohort: Cohort, on: date) -> Enrollment:
    """Enrol a student in a course taught to a cohort: once per course (unique)."""
    ensure(can_manage_training(actor))
    ensure_editable(student)
    ensure_editable(course)
    if db.session.scalar(
        select(Enrollment.id).where(Enrollment.student_id == student.id, Enrollment.course_id == course.id)
    ):
        raise Conflict(f"{student.name} is enrolled in {course.code} already.")
    enrollment = Enrollment(student=student, course=course, cohort=cohort, enrolled_on=on)
    db.session.add(enrollment)
    flush_unique()
    audit.record(actor, "training.enrolled", student, {"course": course.code, "cohort": cohort.name, "enrolled_on": on})
    return enrollment


def enroll_cohort(*, actor, course: Course, cohort: Cohort, on: date) -> list[Enrollment]:
    """Enrol every current student of the cohort (not archived, not dropped or dismissed) in the course at
    once; those enrolled in it already are left as they are. Returns the enrollments made."""
    ensure(can_manage_training(actor))
    ensure_editable(course)
    taken = select(Enrollment.student_id).where(Enrollment.course_id == course.id)
    students = db.session.scalars(
        select(Student).where(
            Student.cohort_id == cohort.id,
            Student.archived_at.is_(None),
            Student.status.in_([StudentStatus.APPLICANT, StudentStatus.ENROLLED, StudentStatus.ON_LEAVE]),
            Student.id.not_in(taken),
        )
    ).all()
    made = [
        Enrollment(student=s, course=course, cohort=cohort, enrolled_on=on, status=EnrollmentStatus.ENROLLED)
        for s in students
    ]
    db.session.add_all(made)
    flush_unique()
    for e in made:
        audit.record(
            actor, "training.enrolled", e.student, {"course": course.code, "cohort": cohort.name, "enrolled_on": on}
        )
    return made


def withdraw_enrollment(enrollment: Enrollment, *, actor, expected_version: int | None, on: date) -> dict:
    """Withdraw a student from one course, from the day `on`: the sessions held before it stay theirs (marks,
    attendance rate, contact hours, grades are kept); from that day the course's rosters and gradebook leave
    them out or show them withdrawn, and the transcript shows the course as Withdrawn. Only a course in
    progress is withdrawn from; a second click, or one from a page opened before another change, is refused
    rather than applied twice."""
    ensure(can_manage_training(actor))
    student, course = enrollment.student, enrollment.course
    ensure_editable(student)
    if enrollment.status == EnrollmentStatus.WITHDRAWN:
        raise Conflict(f"{student.name} was withdrawn from {course.code} already.")
    if enrollment.status != EnrollmentStatus.ENROLLED:
        label = STATUS_LABELS[enrollment.status].lower()
        raise InvalidTransition(f"{student.name}'s enrollment in {course.code} is {label}: it cannot be withdrawn.")
    if type(expected_version) is not int:
        raise MissingVersion()
    stale = Conflict(
        f"{student.name}'s enrollment in {course.code} changed since this page was opened. "
        "Nothing was withdrawn: look at it again and try again."
    )
    if expected_version != enrollment.version:
        raise stale
    changes = {
        "course": course.code,
        "status": [enrollment.status, EnrollmentStatus.WITHDRAWN],
        "withdrawn_on": [None, on],
    }
    enrollment.status, enrollment.withdrawn_on = EnrollmentStatus.WITHDRAWN, on
    try:
        db.session.flush()
    except StaleDataError:  # another request withdrew or closed it between our read and our write
        db.session.rollback()
        raise stale from None
    audit.record(actor, "training.withdrawn", student, changes)
    return changes


def record_final_grades(*, actor, course: Course, cohort: Cohort, on: date, today: date, scale) -> int:
    """Close the course for the cohort: each enrollment still open gets its final percentage and letter
    (the course grade as it stands, missing grades past due counting 0) and is completed when it passes,
    failed when it does not, incomplete while it has no grade at all. Returns how many were recorded."""
    from hallweb.training.queries.gradebook import gradebook

    ensure(can_manage_training(actor))
    book = gradebook(course, cohort, today=today, scale=scale)
    standings = {row.student_id: row.standing for row in book.rows}
    open_ones = db.session.scalars(
        select(Enrollment).where(
            Enrollment.course_id == course.id,
            Enrollment.cohort_id == cohort.id,
            Enrollment.status == EnrollmentStatus.ENROLLED,
        )
    ).all()
    for e in open_ones:
        s = standings.get(e.student_id)
        if s is None or s.percentage is None:
            status = EnrollmentStatus.INCOMPLETE
        else:
            status = EnrollmentStatus.COMPLETED if s.passed else EnrollmentStatus.FAILED
        values = {
            "status": status,
            "final_percentage": s.percentage if s else None,
            "final_letter": s.letter if s else None,
            "completed_on": on if status != EnrollmentStatus.INCOMPLETE else None,
        }
        changes = audit.diff(e, values)
        for key, value in values.items():
            setattr(e, key, value)
        audit.record(actor, "training.final_grade_recorded", e.student, {"course": course.code, **changes})
    db.session.flush()
    return len(open_ones)
