"""Pre-apprenticeship training: cohorts, courses, class sessions, students, enrollments, attendance, grades.

A session's date and times are the hall's wall clock (a timetable, not instants), so they are stored as a
date and two times; marks and grades carry UTC timestamps of when they were saved.
"""

from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hallweb.auth.models import User
from hallweb.db.archiving import Archivable
from hallweb.db.db_types import UTCDateTime, utcnow
from hallweb.db.search_keys import key_string
from hallweb.extensions import db
from hallweb.members.models import Member
from hallweb.training.attendance_math import duration_hours
from hallweb.training.grading import ASSESSMENT_TYPES


class CourseType(StrEnum):
    CORE = "core"
    ELECTIVE = "elective"
    REMEDIAL = "remedial"
    ADVANCED = "advanced"
    CERTIFICATION = "certification"


class StudentStatus(StrEnum):
    APPLICANT = "applicant"
    ENROLLED = "enrolled"
    ON_LEAVE = "on_leave"
    COMPLETED = "completed"
    DROPPED = "dropped"
    DISMISSED = "dismissed"


class EnrollmentStatus(StrEnum):
    ENROLLED = "enrolled"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    FAILED = "failed"
    INCOMPLETE = "incomplete"


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"
    LATE = "late"
    LEFT_EARLY = "left_early"


STATUS_LABELS = {
    "applicant": "Applicant",
    "enrolled": "Enrolled",
    "on_leave": "On leave",
    "completed": "Completed",
    "dropped": "Dropped",
    "dismissed": "Dismissed",
    "withdrawn": "Withdrawn",
    "failed": "Failed",
    "incomplete": "Incomplete",
}
ATTENDANCE_LABELS = {
    "present": "Present",
    "absent": "Absent",
    "excused": "Excused",
    "late": "Late",
    "left_early": "Left early",
}
ATTENDANCE_KEYS = {"present": "P", "absent": "A", "excused": "E", "late": "L", "left_early": "D"}
COURSE_TYPE_LABELS = {t.value: t.value.capitalize() for t in CourseType}
ASSESSMENT_TYPE_LABELS = {t: t.capitalize() for t in ASSESSMENT_TYPES}


