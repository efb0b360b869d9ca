from flask import flash, url_for
from flask_login import current_user

from hallweb.errors import DomainError, NotFound
from hallweb.extensions import db
from hallweb.members.models import Member
from hallweb.members.policies import can_view_member
from hallweb.organizations.models import Organization
from hallweb.organizing import campaigns, salt_applications
from hallweb.organizing.blueprint import bp
from hallweb.organizing.chart import cards_chart
from hallweb.organizing.forms import CorrectionForm, FollowUpForm, SaltApplicationForm
from hallweb.organizing.member_panel import organizing_of
from hallweb.organizing.models import SaltApplication
from hallweb.organizing.policies import can_read_organizing, can_record_salt_applications
from hallweb.web.access import allowed
from hallweb.web.htmx import redirect_to, render


def _employer(employer_id) -> Organization:
    employer = db.session.get(Organization, employer_id)
    if employer is None:
        raise NotFound("There is no such employer.")
    return employer


def _entry(application_id) -> SaltApplication:
    entry = db.session.get(SaltApplication, application_id)
    if entry is None:
        raise NotFound("There is no such salt application.")
    return entry


@bp.route("/campaigns")
@allowed(can_read_organizing)
def campaign_list():
    return render("organizing/campaigns.html", campaigns=campaigns.campaigns())


def _campaign_context(employer) -> dict:
    months, totals = campaigns.months_of(employer.id)
    return {
        "employer": employer,
        "months": months,
        "totals": totals,
        "chart": cards_chart(months),
        "timeline": campaigns.timeline(employer.id),
        "cases": campaigns.salt_cases(employer.id),
    }


@bp.route("/campaigns/<id:employer_id>")
@allowed(can_read_organizing)
def campaign(employer_id):
    return render("organizing/campaign.html", **_campaign_context(_employer(employer_id)))


@bp.route("/campaigns/<id:employer_id>/summary")
@allowed(can_read_organizing)
def employer_panel(employer_id):
    """The employer page's Organizing panel (loaded when it comes into view); opened directly, the campaign."""
    employer = _employer(employer_id)
    _, totals = campaigns.months_of(employer.id)
    return render(
        "organizing/campaign.html",
        "organizing/_employer_panel.html",
        org=employer,
        totals=totals,
        page_context=lambda: _campaign_context(employer),
    )


@bp.route("/campaigns/<id:employer_id>/salt-applications/new", methods=["GET", "POST"])
@allowed(can_record_salt_applications)
def new_salt_application(employer_id):
    employer = _employer(employer_id)
    form = SaltApplicationForm()
    if form.validate_on_submit():
        try:
            salt_applications.record_salt_application(actor=current_user, employer_id=employer.id, **form.payload())
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Salt application recorded.", "success")
            return redirect_to(url_for(".campaign", employer_id=employer.id) + "#salt-applications")
    return render(
        "organizing/salt_form.html",
        "organizing/_salt_form.html",
        status=422 if form.errors else 200,
        form=form,
        employer=employer,
        heading=f"Record a salt application at {employer.name}",
        action=url_for(".new_salt_application", employer_id=employer.id),
    )


@bp.route("/salt-applications/<id:application_id>/correct", methods=["GET", "POST"])
@allowed(can_record_salt_applications)
def correct_salt_application(application_id):
    entry = _entry(application_id)
    form = CorrectionForm(data={"salt_card_number": entry.salt.card_number}, obj=entry)
    if form.validate_on_submit():
        try:
            salt_applications.correct_salt_application(entry, actor=current_user, **form.payload())
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Correction recorded; the entry it corrects stays on file.", "success")
            return redirect_to(url_for(".campaign", employer_id=entry.employer_id) + "#salt-applications")
    employer = _employer(entry.employer_id)
    return render(
        "organizing/salt_form.html",
        "organizing/_salt_form.html",
        status=422 if form.errors else 200,
        form=form,
        employer=employer,
        entry=entry,
        heading=f"Correct the salt application of {entry.salt.full_name}",
        action=url_for(".correct_salt_application", application_id=entry.id),
    )


@bp.route("/salt-applications/<id:application_id>/follow-ups/new", methods=["GET", "POST"])
@allowed(can_record_salt_applications)
def new_follow_up(application_id):
    entry = _entry(application_id)
    form = FollowUpForm()
    if form.validate_on_submit():
        try:
            salt_applications.record_follow_up(entry, actor=current_user, **form.payload())
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Follow-up recorded.", "success")
            return redirect_to(url_for(".campaign", employer_id=entry.employer_id) + "#salt-applications")
    employer = _employer(entry.employer_id)
    return render(
        "organizing/salt_form.html",
        "organizing/_salt_form.html",
        status=422 if form.errors else 200,
        form=form,
        employer=employer,
        entry=entry,
        heading=f"Follow up the salt application of {entry.salt.full_name}",
        action=url_for(".new_follow_up", application_id=entry.id),
    )


@bp.route("/members/<id:member_id>")
@allowed(can_read_organizing)
def member_summary(member_id):
    """A member's organizing: the member page's panel (loaded when in view), or a page of its own."""
    member = db.session.get(Member, member_id)
    if member is None or not can_view_member(current_user, member):
        raise NotFound("There is no such member.")
    return render("organizing/member.html", "organizing/_member_panel.html", member=member, **organizing_of(member.id))
