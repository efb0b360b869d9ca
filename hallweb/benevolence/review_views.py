"""Review, override, payment and review levels: the officers' and office's actions on an application."""

from flask import flash, url_for
from flask_login import current_user

from hallweb.benevolence import payments, queries, reviewers, reviews
from hallweb.benevolence.forms import DecisionForm, OverrideForm, PaymentForm, ReviewerForm
from hallweb.benevolence.models import DECISION_LABELS, Decision
from hallweb.benevolence.policies import (
    can_assign_benevolence_reviewers,
    can_override_benevolence_caps,
    can_review_benevolence,
    can_take_benevolence,
)
from hallweb.benevolence.views import _refused, application_or_404, bp
from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.web.access import allowed
from hallweb.web.forms import choices, submitted_version
from hallweb.web.htmx import redirect_to, render
from hallweb.web.ratelimit import rate_limited


@bp.route("/review")
@allowed(can_review_benevolence)
def queue():
    levels = reviewers.levels_of(current_user)
    return render(
        "benevolence/queue.html",
        levels=levels,
        waiting=queries.awaiting_review(current_user.id, levels),
    )


@bp.route("/<id:application_id>/decide", methods=["POST"])
@allowed(can_review_benevolence)
@rate_limited("RATELIMIT_BENEVOLENCE_MAIL")
@rate_limited("RATELIMIT_BENEVOLENCE_MAIL", per="user")
def decide(application_id):
    application = application_or_404(application_id)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            reviews.decide(
                application,
                actor=current_user,
                level=form.level.data,
                decision=form.decision.data,
                comment=form.comment.data,
                approved_amount=form.approved_amount.data,
                expected_version=submitted_version(form),
            )
        except DomainError as err:
            db.session.rollback()
            err.attach_to(form)
        else:
            db.session.commit()
            said = DECISION_LABELS[Decision(form.decision.data)]
            flash(
                f"{said}: your decision is recorded. The application is now {application.status_label.lower()}.",
                "success",
            )
            return redirect_to(url_for(".detail", application_id=application.id))
    return _refused(application, "benevolence/_decide_form.html", decision_form=form)


@bp.route("/<id:application_id>/override", methods=["POST"])
@allowed(can_override_benevolence_caps)
def override(application_id):
    application = application_or_404(application_id)
    form = OverrideForm()
    if form.validate_on_submit():
        try:
            reviews.override_caps(
                application, actor=current_user, reason=form.reason.data, expected_version=submitted_version(form)
            )
        except DomainError as err:
            db.session.rollback()
            err.attach_to(form)
        else:
            db.session.commit()
            flash("The caps are overridden for this application; your reason is shown on it.", "success")
            return redirect_to(url_for(".detail", application_id=application.id))
    return _refused(application, "benevolence/_override_form.html", override_form=form)


@bp.route("/<id:application_id>/pay", methods=["POST"])
@allowed(can_take_benevolence)
@rate_limited("RATELIMIT_BENEVOLENCE_MAIL")
@rate_limited("RATELIMIT_BENEVOLENCE_MAIL", per="user")
def pay(application_id):
    application = application_or_404(application_id)
    form = PaymentForm()
    if form.validate_on_submit():
        try:
            payments.record_payment(
                application,
                actor=current_user,
                paid_on=form.paid_on.data,
                method=form.method.data,
                reference=form.reference.data,
                expected_version=submitted_version(form),
            )
        except DomainError as err:
            db.session.rollback()
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Payment recorded; the member is told by email.", "success")
            return redirect_to(url_for(".detail", application_id=application.id))
    return _refused(application, "benevolence/_payment_form.html", payment_form=form)


def _reviewer_form(form=None) -> ReviewerForm:
    form = form or ReviewerForm(formdata=None)
    form.user_id.choices = choices([(0, "Choose an officer…"), *reviewers.officer_options()])
    return form


@bp.route("/reviewers", methods=["GET", "POST"])
@allowed(can_assign_benevolence_reviewers)
def reviewer_levels():
    form = _reviewer_form(ReviewerForm())
    if form.validate_on_submit():
        try:
            reviewers.assign_level(actor=current_user, user_id=form.user_id.data, level=form.level.data)
        except DomainError as err:
            db.session.rollback()
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Review level assigned.", "success")
            return redirect_to(url_for(".reviewer_levels"))
    return render(
        "benevolence/reviewers.html",
        "benevolence/_reviewer_form.html",
        status=422 if form.errors else 200,
        form=form,
        assignments=reviewers.assignments(),
    )


@bp.route("/reviewers/<id:assignment_id>/remove", methods=["POST"])
@allowed(can_assign_benevolence_reviewers)
def remove_reviewer_level(assignment_id):
    reviewers.remove_level(assignment_id, actor=current_user)
    db.session.commit()
    flash("Review level removed.", "success")
    return redirect_to(url_for(".reviewer_levels"))
