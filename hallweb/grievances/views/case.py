from flask import flash, request, url_for
from flask_login import current_user

from hallweb.audit.queries import history_of
from hallweb.db.versioning import StaleEdit
from hallweb.errors import DomainError, InvalidTransition, NotFound
from hallweb.extensions import db
from hallweb.formats import day
from hallweb.grievances import actions, filing, queries
from hallweb.grievances.calendar import rules
from hallweb.grievances.case import shown_deadline
from hallweb.grievances.filing import file_grievance
from hallweb.grievances.forms import ACTION_FORMS, EditGrievanceForm, FileGrievanceForm
from hallweb.grievances.models import OUTCOME_LABELS
from hallweb.grievances.policies import can_act_on_grievances, can_read_grievances, can_view_grievance
from hallweb.grievances.transitions import ACTION_LABELS, Action, allowed_actions
from hallweb.grievances.views import bp
from hallweb.hall_clock import hall_today
from hallweb.members.models import Member
from hallweb.organizations.queries import employer_options
from hallweb.web.access import allowed, signed_in
from hallweb.web.forms import choices, int_or_none, offer_stored_version, submitted_version
from hallweb.web.htmx import hx_trigger, redirect_to, render, swap_or_redirect

ACTIONS = "any(" + ", ".join(a.value for a in Action) + ")"


def _with_choices(form: FileGrievanceForm) -> FileGrievanceForm:
    form.employer_id.choices = choices([("", "Choose an employer…"), *employer_options()])
    form.representative_id.choices = choices([("", "Not assigned yet"), *queries.representative_options()])
    return form


@bp.route("/new", methods=["GET", "POST"])
@allowed(can_act_on_grievances)
def new():
    form = _with_choices(FileGrievanceForm())
    if request.method == "GET":
        form.filed_date.data = form.filed_date.data or hall_today()
        form.step.data = form.step.data or 1
        form.representative_id.data = current_user.id
        member = db.session.get(Member, int_or_none(request.args.get("member")) or 0)
        if member is not None:
            form.card_number.data = member.card_number
    if form.validate_on_submit():
        try:
            g = file_grievance(actor=current_user, **form.payload())
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            late = " It is flagged as filed late." if g.filed_late else ""
            flash(f"Grievance {g.number} filed.{late}", "success")
            return redirect_to(url_for(".detail", grievance_id=g.id))
    return render("grievances/new.html", "grievances/_form.html", status=422 if form.errors else 200, form=form)


@bp.route("/<id:grievance_id>/edit", methods=["GET", "POST"])
@allowed(can_act_on_grievances)
def edit(grievance_id):
    g = _grievance(grievance_id)
    form = EditGrievanceForm(obj=g)
    form.representative_id.choices = choices([("", "Not assigned"), *queries.representative_options()])
    if form.validate_on_submit():
        values = {k: v for k, v in form.payload().items() if k != "version"}
        try:
            filing.update_grievance(g, actor=current_user, expected_version=submitted_version(form), **values)
        except DomainError as err:
            if err.status in (403, 404):
                raise
            offer_stored_version(form, g, err)
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"Grievance {g.number} saved.", "success")
            return redirect_to(url_for(".detail", grievance_id=g.id))
    return render(
        "grievances/edit.html", "grievances/_edit_form.html", status=422 if form.errors else 200, form=form, g=g
    )


def _grievance(grievance_id):
    g = queries.grievance_with_names(grievance_id)
    if g is None or not can_view_grievance(current_user, g):
        raise NotFound("There is no such grievance.")  # another member's case is not there for a member
    return g


def _case_context(g, *, action=None, form=None, refused=None):
    can_act = can_act_on_grievances(current_user)
    return {
        "g": g,
        "deadline": shown_deadline(g),
        "rules": rules(),
        "offered": allowed_actions(g.status, g.step) if can_act else [],
        "action_labels": ACTION_LABELS,
        "action": action,
        "form": form,
        "refused": refused,
    }


def _page_context(g):
    return lambda: {
        "timeline": queries.timeline_of(g),
        "outcomes": OUTCOME_LABELS,
        "history": history_of(g) if can_read_grievances(current_user) else None,
    }


