from flask import current_app, request
from flask_login import current_user

from hallweb.errors import NotFound
from hallweb.extensions import db
from hallweb.grievances import queries
from hallweb.grievances.case import deadline_flag
from hallweb.grievances.forms import GrievanceFilterForm
from hallweb.grievances.policies import can_open_own_grievances, can_read_grievances
from hallweb.grievances.transitions import STATUS_LABELS
from hallweb.grievances.views import bp
from hallweb.members.models import Member
from hallweb.members.policies import can_view_member
from hallweb.members.queries import member_of
from hallweb.organizations.models import Organization
from hallweb.organizations.queries import employer_options
from hallweb.web.access import allowed
from hallweb.web.csv_export import csv_response
from hallweb.web.forms import choices
from hallweb.web.htmx import render


def _window():
    return queries.due_window(int(current_app.config["GRIEVANCE_DUE_SOON_DAYS"]))


def _filter_choices(form: GrievanceFilterForm) -> GrievanceFilterForm:
    final = current_app.config["GRIEVANCE_FINAL_STEP_NAME"]
    form.step.choices = choices([("", "Any step"), ("1", "Step 1"), ("2", "Step 2"), ("3", "Step 3"), ("4", final)])
    form.employer.choices = choices([("", "Any employer"), *((str(i), n) for i, n in employer_options())])
    form.representative.choices = choices([("", "Anyone"), *((str(i), n) for i, n in queries.representative_options())])
    return form


@bp.route("/")
@allowed(can_read_grievances)
def index():
    form = GrievanceFilterForm(formdata=request.args)
    filters = form.filters()
    window = _window()
    page = queries.list_grievances(
        filters,
        window,
        after=request.args.get("after"),
        before=request.args.get("before"),
        last=request.args.get("last") == "1",
    )
    return render(
        "grievances/index.html",
        "grievances/_results.html",
        filters=filters,
        page=page,
        window=window,
        flag=deadline_flag,
        status_labels=STATUS_LABELS,
        final_step=current_app.config["GRIEVANCE_FINAL_STEP_NAME"],
        page_context=lambda: {"form": _filter_choices(form)},
    )


@bp.route("/export.csv")
@allowed(can_read_grievances)
def export_csv():
    filters = GrievanceFilterForm(formdata=request.args).filters()
    window = _window()
    header = [
        "number",
        "grievant",
        "employer",
        "article",
        "step",
        "status",
        "filed",
        "incident",
        "next deadline",
        "flag",
        "representative",
        "settlement amount",
        "filed late",
    ]

    def rows():  # a generator: the query runs while the response streams
        for g in queries.grievances_for_export(filters, window):
            yield [
                g.number,
                "The union (policy grievance)" if g.is_policy else g.grievant,
                g.employer_name,
                g.article,
                g.step,
                g.status,
                g.filed_date,
                g.incident_date,
                g.next_deadline,
                deadline_flag(g.status, g.next_deadline, window.today, window.soon_until),
                g.representative_name or "",
                g.settlement_amount,
                "yes" if g.filed_late else "no",
            ]

    return csv_response("grievances.csv", header, rows())


@bp.route("/mine")
@allowed(can_open_own_grievances)
def mine():
    member = member_of(current_user)
    grievances = queries.grievances_of_member(member.id) if member else []
    return render("grievances/mine.html", "grievances/_mine.html", member=member, grievances=grievances)


@bp.route("/member/<id:member_id>")
@allowed(can_read_grievances)
def member_panel(member_id):
    member = db.session.get(Member, member_id)
    if member is None or not can_view_member(current_user, member):
        raise NotFound("There is no such member.")
    return render(
        "grievances/member.html",
        "grievances/_member_panel.html",
        member=member,
        grievances=queries.grievances_of_member(member.id),
    )


@bp.route("/employer/<id:organization_id>")
@allowed(can_read_grievances)
def employer_panel(organization_id):
    org = db.session.get(Organization, organization_id)
    if org is None:
        raise NotFound("There is no such organization.")
    return render(
        "grievances/employer.html",
        "grievances/_employer_panel.html",
        org=org,
        grievances=queries.grievances_against(org.id),
    )
