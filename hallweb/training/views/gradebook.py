from flask import flash, request, url_for
from flask_login import current_user

from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.hall_clock import hall_today
from hallweb.policies import ensure
from hallweb.training.attendance_math import Presence, attendance_rate, contact_hours
from hallweb.training.forms import AssessmentForm, EditAssessmentForm
from hallweb.training.models import Assessment, Cohort, Course
from hallweb.training.policies import can_grade, can_manage_training, can_teach
from hallweb.training.queries.gradebook import assessment_records
from hallweb.training.queries.gradebook import gradebook as read_gradebook
from hallweb.training.queries.roster import offering_marks
from hallweb.training.services.cells import StaleCell
from hallweb.training.services.grades import NOT_YOURS, add_assessment, save_grade, update_assessment
from hallweb.training.services.students import record_final_grades
from hallweb.training.settings import letter_scale
from hallweb.training.views import bp
from hallweb.training.views.common import record_or_404, typed_version
from hallweb.web.access import allowed
from hallweb.web.confirm import confirm_page
from hallweb.web.csv_export import csv_response
from hallweb.web.forms import offer_stored_version, submitted_version
from hallweb.web.htmx import is_partial, redirect_to, render


def _offering(course_id, cohort_id, *, checked_by_service=False) -> tuple[Course, Cohort]:
    course = record_or_404(Course, course_id, "course")
    cohort = record_or_404(Cohort, cohort_id, "cohort")
    if not checked_by_service:  # a save is checked by save_grade itself
        ensure(can_grade(current_user, course.id, cohort.id), NOT_YOURS)
    return course, cohort


def _book(course, cohort, **kw):
    return read_gradebook(course, cohort, today=hall_today(), scale=letter_scale(), **kw)


def _page(course, cohort, *, book=None, form=None, status=200):
    return render(
        "training/gradebook.html",
        status=status,
        course=course,
        cohort=cohort,
        book=book or _book(course, cohort),
        form=form or AssessmentForm(formdata=None),
    )


@bp.route("/courses/<id:course_id>/cohorts/<id:cohort_id>/gradebook", methods=["GET", "POST"])
@allowed(can_teach)
def gradebook(course_id, cohort_id):
    course, cohort = _offering(course_id, cohort_id)
    if request.method == "GET":
        return _page(course, cohort)
    # Without JavaScript: every cell in one form (score-<assessment>-<student>, version-...); all or nothing.
    book = _book(course, cohort)
    errors = {}
    assessments = assessment_records(course.id, cohort.id)
    for row in book.rows:
        for cell in row.cells:
            name = f"{cell.assessment_id}-{cell.student_id}"
            typed = request.form.get(f"score-{name}")
            if typed is None or typed.strip() == cell.shown:
                continue
            try:
                with db.session.begin_nested():
                    save_grade(
                        assessments[cell.assessment_id],
                        cell.student_id,
                        typed,
                        actor=current_user,
                        expected_version=typed_version(request.form.get(f"version-{name}")),
                    )
            except DomainError as err:
                if err.status in (403, 404):
                    raise
                errors[(cell.assessment_id, cell.student_id)] = (err, typed)
    if errors:
        db.session.rollback()
        book = _book(course, cohort)
        for row in book.rows:
            for cell in row.cells:
                if (found := errors.get((cell.assessment_id, cell.student_id))) is not None:
                    err, typed = found
                    cell.error = err.message
                    if not isinstance(err, StaleCell):
                        cell.shown = typed
        return _page(course, cohort, book=book, status=422)
    db.session.commit()
    flash("Grades saved.", "success")
    return redirect_to(url_for(".gradebook", course_id=course.id, cohort_id=cohort.id))


@bp.route(
    "/courses/<id:course_id>/cohorts/<id:cohort_id>/gradebook/<id:assessment_id>/<id:student_id>", methods=["POST"]
)
@allowed(can_teach)
def save_cell(course_id, cohort_id, assessment_id, student_id):
    """One cell (htmx): the cell comes back saved, refused with the reason (422), or, when someone else
    saved it meanwhile, showing their value and who (422: the cell is swapped, the stored value shown).

    The request is one transaction, committed once at its end: the save, then its reply (the cell and the
    student's totals) read and drawn. Committed before the reply, a second transaction would reload the course,
    cohort and assessment the commit expired, and on SQLite take the write lock again (as every POST's does)
    to read them."""
    course, cohort = _offering(course_id, cohort_id, checked_by_service=True)
    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None or (assessment.course_id, assessment.cohort_id) != (course.id, cohort.id):
        record_or_404(Assessment, 0, "assessment")
    name = f"{assessment.id}-{student_id}"
    typed = request.form.get(f"score-{name}", "")
    error = None
    try:
        save_grade(
            assessment,
            student_id,
            typed,
            actor=current_user,
            expected_version=typed_version(request.form.get(f"version-{name}")),
        )
    except DomainError as err:
        db.session.rollback()
        if err.status in (403, 404):
            raise
        error = err
    if error is None and not is_partial():
        db.session.commit()
        return redirect_to(url_for(".gradebook", course_id=course.id, cohort_id=cohort.id))
    book = _book(course, cohort, only_student=student_id)
    if not book.rows:
        record_or_404(Assessment, 0, "student in this course")
    row = book.rows[0]
    cell = next(c for c in row.cells if c.assessment_id == assessment.id)
    if error is not None:
        cell.error = error.message
        if not isinstance(error, StaleCell):
            cell.shown = typed
    else:
        cell.saved = True
    reply = render(
        "training/gradebook.html",
        "training/_grade_cell_reply.html",
        status=422 if error else 200,
        page_context=lambda: {"book": _book(course, cohort), "form": AssessmentForm(formdata=None)},
        course=course,
        cohort=cohort,
        row=row,
        cell=cell,
        assessment=assessment,
    )
    if error is None:
        db.session.commit()
    return reply


