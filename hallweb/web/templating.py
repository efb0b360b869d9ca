"""Jinja filters and globals shared by every template."""

from datetime import date, datetime, time, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, request, url_for
from flask_login import current_user
from wtforms.widgets import ListWidget, Select, html_params

from hallweb import formats, policies
from hallweb.audit import policies as audit_policies
from hallweb.audit.describe import VOCABULARY
from hallweb.auth.models import ROLE_LABELS, role_labels
from hallweb.benevolence import policies as benevolence_policies
from hallweb.certifications import policies as certification_policies
from hallweb.db.archiving import RESTORE_NOTE
from hallweb.db.db_types import utcnow
from hallweb.grievances import policies as grievance_policies
from hallweb.hall_clock import hall_zone
from hallweb.members import policies as member_policies
from hallweb.organizations import policies as organization_policies
from hallweb.organizing import policies as organizing_policies
from hallweb.training import policies as training_policies

# Every domain's policies, whose predicates templates may ask (a new domain adds its module here).
POLICY_MODULES = (
    policies,
    audit_policies,
    member_policies,
    organization_policies,
    training_policies,
    certification_policies,
    benevolence_policies,
    organizing_policies,
    grievance_policies,
)


def viewer_zone() -> tzinfo:
    """The signed-in user's time zone (the hall's default otherwise)."""
    name = getattr(current_user, "timezone", None) or current_app.config["DEFAULT_TIMEZONE"]
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_time(value: datetime | None) -> str:
    """A UTC timestamp in the viewer's time zone, labelled with it: 12/03/2026 10:15 AM CST."""
    return formats.moment(value, viewer_zone())


def local_date(value: datetime | None) -> str:
    """The date a UTC timestamp falls on in the viewer's time zone: 12/03/2026."""
    return formats.moment(value, viewer_zone(), with_time=False)


def hall_span(on: date, start: time, end: time, with_date: bool = True) -> str:
    """A class session (timetabled on the hall's clock) in the viewer's zone: Thu 12/03/2026 6:00 PM–9:00 PM CST."""
    return formats.span(on, start, end, hall_zone(), viewer_zone(), with_date=with_date)


def house_format(value):
    """Jinja's finalize: a date, time or timestamp printed as it is reads the house way (hallweb/formats.py),
    so no page ever shows ISO text to a person, even where a template forgot its filter."""
    if isinstance(value, datetime):
        return local_time(value)
    if isinstance(value, date):
        return formats.day(value)
    if isinstance(value, time):
        return formats.clock(value)
    return value


def sentences(entry) -> list[str]:
    """An audit entry in plain sentences (hallweb/audit/describe.py), times in the viewer's zone."""
    return entry.sentences(viewer_zone())


def role_label(name: str) -> str:
    """A role's display name (auth.models.ROLE_LABELS)."""
    return ROLE_LABELS.get(name, name)


def is_option_list(field) -> bool:
    """The field draws a list of inputs (checkboxes, radio buttons), labelled as one group."""
    return isinstance(field.widget, ListWidget)


def is_single_select(field) -> bool:
    """The field draws a <select> of one choice (its options are drawn by the forms macros)."""
    return isinstance(field.widget, Select) and not field.widget.multiple


_ROW_MARK = 2_147_483_647  # a placeholder id, put where url_for puts a row's id


def row_url_builder():
    """row_url(endpoint, id): url_for(endpoint, <its one path parameter>=id) for the rows of a table.

    A list draws a link on each of its rows, and url_for builds each in turn. Here url_for builds the
    endpoint's URL once per script root, with a placeholder id that each row's id replaces; ids are
    integers, so nothing needs quoting. One per app: apps may map URLs differently."""
    built: dict[tuple[str, str], tuple[str, str]] = {}

    def row_url(endpoint: str, id: int) -> str:
        key = (request.script_root, endpoint)
        parts = built.get(key)
        if parts is None:
            (name,) = next(current_app.url_map.iter_rules(endpoint)).arguments  # exactly one path parameter
            head, mark, tail = url_for(endpoint, **{name: _ROW_MARK}).rpartition(str(_ROW_MARK))
            if not mark:
                raise ValueError(f"{endpoint}: its URL does not hold the id as it is")
            parts = built[key] = (head, tail)
        return f"{parts[0]}{int(id)}{parts[1]}"

    return row_url


def record_url_builder(row_url):
    """record_url(entity_type, id): the page of the record an audit row is about (a row's link, so through
    row_url); None for a kind of record without a page."""

    def record_url(entity_type: str | None, entity_id: int | None) -> str | None:
        endpoint = VOCABULARY.pages.get(entity_type or "")
        return row_url(endpoint, entity_id) if endpoint and entity_id is not None else None

    return record_url


def register(app):
    for module in POLICY_MODULES:  # who may do what
        app.jinja_env.globals.update(policies.predicates_of(module))
    app.jinja_env.finalize = house_format  # before any template is compiled
    app.add_template_filter(local_time)
    app.add_template_filter(local_date)
    app.add_template_filter(formats.day)
    app.add_template_filter(formats.clock)
    app.add_template_filter(formats.money)
    app.add_template_filter(sentences)
    app.add_template_filter(role_label)
    app.add_template_filter(role_labels)
    app.add_template_test(is_option_list, "option_list")
    app.add_template_test(is_single_select, "single_select")
    app.add_template_global(html_params)
    app.add_template_global(utcnow, "now")
    app.add_template_global(hall_span)
    row_url = row_url_builder()
    app.add_template_global(row_url, "row_url")
    app.add_template_global(record_url_builder(row_url), "record_url")

    @app.context_processor
    def hall():
        return {"local_name": app.config["LOCAL_NAME"], "restore_note": RESTORE_NOTE}
