from flask import Blueprint, flash, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from hallweb.audit.queries import history_of
from hallweb.auth.models import User
from hallweb.benevolence import applications, queries
from hallweb.benevolence.forms import ApplicationFilterForm, EditApplicationForm, StaffApplicationForm, SubmitForm
from hallweb.benevolence.models import REASON_LABELS, STATUS_LABELS, Application, Review
from hallweb.benevolence.pages import staff_context
from hallweb.benevolence.panels import member_panel  # registers the member page's panel and the home card
from hallweb.benevolence.policies import can_read_benevolence, can_take_benevolence
from hallweb.benevolence.rules import level_label
from hallweb.errors import DomainError, NotFound
from hallweb.extensions import db
from hallweb.members.models import Member
from hallweb.web.access import allowed
from hallweb.web.csv_export import csv_response
from hallweb.web.forms import offer_stored_version, submitted_version
from hallweb.web.htmx import redirect_to, render
from hallweb.web.ratelimit import rate_limited

bp = Blueprint("benevolence", __name__, url_prefix="/benevolence")
bp.add_app_template_filter(level_label, "level_label")
# The list draws plain rows (codes): their words.
bp.add_app_template_global(REASON_LABELS, "benevolence_reason_labels")
bp.add_app_template_global(STATUS_LABELS, "benevolence_status_labels")


# What the application page draws besides the application: loaded with it, not one by one while drawing.
# The people it names are names to show: their role grants are not read.
PAGE_LOADS = [
    selectinload(Application.reviews).joinedload(Review.reviewer).lazyload(User.grants),
    joinedload(Application.entered_by).lazyload(User.grants),
    joinedload(Application.override_by).lazyload(User.grants),
]


def application_or_404(application_id) -> Application:
    application = db.session.get(Application, application_id, options=PAGE_LOADS)
    if application is None:
        raise NotFound("There is no such application.")
    return application


@bp.route("/")
@allowed(can_read_benevolence)
def index():
    form = ApplicationFilterForm(formdata=request.args)
    filters = form.filters()
    page = queries.list_applications(
        filters,
        after=request.args.get("after"),
        before=request.args.get("before"),
        last=request.args.get("last") == "1",
    )
    return render("benevolence/index.html", "benevolence/_results.html", form=form, filters=filters, page=page)


@bp.route("/export.csv")
@allowed(can_read_benevolence)
def export_csv():
    filters = ApplicationFilterForm(formdata=request.args).filters()
    header = [
        "number", "card_number", "member", "application_date", "reason", "status", "awaiting_level",
        "amount_requested", "amount_approved", "paid_on", "payment_method", "payment_reference", "caps_overridden",
    ]  # fmt: skip

    def rows():  # a generator: the query runs while the response streams
        for a in queries.applications_for_export(filters):
            yield [
                a.id, a.member.card_number, a.member.full_name, a.application_date.isoformat(), a.reason, a.status,
                a.awaiting_level or "", a.amount_requested, a.amount_approved if a.amount_approved is not None else "",
                a.paid_on.isoformat() if a.paid_on else "", a.payment_method or "", a.payment_reference or "",
                "yes" if a.is_overridden else "no",
            ]  # fmt: skip

    return csv_response("benevolence.csv", header, rows())


@bp.route("/new", methods=["GET", "POST"])
@allowed(can_take_benevolence)
def new():
    member = _member_from(request.args.get("member"))
    form = StaffApplicationForm(card_number=member.card_number if member else None)
    if form.validate_on_submit():
        values = form.payload()
        card = values.pop("card_number").strip()
        member = db.session.scalar(select(Member).where(Member.card_number == card))
        try:
            if member is None:
                raise DomainError("No member has this card number.", field="card_number")
            application = applications.create_application(member, actor=current_user, **values)
        except DomainError as err:
            db.session.rollback()
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"Draft saved for {member.full_name}. Submit it when it is complete.", "success")
            return redirect_to(url_for(".detail", application_id=application.id))
    return render(
        "benevolence/new.html",
        "benevolence/_form.html",
        status=422 if form.errors else 200,
        form=form,
        action=url_for(".new"),
    )


def _member_from(value) -> Member | None:
    try:
        member_id = int(value)
    except (TypeError, ValueError):
        return None
    return db.session.get(Member, member_id) if 1 <= member_id < 2**31 else None


@bp.route("/member/<id:member_id>")
@allowed(can_read_benevolence)
def of_member(member_id):
    """A member's applications: the member page's panel (loaded when shown), or a page of its own."""
    member = db.session.get(Member, member_id)
    if member is None:
        raise NotFound("There is no such member.")
    return render("benevolence/member.html", "benevolence/_member_panel.html", panel=member_panel(member, current_user))


@bp.route("/<id:application_id>")
@allowed(can_read_benevolence)
def detail(application_id):
    return render("benevolence/detail.html", **staff_context(application_or_404(application_id)))


@bp.route("/<id:application_id>/history")
@allowed(can_read_benevolence)
def history(application_id):
    application = application_or_404(application_id)
    return render(
        "benevolence/detail.html",
        "benevolence/_history.html",
        application=application,
        history=history_of(application),
        page_context=lambda: staff_context(application),
    )


@bp.route("/<id:application_id>/edit", methods=["GET", "POST"])
@allowed(can_take_benevolence)
def edit(application_id):
    application = application_or_404(application_id)
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
            flash("Application saved.", "success")
            return redirect_to(url_for(".detail", application_id=application.id))
    return render(
        "benevolence/edit.html",
        "benevolence/_form.html",
        status=422 if form.errors else 200,
        form=form,
        application=application,
        action=url_for(".edit", application_id=application.id),
    )


@bp.route("/<id:application_id>/submit", methods=["POST"])
@allowed(can_take_benevolence)
@rate_limited("RATELIMIT_BENEVOLENCE_MAIL")
@rate_limited("RATELIMIT_BENEVOLENCE_MAIL", per="user")
def submit(application_id):
    application = application_or_404(application_id)
    form = SubmitForm()
    if form.validate_on_submit():
        try:
            applications.submit_application(application, actor=current_user, expected_version=submitted_version(form))
        except DomainError as err:
            db.session.rollback()
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Submitted: it now waits for the first level of review.", "success")
            return redirect_to(url_for(".detail", application_id=application.id))
    return _refused(application, "benevolence/_submit_form.html", submit_form=form)


def _refused(application, partial: str, **forms):
    """An action's form again, with what was wrong (422), on the page or in place."""
    application = application_or_404(application.id)
    return render(
        "benevolence/detail.html",
        partial,
        status=422,
        application=application,
        **forms,
        page_context=lambda: staff_context(application, **forms),
    )


# The other views of this blueprint register their routes when imported.
from hallweb.benevolence import review_views, summary_views  # noqa: E402,F401,I001