@bp.route("/courses/<id:course_id>/cohorts/<id:cohort_id>/assessments", methods=["POST"])
@allowed(can_teach)
def new_assessment(course_id, cohort_id):
    course, cohort = _offering(course_id, cohort_id)
    form = AssessmentForm()
    if form.validate_on_submit():
        try:
            a = add_assessment(actor=current_user, course=course, cohort=cohort, **form.payload())
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"{a.name} added.", "success")
            return redirect_to(url_for(".gradebook", course_id=course.id, cohort_id=cohort.id))
    return render(
        "training/gradebook.html",
        "training/_assessment_form.html",
        status=422,
        page_context=lambda: {"book": _book(course, cohort)},
        course=course,
        cohort=cohort,
        form=form,
    )


@bp.route("/courses/<id:course_id>/cohorts/<id:cohort_id>/assessments/<id:assessment_id>/edit", methods=["GET", "POST"])
@allowed(can_teach)
def edit_assessment(course_id, cohort_id, assessment_id):
    course, cohort = _offering(course_id, cohort_id)  # the service checks again: it owns the rule
    a = db.session.get(Assessment, assessment_id)
    if a is None or (a.course_id, a.cohort_id) != (course.id, cohort.id):
        record_or_404(Assessment, 0, "assessment")
    form = EditAssessmentForm(obj=a)
    if form.validate_on_submit():
        values = {k: v for k, v in form.payload().items() if k != "version"}
        try:
            update_assessment(a, actor=current_user, expected_version=typed_version(submitted_version(form)), **values)
        except DomainError as err:
            if err.status == 403:
                raise
            offer_stored_version(form, a, err)
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"{a.name} saved.", "success")
            return redirect_to(url_for(".gradebook", course_id=course.id, cohort_id=cohort.id))
    return render(
        "training/edit_assessment.html",
        "training/_assessment_edit_form.html",
        status=422 if form.errors else 200,
        form=form,
        assessment=a,
        course=course,
        cohort=cohort,
    )


@bp.route("/courses/<id:course_id>/cohorts/<id:cohort_id>/final-grades", methods=["POST"])
@allowed(can_manage_training)
def record_final(course_id, cohort_id):
    """Close the course for the cohort: final grades and letters recorded, enrollments completed or failed."""
    course = record_or_404(Course, course_id, "course")
    cohort = record_or_404(Cohort, cohort_id, "cohort")
    count = record_final_grades(
        actor=current_user, course=course, cohort=cohort, on=hall_today(), today=hall_today(), scale=letter_scale()
    )
    db.session.commit()
    flash(f"Final grades recorded for {count} student{'s' if count != 1 else ''}.", "success")
    return redirect_to(url_for(".gradebook", course_id=course.id, cohort_id=cohort.id))


@bp.route("/courses/<id:course_id>/cohorts/<id:cohort_id>/final-grades/confirm")
@allowed(can_manage_training)
def confirm_record_final(course_id, cohort_id):
    course = record_or_404(Course, course_id, "course")
    cohort = record_or_404(Cohort, cohort_id, "cohort")
    return confirm_page(
        question=f"Record the final grades of {course.code} for {cohort.name}?",
        consequences=[
            "Each open enrollment gets its final grade and letter as the gradebook shows them now.",
            "Those at or above the pass mark are completed; the others failed, or incomplete without any grade.",
        ],
        action=url_for(".record_final", course_id=course.id, cohort_id=cohort.id),
        label="Record final grades",
        cancel_url=url_for(".gradebook", course_id=course.id, cohort_id=cohort.id),
    )


@bp.route("/courses/<id:course_id>/cohorts/<id:cohort_id>/export.csv")
@allowed(can_teach)
def gradebook_csv(course_id, cohort_id):
    """The course's grades and attendance for the cohort: one row per student."""
    course, cohort = _offering(course_id, cohort_id)
    today = hall_today()
    book = _book(course, cohort)
    marks = offering_marks(course.id, cohort.id, today)
    header = [
        "number",
        "name",
        *(a.name for a in book.assessments),
        "grade_percent",
        "letter",
        "attendance_rate",
        "contact_hours",
    ]

    def rows():
        for row in book.rows:
            held = marks.get(row.student_id, [])
            rate = attendance_rate(m.status for m in held)
            hours = contact_hours(Presence(m.status, m.starts_at, m.ends_at, m.arrived_at, m.left_at) for m in held)
            yield [
                row.number,
                row.name,
                *(c.shown for c in row.cells),
                row.standing.percentage,
                row.standing.letter,
                rate,
                hours,
            ]

    return csv_response(f"{course.code}-{cohort.name}.csv", header, rows())
