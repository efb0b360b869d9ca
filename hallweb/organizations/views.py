from flask import Blueprint, flash, request, url_for
from flask_login import current_user

from hallweb.audit.queries import history_of
from hallweb.db.archiving import RESTORE_NOTE
from hallweb.errors import DomainError, NotFound
from hallweb.extensions import db
from hallweb.members.queries import current_employees
from hallweb.organizations import queries, services
from hallweb.organizations.forms import ContactForm, EditOrganizationForm, NewOrganizationForm, OrganizationFilterForm
from hallweb.organizations.models import Organization
from hallweb.organizations.policies import (
    can_edit_organization,
    can_manage_organizations,
    can_read_organizations,
    can_restore_organizations,
)
from hallweb.web.access import allowed
from hallweb.web.confirm import confirm_page
from hallweb.web.csv_export import csv_response
from hallweb.web.forms import offer_stored_version, submitted_version
from hallweb.web.htmx import hx_trigger, redirect_to, render, swap_or_redirect

bp = Blueprint("organizations", __name__, url_prefix="/organizations")


@bp.route("/")
@allowed(can_read_organizations)
def index():
    form = OrganizationFilterForm(formdata=request.args)
    filters = form.filters()
    page = queries.list_organizations(
        filters,
        after=request.args.get("after"),
        before=request.args.get("before"),
        last=request.args.get("last") == "1",
    )
    return render("organizations/index.html", "organizations/_results.html", form=form, filters=filters, page=page)


@bp.route("/export.csv")
@allowed(can_read_organizations)
def export_csv():
    filters = OrganizationFilterForm(formdata=request.args).filters()
    header = ["name", "kind", "phone", "email", "website", "address", "archived"]

    def rows():  # a generator: the query runs while the response streams
        for o in queries.organizations_for_export(filters):
            yield [o.name, o.kind, o.phone, o.email, o.website, o.address, "yes" if o.archived_at else "no"]

    return csv_response("organizations.csv", header, rows())


@bp.route("/new", methods=["GET", "POST"])
@allowed(can_manage_organizations)
def new():
    form = NewOrganizationForm()
    if form.validate_on_submit():
        try:
            org = services.create_organization(actor=current_user, **form.payload())
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"{org.name} added.", "success")
            return redirect_to(url_for(".detail", organization_id=org.id))
    return render(
        "organizations/new.html",
        "organizations/_form.html",
        status=422 if form.errors else 200,
        form=form,
        action=url_for(".new"),
    )


def _org(organization_id) -> Organization:
    org = db.session.get(Organization, organization_id)
    if org is None:
        raise NotFound("There is no such organization.")
    return org


def _contacts_context(org, *, add_form=None, editing=None, edit_form=None):
    return {
        "org": org,
        "contacts": org.contacts,
        "can_edit": can_edit_organization(current_user, org),
        "add_form": add_form or ContactForm(formdata=None, prefix="new"),
        "editing": editing,
        "edit_form": edit_form,
    }


@bp.route("/<id:organization_id>")
@allowed(can_read_organizations)
def detail(organization_id):
    org = _org(organization_id)
    return render(
        "organizations/detail.html", employees=current_employees(org), history=history_of(org), **_contacts_context(org)
    )


@bp.route("/<id:organization_id>/edit", methods=["GET", "POST"])
@allowed(can_manage_organizations)
def edit(organization_id):
    org = _org(organization_id)
    form = EditOrganizationForm(obj=org)
    if form.validate_on_submit():
        try:
            services.update_organization(
                org, actor=current_user, expected_version=submitted_version(form), **form.payload()
            )
        except DomainError as err:
            offer_stored_version(form, org, err)
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Organization updated.", "success")
            return redirect_to(url_for(".detail", organization_id=org.id))
    return render(
        "organizations/edit.html",
        "organizations/_form.html",
        status=422 if form.errors else 200,
        form=form,
        org=org,
        action=url_for(".edit", organization_id=org.id),
    )


@bp.route("/<id:organization_id>/archive/confirm")
@allowed(can_manage_organizations)
def confirm_archive(organization_id):
    org = _org(organization_id)
    return confirm_page(
        question=f"Archive {org.name}?",
        consequences=[
            "It is hidden from lists and can no longer be changed. Nothing is deleted.",
            RESTORE_NOTE,
        ],
        action=url_for(".archive", organization_id=org.id),
        label="Archive",
        cancel_url=url_for(".detail", organization_id=org.id),
    )


