"""A member's jobs: add one, end the current one (the Employment panel)."""

from flask import flash, url_for
from flask_login import current_user

from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.members import employment
from hallweb.members.forms import (
    EndJobForm,
    JobForm,
)
from hallweb.members.panels import employment as employment_panel
from hallweb.members.panels import with_choices
from hallweb.members.policies import (
    can_manage_members,
)
from hallweb.members.views import bp
from hallweb.members.views.record import panel_reply, viewable_member
from hallweb.web.access import allowed
from hallweb.web.htmx import hx_trigger, swap_or_redirect


def _employment_reply(member):
    db.session.refresh(member)
    resp = swap_or_redirect(
        "members/_employment.html",
        url_for(".detail", member_id=member.id),
        panel=employment_panel(member, current_user),
    )
    return hx_trigger(resp, "member-changed")


@bp.route("/<id:member_id>/jobs/new")
@allowed(can_manage_members)
def new_job(member_id):
    member = viewable_member(member_id)
    return panel_reply(member, "members/_employment.html", employment_panel(member, current_user, show_job_form=True))


@bp.route("/<id:member_id>/jobs", methods=["POST"])
@allowed(can_manage_members)
def add_job(member_id):
    member = viewable_member(member_id)
    form = with_choices(JobForm())
    if form.validate_on_submit():
        try:
            employment.add_job(member, actor=current_user, **form.payload())
        except DomainError as err:
            db.session.rollback()
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Job added.", "success")
            return _employment_reply(member)
    return panel_reply(
        member, "members/_employment.html", employment_panel(member, current_user, job_form=form), status=422
    )


@bp.route("/<id:member_id>/jobs/end")
@allowed(can_manage_members)
def end_job_form(member_id):
    member = viewable_member(member_id)
    return panel_reply(member, "members/_employment.html", employment_panel(member, current_user, show_end_form=True))


@bp.route("/<id:member_id>/jobs/end", methods=["POST"])
@allowed(can_manage_members)
def end_job(member_id):
    member = viewable_member(member_id)
    form = EndJobForm()
    if form.validate_on_submit():
        try:
            employment.end_job(member, actor=current_user, end_date=form.end_date.data)
        except DomainError as err:
            db.session.rollback()
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Job ended.", "success")
            return _employment_reply(member)
    return panel_reply(
        member, "members/_employment.html", employment_panel(member, current_user, end_form=form), status=422
    )
