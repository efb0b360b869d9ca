from decimal import Decimal

from flask import flash, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from hallweb.audit.queries import history_of
from hallweb.db.archiving import RESTORE_NOTE
from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.hall_clock import hall_today
from hallweb.training.forms import (
    CohortForm,
    CourseFilterForm,
    CourseForm,
    EditCohortForm,
    EditCourseForm,
    EnrollCohortForm,
    WeightsForm,
)
from hallweb.training.grading import ASSESSMENT_TYPES
from hallweb.training.models import COURSE_TYPE_LABELS, Cohort, Course, Enrollment
from hallweb.training.policies import can_manage_training, can_read_training, can_restore_training
from hallweb.training.queries.courses import courses_for_export, list_courses
from hallweb.training.queries.students import cohort_options
from hallweb.training.services import catalogue as services
from hallweb.training.services.catalogue import (
    create_cohort,
    create_course,
    set_weights,
    update_cohort,
    update_course,
    weights_of,
)
from hallweb.training.services.students import enroll_cohort
from hallweb.training.views import bp
from hallweb.training.views.common import record_or_404, typed_version
from hallweb.web.access import allowed
from hallweb.web.confirm import confirm_page
from hallweb.web.csv_export import csv_response
from hallweb.web.forms import choices, offer_stored_version, submitted_version
from hallweb.web.htmx import redirect_to, render


def _list_context():
    form = CourseFilterForm(formdata=request.args)
    filters = form.filters()
    page = list_courses(
        filters,
        after=request.args.get("after"),
        before=request.args.get("before"),
        last=request.args.get("last") == "1",
    )
    return {"form": form, "filters": filters, "page": page, "types": COURSE_TYPE_LABELS}


def _catalogue_context(course_form=None, cohort_form=None):
    return {
        **_list_context(),
        "cohorts": db.session.scalars(select(Cohort).order_by(Cohort.start_date.desc(), Cohort.id)).all(),
        "course_form": course_form or CourseForm(formdata=None),
        "cohort_form": cohort_form or CohortForm(formdata=None),
    }


@bp.route("/courses/")
@allowed(can_read_training)
def courses():
    ctx = _list_context()
    return render("training/courses.html", "training/_courses_table.html", page_context=_catalogue_context, **ctx)


@bp.route("/courses/export.csv")
@allowed(can_read_training)
def courses_csv():
    filters = CourseFilterForm(formdata=request.args).filters()
    header = ["code", "title", "type", "hours", "credits", "pass_mark", "archived"]

    def rows():
        for c in courses_for_export(filters):
            archived = "yes" if c.archived_at else "no"
            yield [c.code, c.title, c.course_type, c.hours, c.credits, c.pass_mark, archived]

    return csv_response("courses.csv", header, rows())


@bp.route("/courses/new", methods=["POST"])
@allowed(can_manage_training)
def new_course():
    form = CourseForm()
    if form.validate_on_submit():
        try:
            c = create_course(actor=current_user, **form.payload())
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"{c.code} added.", "success")
            return redirect_to(url_for(".course", course_id=c.id))
    return render(
        "training/courses.html",
        "training/_new_course_form.html",
        status=422,
        page_context=lambda: _catalogue_context(course_form=form),
        course_form=form,
    )


@bp.route("/cohorts/new", methods=["POST"])
@allowed(can_manage_training)
def new_cohort():
    form = CohortForm()
    if form.validate_on_submit():
        try:
            c = create_cohort(actor=current_user, **form.payload())
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"Cohort {c.name} added.", "success")
            return redirect_to(url_for(".courses"))
    return render(
        "training/courses.html",
        "training/_cohort_form.html",
        status=422,
        page_context=lambda: _catalogue_context(cohort_form=form),
        cohort_form=form,
    )


@bp.route("/cohorts/<id:cohort_id>/edit", methods=["GET", "POST"])
@allowed(can_manage_training)
def edit_cohort(cohort_id):
    c = record_or_404(Cohort, cohort_id, "cohort")
    form = EditCohortForm(obj=c)
    if form.validate_on_submit():
        values = {k: v for k, v in form.payload().items() if k != "version"}
        try:
            update_cohort(c, actor=current_user, expected_version=typed_version(submitted_version(form)), **values)
        except DomainError as err:
            if err.status == 403:
                raise
            offer_stored_version(form, c, err)
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"Cohort {c.name} saved.", "success")
            return redirect_to(url_for(".courses") + f"#cohort-{c.id}")
    return render(
        "training/edit_cohort.html",
        "training/_cohort_edit_form.html",
        status=422 if form.errors else 200,
        form=form,
        cohort=c,
    )


def _weights_form(course, form=None):
    if form is None:
        current = weights_of(course) or {}
        form = WeightsForm(formdata=None, version=course.version, **{k: current.get(k) for k in ASSESSMENT_TYPES})
    return form


