"""Template globals (hallweb/web/templating.py) and the forms macros."""

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
from flask import render_template_string, url_for
from markupsafe import escape
from werkzeug.datastructures import MultiDict
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import DataRequired

from hallweb.web.forms import Form, choices
from tests.factories import bulk_members
from tests.html import attrs_of, field_errors, input_attrs, link_href, parse, select_options
from tests.web.helpers import query_of


@pytest.mark.parametrize(
    ("endpoint", "parameter"),
    [("members.detail", "member_id"), ("organizations.detail", "organization_id"), ("admin.user_detail", "user_id")],
)
def test_row_url_is_url_for_of_the_row(app, endpoint, parameter):
    template = "{% for i in ids %}{{ row_url(endpoint, i) }} {% endfor %}"
    for script_root in ("", "/hall", ""):
        with app.test_request_context("/", base_url=f"http://hall.test{script_root}/"):
            expected = "".join(f"{url_for(endpoint, **{parameter: i})} " for i in (1, 42, 2_000_000_000))
            assert expected.startswith(f"{script_root}/")
            assert render_template_string(template, endpoint=endpoint, ids=[1, 42, 2_000_000_000]) == expected


def test_row_url_is_only_for_an_endpoint_with_one_parameter(app):
    with app.test_request_context("/"), pytest.raises(ValueError):
        render_template_string("{{ row_url('members.index', 1) }}")


def test_the_layout_links_where_url_for_does(client, login_as):
    login_as("admin")
    html = client.get("/members/", base_url="http://localhost/hall/").get_data(as_text=True)
    for path in ("/hall/members/", "/hall/organizations/", "/hall/admin/users", "/hall/static/app.css"):
        assert f'href="{path}' in html
    assert 'href="/members/' not in html


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"status": "retired", "archived": "include"},
        {"q": "o'neil", "sort": "-card"},
    ],
)
def test_list_links_keep_the_query_as_url_for_writes_it(client, login_as, args):
    """The CSV, sort and pager links are url_for's, under a script root too, with the filters escaped."""
    login_as("staff")
    bulk_members(51, prefix="O'neil", status="retired")
    html = client.get("/members/", query_string=args, base_url="http://localhost/hall/").get_data(as_text=True)
    after = query_of(link_href(html, "Next"))["after"]
    with client.application.test_request_context("/", base_url="http://localhost/hall/"):
        sort = "-card" if args.get("sort") == "card" else "card"
        expected = {
            "CSV": url_for("members.export_csv", **args),
            "Card number": url_for("members.index", **{**args, "sort": sort}),
            "Next": url_for("members.index", after=after, **args),
        }
    assert expected["Next"].startswith("/hall/members/?")
    for label, url in expected.items():
        assert f'href="{escape(url)}"' in html, label


class SampleForm(Form):
    class Meta:
        csrf = False

    name = StringField("Name", [DataRequired()], description="As on the card", render_kw={"autocomplete": "name"})
    size = RadioField("Size", choices=choices([("s", "Small"), ("l", "Large")]))
    colour = SelectField(
        "Colour", choices=choices([(1, "Red"), (2, "Green")]), coerce=int, render_kw={"autocomplete": "off"}
    )


def draw_fields(form) -> str:
    return render_template_string(
        '{% from "_macros/forms.html" import field %}{% for f in form %}{{ field(f) }}{% endfor %}', form=form
    )


def test_field_draws_each_kind_of_field_with_its_render_kw(app):
    with app.test_request_context("/"):
        form = SampleForm(formdata=MultiDict({"size": "l", "colour": "2"}))
        form.validate()
        html = draw_fields(form)
    page = parse(html)

    name = input_attrs(page, "name")
    assert name["autocomplete"] == "name" and "required" in name
    assert (name["aria-invalid"], name["aria-describedby"]) == ("true", "name-help name-errors")
    assert page.find("label", {"for": "name"}).text == "Name" and field_errors(html, "name")

    # a list of radio buttons (or checkboxes) is one group, named by its legend, whatever its class is called
    group = page.find("fieldset")
    assert group.find("legend").text == "Size" and group.attrs["aria-describedby"] == "size-errors"
    radios = group.find_all("input", {"type": "radio"})
    assert [(r.attrs["value"], "checked" in r.attrs) for r in radios] == [("s", False), ("l", True)]
    assert page.find("label", {"for": "size"}) is None

    select = attrs_of(page, "colour")
    assert (select["name"], select["autocomplete"], select["aria-describedby"]) == ("colour", "off", "colour-errors")
    assert "required" not in select  # it may be left as it is
    assert select_options(page, "colour") == [("1", "Red", False), ("2", "Green", True)]


def test_a_select_draws_the_choices_it_is_given(app):
    with app.test_request_context("/"):
        form = SampleForm(formdata=None)
        form.colour.choices = choices([(7, "Blue"), (9, "Teal")])
        form.colour.data = 9
        html = draw_fields(form)
    assert select_options(html, "colour") == [("7", "Blue", False), ("9", "Teal", True)]


def test_record_url_links_an_audit_rows_record_by_kind_or_gives_none(app):
    with app.test_request_context("/"):
        assert render_template_string("{{ record_url('members', 42) }}") == "/members/42"
        assert render_template_string("{{ record_url('organizations', 7) }}") == "/organizations/7"
        assert render_template_string("{{ record_url('users', 3) }}") == "/admin/users/3"
        for kind, record_id in (("member_link_requests", 5), (None, None), ("members", None)):
            assert render_template_string("{{ record_url(k, i) }}", k=kind, i=record_id) == "None"


def test_dates_times_and_money_print_the_house_way_filtered_or_not(app):
    moment = datetime(2026, 12, 4, 3, 5, tzinfo=UTC)  # still the 3rd in Chicago
    with app.test_request_context("/"):  # nobody signed in: the hall's zone, America/Chicago
        said = render_template_string(
            "{{ d }}|{{ t }}|{{ m }}|{{ m | local_date }}|{{ d | day }}|{{ a | money }}|{{ n }}",
            d=date(2026, 12, 3),
            t=time(14, 30),
            m=moment,
            a=Decimal("1234.5"),
            n=Decimal("2.50"),
        )
    assert said == "12/03/2026|2:30 PM|12/03/2026 9:05 PM CST|12/03/2026|12/03/2026|$1,234.50|2.50"