@bp.route("/<id:organization_id>/archive", methods=["POST"])
@allowed(can_manage_organizations)
def archive(organization_id):
    org = _org(organization_id)
    services.archive_organization(org, actor=current_user)
    db.session.commit()
    flash(f"{org.name} is archived: hidden from lists, nothing deleted. {RESTORE_NOTE}", "success")
    return redirect_to(url_for(".detail", organization_id=org.id))


@bp.route("/<id:organization_id>/restore", methods=["POST"])
@allowed(can_restore_organizations)
def restore(organization_id):
    org = _org(organization_id)
    services.restore_organization(org, actor=current_user)
    db.session.commit()
    flash(f"{org.name} is restored.", "success")
    return redirect_to(url_for(".detail", organization_id=org.id))


# Contacts: one panel; its forms post here and get the panel back.


def _contacts_reply(org, status=200, **ctx):
    resp = swap_or_redirect(
        "organizations/_contacts.html",
        url_for(".detail", organization_id=org.id),
        status=status,
        **_contacts_context(org, **ctx),
    )
    return hx_trigger(resp, "organization-changed") if status == 200 else resp


def _contacts_error(org, **ctx):
    return render(
        "organizations/contacts.html", "organizations/_contacts.html", status=422, **_contacts_context(org, **ctx)
    )


@bp.route("/<id:organization_id>/contacts", methods=["GET"])
@allowed(can_read_organizations)
def contacts(organization_id):
    org = _org(organization_id)
    return render("organizations/contacts.html", "organizations/_contacts.html", **_contacts_context(org))


@bp.route("/<id:organization_id>/contacts", methods=["POST"])
@allowed(can_manage_organizations)
def add_contact(organization_id):
    org = _org(organization_id)
    form = ContactForm(prefix="new")
    if form.validate_on_submit():
        try:
            services.add_contact(org, actor=current_user, **form.payload())
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Contact added.", "success")
            return _contacts_reply(org)
    return _contacts_error(org, add_form=form)


@bp.route("/<id:organization_id>/contacts/<id:contact_id>/edit", methods=["GET", "POST"])
@allowed(can_manage_organizations)
def edit_contact(organization_id, contact_id):
    org = _org(organization_id)
    contact = next((c for c in org.contacts if c.id == contact_id), None)  # the panel draws them all anyway
    if contact is None:
        raise NotFound("There is no such contact.")
    form = ContactForm(obj=contact, prefix="edit")
    if form.validate_on_submit():
        try:
            services.update_contact(org, contact_id, actor=current_user, **form.payload())
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            flash("Contact saved.", "success")
            return _contacts_reply(org)
        return _contacts_error(org, editing=contact_id, edit_form=form)
    return render(
        "organizations/contacts.html",
        "organizations/_contacts.html",
        status=422 if form.errors else 200,
        **_contacts_context(org, editing=contact_id, edit_form=form),
    )


@bp.route("/<id:organization_id>/contacts/<id:contact_id>/remove/confirm")
@allowed(can_manage_organizations)
def confirm_remove_contact(organization_id, contact_id):
    org = _org(organization_id)
    contact = next((c for c in org.contacts if c.id == contact_id), None)
    if contact is None:
        raise NotFound("There is no such contact.")
    return confirm_page(
        question=f"Remove {contact.name} from the contacts of {org.name}?",
        consequences=["The contact is deleted; the history keeps a note of the removal."],
        action=url_for(".remove_contact", organization_id=org.id, contact_id=contact.id),
        label="Remove",
        cancel_url=url_for(".detail", organization_id=org.id),
    )


@bp.route("/<id:organization_id>/contacts/<id:contact_id>/remove", methods=["POST"])
@allowed(can_manage_organizations)
def remove_contact(organization_id, contact_id):
    org = _org(organization_id)
    services.remove_contact(org, contact_id, actor=current_user)
    db.session.commit()
    flash("Contact removed.", "success")
    return _contacts_reply(org)


@bp.route("/<id:organization_id>/history")
@allowed(can_read_organizations)
def history(organization_id):
    org = _org(organization_id)
    return render(
        "organizations/detail.html",
        "organizations/_history.html",
        org=org,
        history=history_of(org),
        page_context=lambda: {"employees": current_employees(org), **_contacts_context(org)},
    )
