"""Training catalogue: cohorts, courses and each course's weights per assessment type."""

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm.attributes import flag_modified

from hallweb.audit import services as audit
from hallweb.db.archiving import archive, restore
from hallweb.db.constraints import flush_unique
from hallweb.db.versioning import apply_change, check_version, ensure_editable
from hallweb.errors import Conflict, DomainError
from hallweb.extensions import db
from hallweb.formats import day
from hallweb.policies import ensure
from hallweb.training.grading import ASSESSMENT_TYPES, check_weights
from hallweb.training.models import ClassSession, Cohort, Course, CourseType, CourseWeight
from hallweb.training.policies import can_manage_training

COURSE_FIELDS = ("code", "title", "course_type", "hours", "credits", "pass_mark", "active")


def create_cohort(*, actor, name: str, start_date: date, end_date: date) -> Cohort:
    """A cohort (2026-Spring) with its dates; names are unique."""
    ensure(can_manage_training(actor))
    name = (name or "").strip()
    if not name:
        raise DomainError("Give the cohort a name, like 2026-Spring.", field="name")
    if end_date < start_date:
        raise DomainError("A cohort ends on or after its start date.", field="end_date")
    if db.session.scalar(select(Cohort.id).where(Cohort.name == name)):
        raise Conflict("There is a cohort of this name already.", field="name")
    cohort = Cohort(name=name, start_date=start_date, end_date=end_date)
    db.session.add(cohort)
    flush_unique()
    audit.record(
        actor,
        "training.cohort_created",
        cohort,
        {"name": [None, name], "start_date": [None, start_date], "end_date": [None, end_date]},
    )
    return cohort


def update_cohort(cohort: Cohort, *, actor, expected_version: int | None, name: str, start_date, end_date) -> dict:
    """Rename a cohort or move its dates. Names stay unique; the dates must still hold every session
    scheduled for the cohort (sessions are scheduled within them), so none is left outside its cohort."""
    ensure(can_manage_training(actor))
    name = (name or "").strip()
    if not name:
        raise DomainError("Give the cohort a name, like 2026-Spring.", field="name")
    if start_date is None or end_date is None:
        raise DomainError(
            "Give the cohort's start and end dates.", field="start_date" if start_date is None else "end_date"
        )
    if end_date < start_date:
        raise DomainError("A cohort ends on or after its start date.", field="end_date")
    values = {"name": name, "start_date": start_date, "end_date": end_date}
    check_version(cohort, expected_version, values)
    if db.session.scalar(select(Cohort.id).where(Cohort.name == name, Cohort.id != cohort.id)):
        raise Conflict("There is a cohort of this name already.", field="name")
    first, last, count = db.session.execute(
        select(func.min(ClassSession.held_on), func.max(ClassSession.held_on), func.count(ClassSession.id)).where(
            ClassSession.cohort_id == cohort.id,
            (ClassSession.held_on < start_date) | (ClassSession.held_on > end_date),
        )
    ).one()
    if count:
        held = f"on {day(first)}" if count == 1 else f"from {day(first)} to {day(last)}"
        raise DomainError(
            f"{count} of this cohort's sessions fall outside these dates ({held}). "
            "Move or correct those sessions first, or choose dates that hold them.",
            field="start_date" if first < start_date else "end_date",
        )
    return apply_change(
        cohort, values, actor=actor, action="training.cohort_updated", expected_version=expected_version
    )


def _clean_course(values: dict) -> dict:
    cleaned = {k: values[k] for k in COURSE_FIELDS if k in values}
    if "code" in cleaned:
        cleaned["code"] = (cleaned["code"] or "").strip().upper()
        if not cleaned["code"]:
            raise DomainError("Give the course a code, like ELEC-101.", field="code")
    if "title" in cleaned:
        cleaned["title"] = (cleaned["title"] or "").strip()
        if not cleaned["title"]:
            raise DomainError("Give the course a title.", field="title")
    if "course_type" in cleaned and cleaned["course_type"] not in set(CourseType):
        raise DomainError("Choose a type from the list.", field="course_type")
    if "hours" in cleaned and not (cleaned["hours"] is not None and Decimal(0) < cleaned["hours"] < 10000):
        raise DomainError("Hours are more than 0 and less than 10,000.", field="hours")
    if "credits" in cleaned and not (cleaned["credits"] is not None and 0 <= cleaned["credits"] <= 100):
        raise DomainError("Credits are from 0 to 100.", field="credits")
    if "pass_mark" in cleaned and not (cleaned["pass_mark"] is not None and 0 <= cleaned["pass_mark"] <= 100):
        raise DomainError("The pass mark is a percentage from 0 to 100.", field="pass_mark")
    return cleaned


def _code_taken(code: str, but: int | None = None) -> bool:
    stmt = select(Course.id).where(Course.code == code)
    if but is not None:
        stmt = stmt.where(Course.id != but)
    return db.session.scalar(stmt) is not None


def create_course(*, actor, **values) -> Course:
    """A course of the catalogue; codes are unique (archived courses keep theirs)."""
    ensure(can_manage_training(actor))
    values = _clean_course(values)
    if _code_taken(values["code"]):
        raise Conflict("Another course already has this code.", field="code")
    course = Course(**values)
    db.session.add(course)
    flush_unique()
    audit.record(actor, "training.course_created", course, {k: [None, v] for k, v in values.items()})
    return course


def update_course(course: Course, *, actor, expected_version: int, **values) -> dict:
    ensure(can_manage_training(actor))
    values = _clean_course(values)
    check_version(course, expected_version, values)
    if "code" in values and _code_taken(values["code"], but=course.id):
        raise Conflict("Another course already has this code.", field="code")
    return apply_change(
        course, values, actor=actor, action="training.course_updated", expected_version=expected_version
    )


def archive_course(course: Course, *, actor) -> None:
    ensure(can_manage_training(actor))
    archive(course, actor=actor, action="training.course_archived")


def restore_course(course: Course, *, actor) -> None:
    ensure(can_manage_training(actor))
    restore(course, actor=actor, action="training.course_restored")


def weights_of(course: Course) -> dict[str, Decimal] | None:
    """The course's weights by type, or None: every type weighs the same."""
    return {w.assessment_type: w.weight for w in course.weights} or None


def weights_text(weights: dict[str, Decimal] | None) -> str:
    """Weights as the history says them: "Quiz 40%, Exam 60%" (or "Equal")."""
    if not weights:
        return "Equal"
    return ", ".join(f"{k.capitalize()} {v.normalize():f}%" for k, v in sorted(weights.items()) if v)


def set_weights(course: Course, weights: dict[str, Decimal], *, actor, expected_version: int) -> None:
    """Replace the course's weights; refused unless they total exactly 100 (grading.check_weights). Versioned
    with the course, so two people setting weights at once cannot mix theirs."""
    ensure(can_manage_training(actor))
    ensure_editable(course)
    check_version(course, expected_version)
    weights = {k: Decimal(v) for k, v in weights.items() if k in ASSESSMENT_TYPES}
    try:
        check_weights(weights)
    except ValueError as err:
        raise DomainError(str(err), field="weights") from None
    before = weights_text(weights_of(course))
    course.weights = [CourseWeight(assessment_type=k, weight=v) for k, v in weights.items() if v]
    db.session.flush()
    audit.record(actor, "training.weights_set", course, {"weights": [before, weights_text(weights)]})
    flag_modified(course, "active")  # the weights are the course's: its version moves, so older forms are stale
    db.session.flush()
