from decimal import Decimal

from flask import flash, url_for
from flask_login import current_user
from sqlalchemy import func, select

from hallweb.audit.queries import history_of
from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.training.forms import CohortForm, CourseForm, EnrollCohortForm, WeightsForm
from hallweb.training.grading import ASSESSMENT_TYPES
from hallweb.training.models import COURSE_TYPE_LABELS, ClassSession, Cohort, Course, Enrollment
from hallweb.training.policies import can_manage_training, can_read_training
from hallweb.training.queries.students import cohort_options
from hallweb.training.services.catalogue import create_cohort, create_course, set_weights, weights_of
from hallweb.training.services.students import enroll_cohort
from hallweb.training.settings import hall_today
from hallweb.training.views import bp
from hallweb.training.views.common import record_or_404, typed_version
from hallweb.web.access import allowed
from hallweb.web.forms import choices
from hallweb.web.htmx import redirect_to, render


def _catalogue(course_form=None, cohort_form=None, status=200):
    return render(
        "training/courses.html",
        status=status,
        courses=db.session.scalars(select(Course).where(Course.archived_at.is_(None)).order_by(Course.code)).all(),
        cohorts=db.session.scalars(select(Cohort).order_by(Cohort.start_date.desc(), Cohort.id)).all(),
        types=COURSE_TYPE_LABELS,
        course_form=course_form or CourseForm(formdata=None),
        cohort_form=cohort_form or CohortForm(formdata=None),
    )


@bp.route("/courses/")
@allowed(can_read_training)
def courses():
    return _catalogue()


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
    return _catalogue(course_form=form, status=422)


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
    return _catalogue(cohort_form=form, status=422)


def _weights_form(course, form=None):
    if form is None:
        current = weights_of(course) or {}
        form = WeightsForm(formdata=None, version=course.version, **{k: current.get(k) for k in ASSESSMENT_TYPES})
    return form


def _enroll_form(form=None):
    form = form or EnrollCohortForm(formdata=None, enrolled_on=hall_today())
    form.cohort_id.choices = choices(cohort_options())
    return form


def _course_page(course, *, weights_form=None, enroll_form=None, status=200):
    offerings = db.session.execute(
        select(Cohort.id, Cohort.name, func.count(Enrollment.id))
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.course_id == course.id)
        .group_by(Cohort.id, Cohort.name)
        .order_by(Cohort.name)
    ).all()
    taught = set(
        db.session.scalars(select(ClassSession.cohort_id).where(ClassSession.course_id == course.id).distinct())
    )
    return render(
        "training/course.html",
        status=status,
        course=course,
        weights=weights_of(course),
        offerings=offerings,
        taught=taught,
        types=COURSE_TYPE_LABELS,
        history=history_of(course),
        weights_form=_weights_form(course, weights_form),
        enroll_form=_enroll_form(enroll_form),
    )


@bp.route("/courses/<id:course_id>")
@allowed(can_read_training)
def course(course_id):
    return _course_page(record_or_404(Course, course_id, "course"))


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
                expected_version=typed_version(form.version.data),
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
    return _course_page(c, weights_form=form, status=422)


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
    return _course_page(c, enroll_form=form, status=422)
