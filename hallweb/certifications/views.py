from flask import Blueprint, flash, request, url_for
from flask_login import current_user

from hallweb.audit.queries import history_of
from hallweb.certifications import panels, queries, services  # noqa: F401 - panels registers its panel and card
from hallweb.certifications.forms import (
    CertificationFilterForm,
    EditForm,
    RecordForm,
    RenewForm,
    RevokeForm,
)
from hallweb.certifications.policies import (
    can_edit_certification,
    can_manage_certifications,
    can_read_certifications,
    can_record_certification_for,
    can_record_certifications,
    can_renew_certification,
    can_revoke_certification,
    can_view_certifications_of,
)
from hallweb.certifications.validity import EXPIRING_WINDOWS
from hallweb.errors import DomainError, NotAllowed, NotFound
from hallweb.extensions import db
from hallweb.hall_clock import hall_today
from hallweb.members.queries import member_by_id, member_of
from hallweb.members.services import ensure_can_view as ensure_can_view_member
from hallweb.web.access import allowed, signed_in
from hallweb.web.confirm import confirm_page, confirmed
from hallweb.web.csv_export import csv_response
from hallweb.web.forms import offer_stored_version, submitted_version
from hallweb.web.htmx import redirect_to, render

bp = Blueprint("certifications", __name__, url_prefix="/certifications")


def _list(filters):
    return queries.list_certifications(
        filters,
        hall_today(),
        after=request.args.get("after"),
        before=request.args.get("before"),
        last=request.args.get("last") == "1",
    )


@bp.route("/")
@allowed(can_read_certifications)
def index():
    form = CertificationFilterForm(formdata=request.args)
    filters = form.filters()
    return render(
        "certifications/index.html",
        "certifications/_results.html",
        filters=filters,
        page=_list(filters),
        page_context=lambda: {"form": form, "windows": EXPIRING_WINDOWS},
    )


@bp.route("/expiring")
@allowed(can_read_certifications)
def expiring():
    """Certificates in force that expire within 30, 60 or 90 days (90 unless asked), soonest first."""
    form = CertificationFilterForm(formdata=request.args)
    filters = form.filters()
    filters.expiring = filters.expiring or EXPIRING_WINDOWS[-1]
    return render(
        "certifications/expiring.html",
        "certifications/_results.html",
        filters=filters,
        page=_list(filters),
        page_context=lambda: {"windows": EXPIRING_WINDOWS},
    )


@bp.route("/export.csv")
@allowed(can_read_certifications)
def export_csv():
    filters = CertificationFilterForm(formdata=request.args).filters()
    header = [
        "card_number",
        "last_name",
        "first_name",
        "type",
        "status",
        "issue_date",
        "expiry_date",
        "issuer",
        "certificate_number",
    ]

    def rows():  # a generator: the query runs while the response streams
        for c in queries.certifications_for_export(filters, hall_today()):
            yield [
                c.card_number,
                c.last_name,
                c.first_name,
                c.type_label,
                c.validity.label,
                c.issue_date,
                c.expiry_date,
                c.issuer,
                c.certificate_number,
            ]

    return csv_response("certifications.csv", header, rows())


def _cert(cert_id):
    return services.ensure_can_view(current_user, queries.certification_by_id(cert_id))


@bp.route("/new", methods=["GET", "POST"])
@allowed(can_record_certifications)
def new():
    form = RecordForm(data={"card_number": request.args.get("card", "")[:40]} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            member = services.member_with_card(form.card_number.data)
            values = form.payload()
            del values["card_number"]
            cert = services.record_certification(member, actor=current_user, **values)
        except DomainError as err:
            db.session.rollback()
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"{cert.type_label} recorded for {member.full_name}.", "success")
            return redirect_to(url_for(".detail", cert_id=cert.id))
    return render(
        "certifications/new.html",
        "certifications/_record_form.html",
        status=422 if request.method == "POST" else 200,  # a POST that gets here was refused
        form=form,
        action=url_for(".new"),
    )


@bp.route("/<id:cert_id>")
@signed_in
def detail(cert_id):
    cert = _cert(cert_id)
    today = hall_today()
    return render(
        "certifications/detail.html",
        cert=cert,
        held=queries.Listed(cert, today),
        chain=queries.chain_of(cert, today),
        history=history_of(cert),
    )


