"""Contact details edited in place: shared by staff on a member's page and by the member on /me."""

from flask import flash
from flask_login import current_user

from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.members import services
from hallweb.members.forms import ContactForm
from hallweb.web.forms import offer_stored_version, submitted_version
from hallweb.web.htmx import hx_trigger, render, swap_or_redirect


def edit_contact_form(member, urls: dict):
    """The form (a fragment under htmx, else a page); urls: show_url, edit_url, save_url."""
    return render(
        "members/contact_edit.html", "members/_contact_form.html", member=member, form=ContactForm(obj=member), **urls
    )


def save_contact_form(member, urls: dict, *, done_url: str, message: str):
    """Save phone and address; a stale or invalid form comes back with its errors (422)."""
    form = ContactForm()
    if form.validate_on_submit():
        try:
            services.update_contact_details(
                member, actor=current_user, expected_version=submitted_version(form), **form.payload()
            )
        except DomainError as err:
            offer_stored_version(form, member, err)
            err.attach_to(form)
        else:
            db.session.commit()
            flash(message, "success")
            return hx_trigger(
                swap_or_redirect("members/_contact.html", done_url, member=member, **urls), "member-changed"
            )
    return render(
        "members/contact_edit.html", "members/_contact_form.html", status=422, member=member, form=form, **urls
    )
