from flask import flash, request, url_for
from flask_login import current_user

from hallweb.auth.models import User
from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.formats import day
from hallweb.hall_clock import hall_today
from hallweb.training.forms import SessionFilterForm, SessionForm, SessionsForm
from hallweb.training.models import ClassSession, Cohort, Course
from hallweb.training.policies import can_manage_training, can_read_training
from hallweb.training.queries.sessions import course_options, list_sessions, sessions_for_export
from hallweb.training.queries.students import cohort_options
from hallweb.training.services.schedule import instructor_options, marks_taken, schedule_sessions, update_session
from hallweb.training.views import bp
from hallweb.training.views.common import record_or_404, typed_version
from hallweb.web.access import allowed
from hallweb.web.csv_export import csv_response
from hallweb.web.forms import choices, offer_stored_version, submitted_version
from hallweb.web.htmx import redirect_to, render


def _filter_form():
    form = SessionFilterForm(formdata=request.args)
    form.course.choices = choices([("", "Any course"), *course_options(include_archived=True)])
    form.cohort.choices = choices([("", "Any cohort"), *cohort_options()])
    form.instructor.choices = choices([("", "Any instructor"), *instructor_options()])
    return form


@bp.route("/sessions/")
@allowed(can_read_training)
def sessions():
    form = _filter_form()
    filters = form.filters()
    page = list_sessions(
        filters,
        after=request.args.get("after"),
        before=request.args.get("before"),
        last=request.args.get("last") == "1",
    )
    return render("training/sessions.html", "training/_sessions_table.html", form=form, filters=filters, page=page)


@bp.route("/sessions/export.csv")
@allowed(can_read_training)
def sessions_csv():
    filters = SessionFilterForm(formdata=request.args).filters()
    header = ["date", "starts", "ends", "hours", "course", "cohort", "instructor", "location"]

    def rows():
        for s in sessions_for_export(filters):
            yield [
                s.held_on.isoformat(),
                s.starts_at.strftime("%H:%M"),
                s.ends_at.strftime("%H:%M"),
                str(s.hours),
                s.course.code,
                s.cohort.name,
                f"{s.instructor.first_name} {s.instructor.last_name}",
                s.location or "",
            ]

    return csv_response("sessions.csv", header, rows())


@bp.route("/sessions/new", methods=["GET", "POST"])
@allowed(can_manage_training)
def new_sessions():
    form = SessionsForm()
    form.course_id.choices = choices(course_options())
    form.cohort_id.choices = choices(cohort_options())
    form.instructor_id.choices = choices(instructor_options())
    if form.validate_on_submit():
        try:
            made = schedule_sessions(
                actor=current_user,
                course=record_or_404(Course, form.course_id.data or 0, "course"),
                cohort=record_or_404(Cohort, form.cohort_id.data or 0, "cohort"),
                instructor=db.session.get(User, form.instructor_id.data) if form.instructor_id.data else None,
                first_date=form.first_date.data,
                starts_at=form.starts_at.data,
                ends_at=form.ends_at.data,
                location=form.location.data,
                weeks=form.weeks.data,
            )
        except DomainError as err:
            if err.status == 403:
                raise
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"{len(made)} session{'s' if len(made) != 1 else ''} scheduled.", "success")
            return redirect_to(url_for(".sessions", course=form.course_id.data, cohort=form.cohort_id.data))
    return render(
        "training/new_sessions.html", "training/_sessions_form.html", status=422 if form.errors else 200, form=form
    )


def _instructor_choices(session):
    """Those who hold the instructor role, and the session's own instructor even if they no longer do."""
    options = instructor_options()
    if session.instructor_id not in {i for i, _ in options}:
        i = session.instructor
        options.append((i.id, f"{i.first_name} {i.last_name} (no longer an instructor)"))
    return choices(options)


@bp.route("/sessions/<id:session_id>/edit", methods=["GET", "POST"])
@allowed(can_manage_training)
def edit_session(session_id):
    s = record_or_404(ClassSession, session_id, "session")
    form = SessionForm(obj=s)
    form.instructor_id.choices = _instructor_choices(s)
    if form.validate_on_submit():
        try:
            update_session(
                s,
                actor=current_user,
                expected_version=typed_version(submitted_version(form)),
                today=hall_today(),
                held_on=form.held_on.data,
                starts_at=form.starts_at.data,
                ends_at=form.ends_at.data,
                instructor=db.session.get(User, form.instructor_id.data) if form.instructor_id.data else None,
                location=form.location.data,
            )
        except DomainError as err:
            if err.status == 403:
                raise
            offer_stored_version(form, s, err)
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"Session of {s.course.code} on {day(s.held_on)} saved.", "success")
            return redirect_to(url_for(".sessions", course=s.course_id, cohort=s.cohort_id))
    return render(
        "training/edit_session.html",
        "training/_session_edit_form.html",
        status=422 if form.errors else 200,
        form=form,
        session=s,
        marked=marks_taken(s),
    )
