"""A member's own benevolence applications, under My record: draft, submit, follow, answer a question."""

from flask import Blueprint, flash, url_for
from flask_login import current_user

from hallweb.benevolence import applications, queries
from hallweb.benevolence.forms import ApplicationForm, EditApplicationForm, SubmitForm
from hallweb.benevolence.models import Application, Decision, Status
from hallweb.benevolence.policies import can_apply_for_benevolence, can_edit_application, is_applicant
from hallweb.errors import DomainError, NotFound
from hallweb.extensions import db
from hallweb.members.queries import member_of
from hallweb.web.access import allowed
from hallweb.web.forms import offer_stored_version, submitted_version
from hallweb.web.htmx import redirect_to, render
from hallweb.web.ratelimit import rate_limited

bp = Blueprint("my_benevolence", __name__, url_prefix="/me/benevolence")


def _mine(application_id) -> Application:
    """The member's own application; anyone else's is not found (404), never forbidden: its existence is private."""
    application = db.session.get(Application, application_id)
    if application is None or not is_applicant(current_user, application):
        raise NotFound("There is no such application.")
    return application


def _my_member():
    member = member_of(current_user)
    if member is None:
        raise NotFound("Your account is not linked to a member record yet: ask the hall office under My record.")
    return member


def _detail_context(application, submit_form=None) -> dict:
    question = next(
        (r for r in reversed(application.reviews) if r.decision == Decision.NEEDS_INFO),
        None,
    )
    editable = can_edit_application(current_user, application)
    return {
        "application": application,
        "question": question if application.status == Status.NEEDS_INFO else None,
        "can_edit": editable,
        "submit_form": (submit_form or SubmitForm(formdata=None, version=application.version)) if editable else None,
        "standing": applications.good_standing_problem(application.member) if editable else None,
    }


@bp.route("/")
@allowed(can_apply_for_benevolence)
def index():
    member = member_of(current_user)
    mine = queries.applications_of_member(member.id) if member else []
    problem = applications.good_standing_problem(member) if member else None
    return render("benevolence/my_index.html", member=member, applications=mine, standing=problem)


@bp.route("/new", methods=["GET", "POST"])
@allowed(can_apply_for_benevolence)
def new():
    member = _my_member()
    form = ApplicationForm()
    if form.validate_on_submit():
        try:
            application = applications.create_application(member, actor=current_user, **form.payload())
        except DomainError as err:
            db.session.rollback()
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Your draft is saved. Submit it when it is complete.", "success")
            return redirect_to(url_for(".detail", application_id=application.id))
    return render(
        "benevolence/my_new.html",
        "benevolence/_form.html",
        status=422 if form.errors else 200,
        form=form,
        action=url_for(".new"),
        standing=applications.good_standing_problem(member),
    )


@bp.route("/<id:application_id>")
@allowed(can_apply_for_benevolence)
def detail(application_id):
    return render("benevolence/my_detail.html", **_detail_context(_mine(application_id)))


@bp.route("/<id:application_id>/edit", methods=["GET", "POST"])
@allowed(can_apply_for_benevolence)
def edit(application_id):
    application = _mine(application_id)
    form = EditApplicationForm(obj=application)
    if form.validate_on_submit():
        try:
            applications.update_application(
                application, actor=current_user, expected_version=submitted_version(form), **form.payload()
            )
        except DomainError as err:
            offer_stored_version(form, application, err)
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Your changes are saved. Submit the application when it is complete.", "success")
            return redirect_to(url_for(".detail", application_id=application.id))
    return render(
        "benevolence/my_edit.html",
        "benevolence/_form.html",
        status=422 if form.errors else 200,
        form=form,
        application=application,
        action=url_for(".edit", application_id=application.id),
    )


@bp.route("/<id:application_id>/submit", methods=["POST"])
@allowed(can_apply_for_benevolence)
@rate_limited("RATELIMIT_BENEVOLENCE_MAIL")
@rate_limited("RATELIMIT_BENEVOLENCE_MAIL", per="user")
def submit(application_id):
    application = _mine(application_id)
    form = SubmitForm()
    if form.validate_on_submit():
        try:
            applications.submit_application(application, actor=current_user, expected_version=submitted_version(form))
        except DomainError as err:
            db.session.rollback()
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Your application is submitted. We have emailed you, and will again when it is decided.", "success")
            return redirect_to(url_for(".detail", application_id=application.id))
    application = _mine(application_id)
    return render(
        "benevolence/my_detail.html",
        "benevolence/_submit_form.html",
        status=422,
        application=application,
        submit_form=form,
        submit_url=url_for(".submit", application_id=application.id),
        page_context=lambda: _detail_context(application, form),
    )
