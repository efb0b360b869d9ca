from flask import flash, request, url_for
from flask_login import current_user

from hallweb.audit.queries import history_of
from hallweb.errors import DomainError, NotFound
from hallweb.extensions import db
from hallweb.members.queries import member_of
from hallweb.organizations.queries import employer_options
from hallweb.organizing import queries, services
from hallweb.organizing.blueprint import bp
from hallweb.organizing.forms import ActivityFilterForm, ActivityForm, EditActivityForm
from hallweb.organizing.models import Activity
from hallweb.organizing.policies import (
    can_edit_activity,
    can_log_organizing,
    can_manage_all_organizing,
    can_read_organizing,
)
from hallweb.policies import ensure
from hallweb.web.access import allowed
from hallweb.web.csv_export import csv_response
from hallweb.web.forms import int_or_none, offer_stored_version, submitted_version
from hallweb.web.htmx import redirect_to, render


@bp.route("/")
@allowed(can_read_organizing)
def index():
    form = ActivityFilterForm(formdata=request.args)
    filters = form.filters()
    page = queries.list_activities(
        filters,
        after=request.args.get("after"),
        before=request.args.get("before"),
        last=request.args.get("last") == "1",
    )
    return render(
        "organizing/index.html",
        "organizing/_results.html",
        filters=filters,
        page=page,
        page_context=lambda: {"form": form.with_choices(employer_options(), queries.organizer_options())},
    )


@bp.route("/export.csv")
@allowed(can_read_organizing)
def export_csv():
    filters = ActivityFilterForm(formdata=request.args).filters()
    header = [
        "date",
        "employer",
        "organizer",
        "type",
        "outcome",
        "location",
        "workers_contacted",
        "cards_signed",
        "description",
        "notes",
    ]

    def rows():  # a generator: the query runs while the response streams
        for a in queries.activities_for_export(filters):
            yield [
                a.activity_date,
                a.employer_name,
                a.organizer_name,
                a.activity_type,
                a.outcome,
                a.location,
                a.workers_contacted,
                a.cards_signed,
                a.description,
                a.notes,
            ]

    return csv_response("organizing-activity.csv", header, rows())


def _with_choices(form, *, organizer_id=None):
    organizers = queries.organizer_options(also=organizer_id) if can_manage_all_organizing(current_user) else None
    return form.with_choices(employer_options(), organizers)


@bp.route("/new", methods=["GET", "POST"])
@allowed(can_log_organizing)
def new():
    form = _with_choices(ActivityForm())
    if request.method == "GET" and (employer_id := int_or_none(request.args.get("employer_id"))):
        form.employer_id.data = employer_id
    if form.validate_on_submit():
        try:
            activity = services.log_activity(actor=current_user, **form.payload())
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"Activity at {activity.employer.name} logged.", "success")
            return redirect_to(url_for(".campaign", employer_id=activity.employer_id))
    return render(
        "organizing/new.html",
        "organizing/_form.html",
        status=422 if form.errors else 200,
        form=form,
        action=url_for(".new"),
        page_context=lambda: {"unlinked": form.organizer_id is None and member_of(current_user) is None},
    )


def _activity(activity_id) -> Activity:
    activity = queries.activity_by_id(activity_id)
    if activity is None:
        raise NotFound("There is no such activity.")
    return activity


@bp.route("/<id:activity_id>")
@allowed(can_read_organizing)
def activity(activity_id):
    found = _activity(activity_id)
    return render(
        "organizing/detail.html",
        activity=found,
        can_edit=can_edit_activity(current_user, found),
        history=history_of(found),
    )


@bp.route("/<id:activity_id>/edit", methods=["GET", "POST"])
@allowed(can_log_organizing)
def edit(activity_id):
    found = _activity(activity_id)
    ensure(can_edit_activity(current_user, found), "You may edit only the activity you logged.")
    form = _with_choices(EditActivityForm(obj=found), organizer_id=found.organizer_id)
    if form.validate_on_submit():
        try:
            services.update_activity(
                found, actor=current_user, expected_version=submitted_version(form), **form.payload()
            )
        except DomainError as err:
            offer_stored_version(form, found, err)
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Activity updated.", "success")
            return redirect_to(url_for(".activity", activity_id=found.id))
    return render(
        "organizing/edit.html",
        "organizing/_form.html",
        status=422 if form.errors else 200,
        form=form,
        activity=found,
        action=url_for(".edit", activity_id=found.id),
    )
