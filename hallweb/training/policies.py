"""Who may run the training program, teach in it and read its records: the one place these rules are written."""

from sqlalchemy import exists, select

from hallweb.auth.models import RoleName
from hallweb.extensions import db
from hallweb.policies import Roles
from hallweb.training.models import ClassSession

can_manage_training = Roles(RoleName.STAFF)
can_read_training = Roles(RoleName.STAFF, RoleName.OFFICER, RoleName.INSTRUCTOR)
can_restore_training = Roles(RoleName.ADMIN)
can_teach = Roles(RoleName.STAFF, RoleName.INSTRUCTOR)  # coarse: the roster and gradebook pages
_is_instructor = Roles(RoleName.INSTRUCTOR)


def can_mark_session(user, session) -> bool:
    """Staff mark any session's attendance; an instructor only the sessions they teach."""
    return can_manage_training(user) or (_is_instructor(user) and session.instructor_id == user.id)


def teaches(user, course_id: int, cohort_id: int) -> bool:
    """The user teaches at least one session of this course to this cohort."""
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    ClassSession.course_id == course_id,
                    ClassSession.cohort_id == cohort_id,
                    ClassSession.instructor_id == user.id,
                )
            )
        )
    )


def can_grade(user, course_id: int, cohort_id: int) -> bool:
    """Staff grade any course; an instructor the courses they teach to that cohort."""
    return can_manage_training(user) or (_is_instructor(user) and teaches(user, course_id, cohort_id))


def can_read_student(user, student) -> bool:
    """Training staff, officers and instructors read students; a member only their own record."""
    return can_read_training(user) or (student.member.user_id is not None and student.member.user_id == user.id)