def _enroll_form(form=None):
    form = form or EnrollCohortForm(formdata=None, enrolled_on=hall_today())
    form.cohort_id.choices = choices(cohort_options())
    return form


def _course_context(course, *, weights_form=None, enroll_form=None):
    offerings = db.session.execute(
        select(Cohort.id, Cohort.name, func.count(Enrollment.id))
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.course_id == course.id)
        .group_by(Cohort.id, Cohort.name)
        .order_by(Cohort.name)
    ).all()
    return {
        "course": course,
        "weights": weights_of(course),
        "offerings": offerings,
        "types": COURSE_TYPE_LABELS,
        "history": history_of(course),
        "weights_form": _weights_form(course, weights_form),
        "enroll_form": _enroll_form(enroll_form),
    }


def _course_error(course, partial, **forms):
    return render(
        "training/course.html",
        partial,
        status=422,
        page_context=lambda: _course_context(course, **forms),
        course=course,
        **{k: v for k, v in forms.items() if v is not None},
    )


@bp.route("/courses/<id:course_id>")
@allowed(can_read_training)
def course(course_id):
    return render("training/course.html", **_course_context(record_or_404(Course, course_id, "course")))


@bp.route("/courses/<id:course_id>/weights", methods=["POST"])
@allowed(can_manage_training)
def course_weights(course_id):
    c = record_or_404(Course, course_id, "course")
    form = WeightsForm()
    if form.validate_on_submit():
        try:
            set_weights(
                c,
                {k: getattr(form, k).data or Decimal(0) for k in ASSESSMENT_TYPES},
                actor=current_user,
                expected_version=typed_version(submitted_version(form)),
            )
        except DomainError as err:
            if err.status == 403:
                raise
            form.form_errors.append(err.message)
        else:
            db.session.commit()
            flash("Weights saved.", "success")
            return redirect_to(url_for(".course", course_id=c.id))
    db.session.rollback()
    return _course_error(c, "training/_weights_form.html", weights_form=form)


@bp.route("/courses/<id:course_id>/enroll-cohort", methods=["POST"])
@allowed(can_manage_training)
def course_enroll_cohort(course_id):
    c = record_or_404(Course, course_id, "course")
    form = _enroll_form(EnrollCohortForm())
    if form.validate_on_submit():
        try:
            cohort = record_or_404(Cohort, form.cohort_id.data or 0, "cohort")
            made = enroll_cohort(actor=current_user, course=c, cohort=cohort, on=form.enrolled_on.data)
        except DomainError as err:
            if err.status == 403:
                raise
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"{len(made)} students of {cohort.name} enrolled in {c.code}.", "success")
            return redirect_to(url_for(".course", course_id=c.id))
    return _course_error(c, "training/_enroll_cohort_form.html", enroll_form=form)


@bp.route("/courses/<id:course_id>/edit", methods=["GET", "POST"])
@allowed(can_manage_training)
def edit_course(course_id):
    c = record_or_404(Course, course_id, "course")
    form = EditCourseForm(obj=c)
    if form.validate_on_submit():
        values = {k: v for k, v in form.payload().items() if k != "version"}
        try:
            update_course(c, actor=current_user, expected_version=typed_version(submitted_version(form)), **values)
        except DomainError as err:
            if err.status == 403:
                raise
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"{c.code} saved.", "success")
            return redirect_to(url_for(".course", course_id=c.id))
    return render(
        "training/edit_course.html",
        "training/_course_form.html",
        status=422 if form.errors else 200,
        form=form,
        course=c,
    )


@bp.route("/courses/<id:course_id>/archive/confirm")
@allowed(can_manage_training)
def confirm_archive_course(course_id):
    c = record_or_404(Course, course_id, "course")
    return confirm_page(
        question=f"Archive {c.code} {c.title}?",
        consequences=["It leaves the catalogue and can no longer be changed. Nothing is deleted.", RESTORE_NOTE],
        action=url_for(".archive_course", course_id=c.id),
        label="Archive",
        cancel_url=url_for(".course", course_id=c.id),
    )


@bp.route("/courses/<id:course_id>/archive", methods=["POST"])
@allowed(can_manage_training)
def archive_course(course_id):
    c = record_or_404(Course, course_id, "course")
    services.archive_course(c, actor=current_user)
    db.session.commit()
    flash(f"{c.code} is archived: hidden from the catalogue, nothing deleted. {RESTORE_NOTE}", "success")
    return redirect_to(url_for(".course", course_id=c.id))


@bp.route("/courses/<id:course_id>/restore", methods=["POST"])
@allowed(can_restore_training)
def restore_course(course_id):
    c = record_or_404(Course, course_id, "course")
    services.restore_course(c, actor=current_user)
    db.session.commit()
    flash(f"{c.code} is restored.", "success")
    return redirect_to(url_for(".course", course_id=c.id))
