"""How the change history speaks of the training program: courses, cohorts, sessions, students, marks, grades."""

from hallweb.audit.phrasing import archived, created, restored
from hallweb.audit.vocabulary import Vocabulary
from hallweb.training.models import (
    ASSESSMENT_TYPE_LABELS,
    ATTENDANCE_LABELS,
    COURSE_TYPE_LABELS,
    Cohort,
    Course,
    Student,
)


def _enrolled(action, changes, w):
    return [f"Enrolled in {w.value('course', changes.get('course'))} with {w.value('cohort', changes.get('cohort'))}"]


def _marked(action, changes, w):
    said = [f"Attendance for {w.value('session', changes.get('session'))}"]
    return [*said, *w.changes(changes, skip={"session"})]


def _graded(action, changes, w):
    return [f"Grade for {w.value('assessment', changes.get('assessment'))}", *w.changes(changes, skip={"assessment"})]


def _scheduled(action, changes, w):
    course, cohort = w.value("course", changes.get("course")), w.value("cohort", changes.get("cohort"))
    return [f"Session of {course} for {cohort} scheduled", *w.changes(changes, skip={"course", "cohort"})]


def _assessment_added(action, changes, w):
    course = w.value("course", changes.get("course"))
    return [f"Assessment added to {course}", *w.changes(changes, skip={"course", "cohort"})]


def _transcript_code(action, changes, w):
    return ["Transcript verification code issued"]


def _withdrawn(action, changes, w):
    return [f"Withdrawn from {w.value('course', changes.get('course'))}", *w.changes(changes, skip={"course"})]


def _final(action, changes, w):
    return [f"Final grade recorded in {w.value('course', changes.get('course'))}", *w.changes(changes, skip={"course"})]


WORDS = Vocabulary(
    actions={
        "training.cohort_created": "Cohort added",
        "training.cohort_updated": "Cohort updated",
        "training.course_created": "Course added",
        "training.course_updated": "Course updated",
        "training.course_archived": "Course archived",
        "training.course_restored": "Course restored",
        "training.weights_set": "Grade weights set",
        "training.session_scheduled": "Class session scheduled",
        "training.session_updated": "Class session updated",
        "training.student_created": "Student added",
        "training.student_updated": "Student updated",
        "training.student_archived": "Student archived",
        "training.student_restored": "Student restored",
        "training.enrolled": "Enrolled in a course",
        "training.withdrawn": "Withdrawn from a course",
        "training.attendance_marked": "Attendance marked",
        "training.assessment_added": "Assessment added",
        "training.assessment_updated": "Assessment updated",
        "training.grade_saved": "Grade saved",
        "training.transcript_code_issued": "Transcript verification code issued",
        "training.final_grade_recorded": "Final grade recorded",
    },
    groups={"training.": "Any training change"},
    record_types={
        "training_cohorts": "Cohort",
        "training_courses": "Course",
        "training_sessions": "Class session",
        "training_students": "Student",
        "training_assessments": "Assessment",
    },
    fields={  # the rest read well as they are ("Hours", "Location", "Grade")
        "student_number": "Student number",
        "cohort_id": "Cohort",
        "instructor_id": "Instructor",
        "held_on": "Date",
        "starts_at": "Starts",
        "ends_at": "Ends",
        "arrived_at": "Arrived",
        "left_at": "Left",
        "due_on": "Due",
        "final_percentage": "Final grade (%)",
        "final_letter": "Letter",
        "completed_on": "Completed on",
        "withdrawn_on": "Withdrawn on",
    },
    references={"cohort_id": "training_cohorts", "instructor_id": "users"},
    values={
        "course_type": COURSE_TYPE_LABELS,
        "attendance": ATTENDANCE_LABELS,
        "assessment_type": ASSESSMENT_TYPE_LABELS,
    },
    phrases={
        "training.cohort_created": created,
        "training.course_created": created,
        "training.course_archived": archived,
        "training.course_restored": restored,
        "training.student_created": created,
        "training.student_archived": archived,
        "training.student_restored": restored,
        "training.enrolled": _enrolled,
        "training.withdrawn": _withdrawn,
        "training.attendance_marked": _marked,
        "training.grade_saved": _graded,
        "training.session_scheduled": _scheduled,
        "training.assessment_added": _assessment_added,
        "training.transcript_code_issued": _transcript_code,
        "training.final_grade_recorded": _final,
    },
    names={
        "training_cohorts": (Cohort, Cohort.name),
        "training_courses": (Course, Course.code),
        "training_students": (Student, Student.number),
    },
    pages={"training_students": "training.student", "training_courses": "training.course"},
)