@bp.route("/<id:grievance_id>")
@signed_in
def detail(grievance_id):
    g = _grievance(grievance_id)
    return render("grievances/detail.html", **_case_context(g), **_page_context(g)())


@bp.route("/<id:grievance_id>/case")
@signed_in
def case_panel(grievance_id):
    g = _grievance(grievance_id)
    return render("grievances/detail.html", "grievances/_case.html", **_case_context(g), page_context=_page_context(g))


def _blank_form(g, action: Action):
    defaults = {"version": g.version}
    form_class = ACTION_FORMS[action]
    if hasattr(form_class, "occurred_on"):
        defaults["occurred_on"] = hall_today()
    return form_class(formdata=None, **defaults)


@bp.route(f"/<id:grievance_id>/act/<{ACTIONS}:action>")
@allowed(can_act_on_grievances)
def action_form(grievance_id, action):
    g = _grievance(grievance_id)
    action = Action(action)
    try:
        actions.may(g, action, current_user)
    except InvalidTransition as err:
        return render(
            "grievances/detail.html",
            "grievances/_case.html",
            status=422,
            **_case_context(g, refused=err.message),
            page_context=_page_context(g),
        )
    return render(
        "grievances/detail.html",
        "grievances/_case.html",
        **_case_context(g, action=action, form=_blank_form(g, action)),
        page_context=_page_context(g),
    )


DONE = {
    Action.INVESTIGATE: "Investigation started.",
    Action.MEETING: "Step meeting recorded.",
    Action.ANSWER: "Employer's answer recorded.",
    Action.APPEAL: "Appealed to the next step.",
    Action.ARBITRATION: "Arbitration demanded.",
    Action.EXTENSION: "Extension granted.",
    Action.SETTLE: "Grievance settled.",
    Action.WITHDRAW: "Grievance withdrawn.",
    Action.CLOSE: "Grievance closed.",
}


@bp.route(f"/<id:grievance_id>/<{ACTIONS}:action>", methods=["POST"])
@allowed(can_act_on_grievances)
def act(grievance_id, action):
    g = _grievance(grievance_id)
    action = Action(action)
    form = ACTION_FORMS[action]()
    refused = None
    if form.validate_on_submit():
        values = {k: v for k, v in form.payload().items() if k != "version"}
        try:
            actions.PERFORM[action](g, actor=current_user, expected_version=submitted_version(form), **values)
        except InvalidTransition as err:
            db.session.rollback()
            refused, form, action = err.message, None, None
        except DomainError as err:
            if err.status in (403, 404):
                raise
            if isinstance(err, StaleEdit) or err.field is None:
                offer_stored_version(form, g, err)
            err.attach_to(form)
        else:
            db.session.commit()
            when = f" Next deadline: {day(g.next_deadline)}." if g.next_deadline else ""
            flash(f"{DONE[action]}{when}", "success")
            resp = swap_or_redirect("grievances/_case.html", url_for(".detail", grievance_id=g.id), **_case_context(g))
            return hx_trigger(resp, "grievance-changed")
    return render(
        "grievances/detail.html",
        "grievances/_case.html",
        status=422,
        **_case_context(g, action=action, form=form, refused=refused),
        page_context=_page_context(g),
    )


@bp.route("/<id:grievance_id>/timeline")
@signed_in
def timeline(grievance_id):
    g = _grievance(grievance_id)
    return render(
        "grievances/detail.html",
        "grievances/_timeline.html",
        g=g,
        timeline=queries.timeline_of(g),
        outcomes=OUTCOME_LABELS,
        rules=rules(),
        page_context=lambda: {**_case_context(g), **_page_context(g)()},
    )


@bp.route("/<id:grievance_id>/history")
@allowed(can_read_grievances)
def history(grievance_id):
    g = _grievance(grievance_id)
    return render(
        "grievances/detail.html",
        "grievances/_history.html",
        g=g,
        history=history_of(g),
        page_context=lambda: {**_case_context(g), **_page_context(g)()},
    )
