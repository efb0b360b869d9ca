"""The members list, its filters and its CSV."""

from flask import request
from flask_login import current_user

from hallweb.classifications.queries import classification_options
from hallweb.members import queries
from hallweb.members.forms import (
    MemberFilterForm,
)
from hallweb.members.policies import (
    can_read_members,
)
from hallweb.members.views import bp
from hallweb.organizations.queries import employer_options
from hallweb.web.access import allowed
from hallweb.web.csv_export import csv_response
from hallweb.web.forms import choices
from hallweb.web.htmx import render


def _with_pick_lists(form: MemberFilterForm) -> dict:
    """The filter form with its pick lists' choices: only the whole page draws it, not the table fragment."""
    form.classification_id.choices = choices([("", "Any classification"), *classification_options()])
    form.employer_id.choices = choices([("", "Any employer"), *employer_options()])
    return {"form": form}


@bp.route("/")
@allowed(can_read_members)
def index():
    form = MemberFilterForm(formdata=request.args)
    filters = queries.visible_to(current_user, form.filters())
    page = queries.list_members(
        filters,
        after=request.args.get("after"),
        before=request.args.get("before"),
        last=request.args.get("last") == "1",
    )
    return render(
        "members/index.html",
        "members/_results.html",
        filters=filters,
        page=page,
        page_context=lambda: _with_pick_lists(form),
    )


@bp.route("/export.csv")
@allowed(can_read_members)
def export_csv():
    filters = queries.visible_to(current_user, MemberFilterForm(formdata=request.args).filters())
    header = [
        "card_number",
        "last_name",
        "first_name",
        "classification",
        "status",
        "current_employer",
        "email",
        "phone",
        "address_line1",
        "address_line2",
        "city",
        "state",
        "postal_code",
        "initiation_date",
        "home_local",
        "archived",
    ]

    def rows():  # a generator: the query runs while the response streams
        for m, employer in queries.members_for_export(filters):
            yield [
                m.card_number,
                m.last_name,
                m.first_name,
                m.classification.name,
                m.status,
                employer,
                m.email,
                m.phone,
                m.address_line1,
                m.address_line2,
                m.city,
                m.state,
                m.postal_code,
                m.initiation_date,
                m.home_local,
                "yes" if m.is_archived else "no",
            ]

    return csv_response("members.csv", header, rows())