def _known(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


class Cohort(db.Model):
    __tablename__ = "training_cohorts"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __mapper_args__ = {"version_id_col": version}


class Course(Archivable, db.Model):
    __tablename__ = "training_courses"
    noun = "course"
    __table_args__ = (
        CheckConstraint(_known("course_type", CourseType), name="type_known"),
        CheckConstraint("hours > 0", name="hours_positive"),
        CheckConstraint("credits >= 0", name="credits_not_negative"),
        CheckConstraint("pass_mark >= 0 AND pass_mark <= 100", name="pass_mark_percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    course_type: Mapped[str] = mapped_column(String(16), default=CourseType.CORE)
    hours: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    credits: Mapped[int] = mapped_column(Integer, default=0)
    pass_mark: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(70))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    weights: Mapped[list["CourseWeight"]] = relationship(
        back_populates="course", cascade="all, delete-orphan", order_by="CourseWeight.assessment_type"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def name(self) -> str:
        return f"{self.code} {self.title}"


class CourseWeight(db.Model):
    """A course's weight of one assessment type; a course without rows weighs every type equally."""

    __tablename__ = "training_course_weights"
    __table_args__ = (
        UniqueConstraint("course_id", "assessment_type", name="uq_training_course_weights_course_type"),
        CheckConstraint(_known("assessment_type", ASSESSMENT_TYPES), name="type_known"),
        CheckConstraint("weight >= 0 AND weight <= 100", name="weight_percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("training_courses.id", ondelete="CASCADE"))
    assessment_type: Mapped[str] = mapped_column(String(16))
    weight: Mapped[Decimal] = mapped_column(Numeric(5, 2))

    course: Mapped[Course] = relationship(back_populates="weights")


class ClassSession(db.Model):
    __tablename__ = "training_sessions"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_training_sessions_offering", "course_id", "cohort_id", "held_on", "starts_at"),
        Index("ix_training_sessions_instructor", "instructor_id", "held_on", "starts_at"),
        Index("ix_training_sessions_held_on_id", "held_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("training_courses.id"))
    cohort_id: Mapped[int] = mapped_column(ForeignKey("training_cohorts.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)
    instructor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    location: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    course: Mapped[Course] = relationship(lazy="joined", innerjoin=True)
    cohort: Mapped[Cohort] = relationship(lazy="joined", innerjoin=True)
    instructor: Mapped[User] = relationship(lazy="joined", innerjoin=True)

    __mapper_args__ = {"version_id_col": version}

    @property
    def hours(self) -> Decimal:
        return duration_hours(self.starts_at, self.ends_at)


class Student(Archivable, db.Model):
    __tablename__ = "training_students"
    noun = "student"
    __table_args__ = (
        CheckConstraint(_known("status", StudentStatus), name="status_known"),
        Index("ix_training_students_cohort_number", "cohort_id", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), unique=True)
    number: Mapped[str] = mapped_column(key_string(9), unique=True)  # YYYY-NNNN
    status: Mapped[str] = mapped_column(String(16), default=StudentStatus.ENROLLED, index=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("training_cohorts.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    member: Mapped[Member] = relationship(lazy="joined", innerjoin=True)
    cohort: Mapped[Cohort | None] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    @property
    def name(self) -> str:
        return self.member.full_name


class StudentNumberCounter(db.Model):
    """The last student number given in a year: one row per year, moved by an UPDATE, so two students made
    at the same moment queue on its row lock and get consecutive numbers."""

    __tablename__ = "training_student_numbers"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Enrollment(db.Model):
    __tablename__ = "training_enrollments"
    __table_args__ = (
        UniqueConstraint("student_id", "course_id", name="uq_training_enrollments_student_course"),
        CheckConstraint(_known("status", EnrollmentStatus), name="status_known"),
        CheckConstraint(
            "final_percentage IS NULL OR (final_percentage >= 0 AND final_percentage <= 100)", name="percent"
        ),
        CheckConstraint("withdrawn_on IS NULL OR status = 'withdrawn'", name="withdrawn_on_when_withdrawn"),
        Index("ix_training_enrollments_offering", "course_id", "cohort_id", "student_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("training_students.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("training_courses.id"))
    cohort_id: Mapped[int] = mapped_column(ForeignKey("training_cohorts.id"))
    status: Mapped[str] = mapped_column(String(16), default=EnrollmentStatus.ENROLLED)
    enrolled_on: Mapped[date] = mapped_column(Date)
    final_percentage: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    final_letter: Mapped[str | None] = mapped_column(String(4))
    completed_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)  # from this day on, the course's sessions are not theirs
    version: Mapped[int] = mapped_column(Integer, default=1)

    student: Mapped[Student] = relationship(lazy="joined", innerjoin=True)
    course: Mapped[Course] = relationship(lazy="joined", innerjoin=True)
    cohort: Mapped[Cohort] = relationship(lazy="joined", innerjoin=True)

    __mapper_args__ = {"version_id_col": version}


class Attendance(db.Model):
    __tablename__ = "training_attendance"
    __table_args__ = (
        UniqueConstraint("session_id", "student_id", name="uq_training_attendance_session_student"),
        CheckConstraint(_known("status", AttendanceStatus), name="status_known"),
        CheckConstraint("arrived_at IS NULL OR status = 'late'", name="arrival_only_when_late"),
        CheckConstraint("left_at IS NULL OR status IN ('late', 'left_early')", name="departure_only_when_left"),
        Index("ix_training_attendance_student", "student_id", "session_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id"))
    student_id: Mapped[int] = mapped_column(ForeignKey("training_students.id"))
    status: Mapped[str] = mapped_column(String(16))
    arrived_at: Mapped[time | None] = mapped_column(Time)
    left_at: Mapped[time | None] = mapped_column(Time)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Assessment(db.Model):
    """Something graded in a course offering (a course taught to a cohort)."""

    __tablename__ = "training_assessments"
    __table_args__ = (
        CheckConstraint(_known("assessment_type", ASSESSMENT_TYPES), name="type_known"),
        CheckConstraint("points_possible > 0", name="points_positive"),
        Index("ix_training_assessments_offering", "course_id", "cohort_id", "due_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("training_courses.id"))
    cohort_id: Mapped[int] = mapped_column(ForeignKey("training_cohorts.id"))
    name: Mapped[str] = mapped_column(String(120))
    assessment_type: Mapped[str] = mapped_column(String(16))
    points_possible: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    due_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __mapper_args__ = {"version_id_col": version}


class Grade(db.Model):
    """One student's result on an assessment: points, or excused; a row with neither is a grade cleared."""

    __tablename__ = "training_grades"
    __table_args__ = (
        UniqueConstraint("assessment_id", "student_id", name="uq_training_grades_assessment_student"),
        CheckConstraint("points IS NULL OR points >= 0", name="points_not_negative"),
        CheckConstraint("NOT (excused AND points IS NOT NULL)", name="excused_has_no_points"),
        Index("ix_training_grades_student", "student_id", "assessment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("training_assessments.id"))
    student_id: Mapped[int] = mapped_column(ForeignKey("training_students.id"))
    points: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))
    excused: Mapped[bool] = mapped_column(Boolean, default=False)
    graded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    graded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class TranscriptCode(db.Model):
    """A transcript's verification code: only its SHA-256 is kept, since whoever holds the code may read
    the transcript's name, dates and outcome on the public verification page."""

    __tablename__ = "training_transcript_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("training_students.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
