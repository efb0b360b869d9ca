"""Jinja filters and globals shared by every template."""

from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, request, url_for
from flask_login import current_user
from wtforms.widgets import ListWidget, Select, html_params

from hallweb import policies
from hallweb.db.db_types import utcnow
from hallweb.members import policies as member_policies
from hallweb.organizations import policies as organization_policies


def local_time(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A UTC timestamp shown in the signed-in user's time zone (the hall's default otherwise)."""
    if value is None:
        return ""
    name = getattr(current_user, "timezone", None) or current_app.config["DEFAULT_TIMEZONE"]
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return value.astimezone(zone).strftime(fmt)


def is_option_list(field) -> bool:
    """The field draws a list of inputs (checkboxes, radio buttons), labelled as one group."""
    return isinstance(field.widget, ListWidget)


def is_single_select(field) -> bool:
    """The field draws a <select> of one choice (its options are drawn by the forms macros)."""
    return isinstance(field.widget, Select) and not field.widget.multiple


def fixed_url_builder():
    """fixed_url(): url_for() for links that are the same on every page (the layout's navigation and assets),
    each built once per script root. The URL map does not change once the app runs, and building the
    layout's ~20 links took a few percent of every page. One per app: apps may map URLs differently."""
    built: dict[tuple, str] = {}

    def fixed_url(endpoint: str, **values) -> str:
        key = (request.script_root, endpoint, *sorted(values.items()))
        url = built.get(key)
        if url is None:
            url = built[key] = url_for(endpoint, **values)
        return url

    return fixed_url


QUERY_SAFE = "!$'()*,/:;?@"  # what Werkzeug's url_for leaves unquoted in a query string: the same URLs


def query_url_builder(fixed_url):
    """query_url(): url_for() for an endpoint without path parameters, where only the query changes (a list's
    pager, sort and CSV links): the endpoint's fixed URL and the query string, at half url_for's cost."""

    def query_url(endpoint: str, **args) -> str:
        query = urlencode([(name, value) for name, value in args.items() if value is not None], safe=QUERY_SAFE)
        url = fixed_url(endpoint)
        return f"{url}?{query}" if query else url

    return query_url


def register(app):
    for module in (policies, member_policies, organization_policies):  # who may do what, as in the services
        app.jinja_env.globals.update(policies.predicates_of(module))
    fixed_url = fixed_url_builder()
    app.add_template_filter(local_time)
    app.add_template_test(is_option_list, "option_list")
    app.add_template_test(is_single_select, "single_select")
    app.add_template_global(html_params)
    app.add_template_global(utcnow, "now")
    app.add_template_global(fixed_url, "fixed_url")
    app.add_template_global(query_url_builder(fixed_url), "query_url")

    @app.context_processor
    def hall():
        return {"local_name": app.config["LOCAL_NAME"]}