@bp.route("/<id:cert_id>/renew", methods=["GET", "POST"])
@allowed(can_record_certifications)
def renew(cert_id):
    cert = _cert(cert_id)
    form = RenewForm(data={"issue_date": hall_today(), "version": cert.version} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            new_cert = services.renew_certification(
                cert, actor=current_user, expected_version=submitted_version(form), **_without_version(form)
            )
        except DomainError as err:
            offer_stored_version(form, cert, err)
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"{cert.type_label} renewed; the old certificate is kept in its history.", "success")
            return redirect_to(url_for(".detail", cert_id=new_cert.id))
    elif request.method == "GET" and not can_renew_certification(current_user, cert):
        state = queries.Listed(cert, hall_today()).validity.label.lower()
        form.form_errors.append(f"This certification is {state}: only an active or expired one can be renewed.")
    return render(
        "certifications/renew.html",
        "certifications/_renew_form.html",
        status=422 if request.method == "POST" else 200,  # a POST that gets here was refused
        form=form,
        cert=cert,
        action=url_for(".renew", cert_id=cert.id),
    )


def _without_version(form) -> dict:
    values = form.payload()
    values.pop("version", None)
    return values


@bp.route("/<id:cert_id>/edit", methods=["GET", "POST"])
@allowed(can_manage_certifications)
def edit(cert_id):
    cert = _cert(cert_id)
    form = EditForm(obj=cert)
    if form.validate_on_submit():
        try:
            services.update_certification(
                cert, actor=current_user, expected_version=submitted_version(form), **_without_version(form)
            )
        except DomainError as err:
            offer_stored_version(form, cert, err)
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Certification updated.", "success")
            return redirect_to(url_for(".detail", cert_id=cert.id))
    elif not can_edit_certification(current_user, cert):
        form.form_errors.append("This certification is history (revoked or renewed) and can no longer be changed.")
    return render(
        "certifications/edit.html",
        "certifications/_edit_form.html",
        status=422 if request.method == "POST" else 200,  # a POST that gets here was refused
        form=form,
        cert=cert,
        action=url_for(".edit", cert_id=cert.id),
    )


@bp.route("/<id:cert_id>/revoke", methods=["GET", "POST"])
@allowed(can_manage_certifications)
def revoke(cert_id):
    """The reason is asked first; without JavaScript a confirmation page follows (hx-confirm with it)."""
    cert = _cert(cert_id)
    form = RevokeForm(data={"version": cert.version} if request.method == "GET" else None)
    if form.validate_on_submit():
        if not confirmed():
            return confirm_page(
                question=f"Revoke the {cert.type_label} certificate of {cert.member.full_name}?",
                consequences=[
                    "It is shown as revoked from now on, with your reason. Nothing is deleted.",
                    "A revoked certificate cannot be renewed or changed; record a new one if it is earned again.",
                ],
                action=url_for(".revoke", cert_id=cert.id),
                label="Revoke",
                cancel_url=url_for(".detail", cert_id=cert.id),
                carry={"reason": form.reason.data, "version": form.version.data},
            )
        try:
            services.revoke_certification(
                cert, actor=current_user, expected_version=submitted_version(form), reason=form.reason.data
            )
        except DomainError as err:
            offer_stored_version(form, cert, err)
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"{cert.type_label} of {cert.member.full_name} revoked.", "success")
            return redirect_to(url_for(".detail", cert_id=cert.id))
    elif request.method == "GET" and not can_revoke_certification(current_user, cert):
        form.form_errors.append(f"This certification is {cert.status}: it cannot be revoked.")
    return render(
        "certifications/revoke.html",
        "certifications/_revoke_form.html",
        status=422 if request.method == "POST" else 200,  # a POST that gets here was refused
        form=form,
        cert=cert,
        action=url_for(".revoke", cert_id=cert.id),
    )


def _panel_context(member) -> dict:
    return {
        "member": member,
        "held": queries.certifications_of(member.id, hall_today()),
        "can_record": can_record_certification_for(current_user, member),
    }


@bp.route("/member/<id:member_id>")
@signed_in
def of_member(member_id):
    """A member's certifications: the member page's panel (loaded when shown), or a page of its own."""
    member = ensure_can_view_member(current_user, member_by_id(member_id))
    if not can_view_certifications_of(current_user, member):
        raise NotAllowed("You may not see certifications.")
    return render("certifications/member.html", "certifications/_member_panel.html", **_panel_context(member))


@bp.route("/mine")
@signed_in
def mine():
    """The signed-in member's own certifications (My record loads them in place)."""
    member = member_of(current_user)
    if member is None:
        raise NotFound("Your account is not linked to a member record yet.")
    return render(
        "certifications/member.html", "certifications/_member_panel.html", mine=True, **_panel_context(member)
    )
