"""No input produces a 500: garbage in URLs and forms gets a 404, a form error or 'ignored'.

The values are not listed page by page: the sweep walks the app's URL map for every rule that takes an id,
and reads every page for the query parameters it offers (its filter form, the links it draws: pager cursors,
sort, page numbers, the CSV of the same list), so a new page or a new filter is swept as soon as it exists.
"""

import base64
import json
from datetime import UTC, datetime
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from flask import url_for
from sqlalchemy import insert
from werkzeug.routing import AnyConverter, IntegerConverter

from hallweb.audit.models import AuditLog
from hallweb.auth.models import User
from hallweb.db.keyset import encode_cursor
from hallweb.extensions import db
from hallweb.organizations.models import Organization, OrganizationKind
from hallweb.outbox.models import OutboxMessage
from hallweb.web.routing import IdConverter
from tests.factories import bulk_members, make_member
from tests.html import parse
from tests.web.helpers import text

HUGE = "99999999999999999999"
MAX_ID = 2**31 - 1  # the largest id a PostgreSQL integer column holds

OUT_OF_RANGE_IDS = ["0", str(2**31), str(2**63), HUGE]


def raw_cursor(json_text: str) -> str:
    """A cursor holding any text, as encode_cursor would wrap it (lone surrogates kept)."""
    return base64.urlsafe_b64encode(json_text.encode("utf-8", "surrogatepass")).decode().rstrip("=")


CURSORS = {
    "floats": encode_cursor([1e30, 1e30, 1e30]),
    "huge int": encode_cursor(["a", "b", 10**30]),
    "id past the integer range": encode_cursor(["a", "b", 2**31]),
    "negative huge": encode_cursor(["a", -(10**30)]),
    "nested brackets": raw_cursor("[" * 1500 + "]" * 1500),
    "nested objects": raw_cursor('{"a":' * 1500 + "1" + "}" * 1500),
    "lone surrogates": raw_cursor(json.dumps(["\ud800", "\udfff", 1])),
    "lone surrogate, two keys": raw_cursor(json.dumps(["\ud800", 1])),
    "nul": encode_cursor(["a\x00", "b", 1]),
    "infinities": raw_cursor("[Infinity, NaN, -Infinity]"),
    "long": encode_cursor(["x" * 50_000, "y", 1]),
    "booleans": encode_cursor([True, False, True]),
    "nulls": encode_cursor([None, None, None]),
    "not base64": "!!!",
    "not json": raw_cursor("\xff\xfe"),
    "bare 1e30": "1e30",
}
DATES = ["9999-12-31", "0001-01-01", "10000-01-01", "2026-13-45", "2026-02-30", "-1-01-01"]
NUMBERS = [*OUT_OF_RANGE_IDS, "-1", "1e30", "NaN", "1.5"]


# Every rule that takes an id: an id no row can have is a 404 before anything reaches the database.


def requests_with_ids(app, value: str) -> list[tuple[str, str]]:
    """(method, path) for every rule with an id argument (GET and POST), each id argument set to value."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        ids = {name for name, conv in rule._converters.items() if isinstance(conv, IntegerConverter)}
        if not ids:
            continue
        path = rule.rule
        for name, conv in rule._converters.items():
            spelled = next(part for part in placeholders(path) if part.endswith(f":{name}>"))
            given = value if name in ids else sorted(conv.items)[0] if isinstance(conv, AnyConverter) else "x"
            path = path.replace(spelled, given)
        found.extend((method, path) for method in sorted(rule.methods & {"GET", "POST"}))
    return found


def placeholders(path: str) -> list[str]:
    """The <converter:name> parts of a rule."""
    parts, start = [], path.find("<")
    while start != -1:
        end = path.index(">", start)
        parts.append(path[start : end + 1])
        start = path.find("<", end)
    return parts


def send(client, method: str, url: str):
    return client.get(url) if method == "GET" else client.post(url, data={})


def test_every_id_in_a_path_is_read_by_the_id_converter(app):
    plain = [
        rule.rule
        for rule in app.url_map.iter_rules()
        for conv in rule._converters.values()
        if isinstance(conv, IntegerConverter) and not isinstance(conv, IdConverter)
    ]
    assert plain == [], "use <id:...> for ids: <int:...> lets any number through to the database"


def test_the_sweep_finds_every_rule_with_an_id(app):
    swept = requests_with_ids(app, "1")
    assert len(swept) > 30
    assert {("POST", "/account/sessions/1/revoke"), ("GET", "/members/1"), ("POST", "/members/1/edit")} <= set(swept)
    assert ("POST", "/admin/users/1/roles/1/remove") in swept


@pytest.mark.parametrize("value", OUT_OF_RANGE_IDS)
def test_an_id_out_of_range_in_any_path_is_a_404(login_as, client, app, value):
    login_as("admin")
    answers = {(method, url): send(client, method, url).status_code for method, url in requests_with_ids(app, value)}
    assert {request: status for request, status in answers.items() if status != 404} == {}


def test_the_largest_id_no_row_has_is_a_404(login_as, client, app):
    login_as("admin")
    swept = requests_with_ids(app, str(MAX_ID))
    answers = {(method, url): send(client, method, url).status_code for method, url in swept}
    assert {request: status for request, status in answers.items() if status != 404} == {}


# Every page's query parameters.


# What a user would type, by input type ("b" starts the names of the rows full_lists makes).
SAMPLES = {"date": "2020-01-01", "number": "1", "checkbox": "y", "text": "b", "search": "b"}


def get_forms(page) -> list[tuple[str, dict[str, str]]]:
    """(action, {field: a value a user could submit}) of each GET form on the page; a date input's value
    is "date", so that its parameter gets dates."""
    forms = []
    for form in page.find_all("form"):
        if (form.attrs.get("method") or "get").lower() != "get":
            continue
        fields = {}
        for el in form.find_all(None, {"name": None}):
            if el.tag in ("input", "textarea") and el.attrs.get("type") not in ("submit", "button"):
                kind = el.attrs.get("type", "text")
                fields[el.attrs["name"]] = "date" if kind == "date" else el.attrs.get("value") or SAMPLES.get(kind, "b")
            elif el.tag == "select":
                options = [o.attrs.get("value", "") for o in el.find_all("option")]
                fields[el.attrs["name"]] = next((v for v in options if v), "")
        forms.append((form.attrs.get("action") or "", fields))
    return forms


def drawn_links(page) -> list[str]:
    """Where the page's links and htmx GETs lead."""
    return [el.attrs.get("href") or el.attrs["hx-get"] for el in page.iter() if {"href", "hx-get"} & el.attrs.keys()]


def list_parameters(app, client) -> dict[str, dict[str, set[str]]]:
    """path -> {query parameter: the values the pages drew for it (for a date input: "date")}, over every GET
    page without arguments: each page as it opens, with each of its filters filled in, and the pages its
    links lead to with another set of parameters."""
    with app.test_request_context():
        paths = {
            url_for(rule.endpoint)
            for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static"
        }
    found: dict[str, dict[str, set[str]]] = {}

    def note(path, pairs):
        for name, value in pairs:
            found.setdefault(path, {}).setdefault(name, set()).add(value)

    for path in sorted(paths):
        queue, shapes = [path], set()
        while queue and len(shapes) < 20:
            url = queue.pop(0)
            shape = frozenset(name for name, _ in parse_qsl(urlsplit(url).query))
            if shape in shapes:
                continue
            shapes.add(shape)
            response = client.get(url)
            page = parse(text(response) if response.mimetype == "text/html" else "")
            for action, fields in get_forms(page):
                target = urlsplit(action).path or path
                if target in paths and fields:
                    note(target, fields.items())
                    if target == path:  # one filter at a time: together they may match no row
                        queue += [f"{path}?{urlencode({k: SAMPLES.get(v, v)})}" for k, v in fields.items()]
            for link in drawn_links(page):
                parts = urlsplit(link)
                if parts.path in paths and parts.query:
                    note(parts.path, parse_qsl(parts.query))
                    if parts.path == path:
                        queue.append(link)
    return found


def is_cursor(value: str) -> bool:
    try:
        return isinstance(json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))), list)
    except ValueError:
        return False


def generated_values(drawn: set[str]) -> list[str]:
    """Bad values for a parameter, after what the pages put in it: cursors for a cursor, dates for a date
    input, numbers for a number (ids, pages), and some of each for anything."""
    values = ["a\x00b", "\x7f%", "x" * 1000, HUGE]
    if any(is_cursor(v) for v in drawn):
        values += CURSORS.values()
    if "date" in drawn:
        values += DATES
    if any(v.isdigit() for v in drawn):
        values += NUMBERS
    return values


@pytest.fixture
def full_lists(app):
    """More rows than a page in every list, so each draws its pager."""
    bulk_members(60)
    make_member()
    now = datetime.now(UTC)
    db.session.execute(
        insert(User),
        [
            {"email": f"bulk{i}@example.org", "first_name": "Bulk", "last_name": f"User{i:03d}", "timezone": "UTC"}
            for i in range(60)
        ],
    )
    db.session.execute(
        insert(AuditLog), [{"action": "bulk.made", "entity_type": "members", "created_at": now} for _ in range(60)]
    )
    db.session.execute(
        insert(OutboxMessage),
        [
            {"recipient": "x@example.org", "subject": "s", "text_body": "t", "html_body": "h", "created_at": now}
            for _ in range(60)
        ],
    )
    db.session.execute(
        insert(Organization),
        [{"name": f"Bulk {i:03d}", "name_key": f"bulk {i:03d}", "kind": OrganizationKind.EMPLOYER} for i in range(60)],
    )
    db.session.commit()


def test_the_sweep_finds_every_list_and_its_parameters(login_as, client, app, full_lists):
    login_as("admin")
    found = list_parameters(app, client)
    assert {"after", "before", "last", "sort", "classification_id", "employer_id", "q"} <= found["/members/"].keys()
    assert {"q", "classification_id", "sort"} <= found["/members/export.csv"].keys()
    assert {"after", "before", "q", "kind"} <= found["/organizations/"].keys()
    assert {"since", "until", "entity_id", "actor", "page"} <= found["/admin/audit"].keys()
    assert {"page", "q", "role"} <= found["/admin/users"].keys()
    assert "page" in found["/admin/outbox"]
    members = found["/members/"]
    assert CURSORS["floats"] in generated_values(members["after"])
    assert "9999-12-31" in generated_values(found["/admin/audit"]["until"])
    assert HUGE in generated_values(members["classification_id"])


def test_no_generated_value_in_any_query_parameter_is_an_error(login_as, client, app, full_lists):
    """A bad filter, cursor or page number is ignored (or shown as a filter's error): the page still opens."""
    login_as("admin")
    failures = []
    for path, parameters in sorted(list_parameters(app, client).items()):
        for name, drawn in sorted(parameters.items()):
            for value in generated_values(drawn):
                url = f"{path}?{quote(name)}={quote(value, safe='', errors='surrogatepass')}"
                try:
                    status = client.get(url).status_code
                except Exception as err:  # noqa: BLE001 - under TESTING an unhandled error is raised here
                    status = f"500 {err!r}"[:80]
                if status != 200:
                    failures.append((url[:100], status))
    assert failures == [], "\n".join(map(str, failures))


def test_a_date_filter_far_in_the_future_is_a_filter_error(login_as, client):
    login_as("admin")
    response = client.get("/admin/audit?since=9999-12-30&until=9999-12-31")
    assert response.status_code == 200
    html = text(response)
    assert 'id="until-errors"><li>' in html
    assert 'id="since-errors"><li>' in html


# A sign-in's `next` is followed only to a safe path, and a redirect never carries what a header cannot.


@pytest.mark.parametrize("next_path", ["/members/\x7f", "/members/\u0100", "/members/€", "/members/\ud800"])
def test_an_htmx_sign_in_with_an_odd_next_redirects_to_a_plain_path(make, client, next_path):
    user = make.user()
    response = client.post(
        "/auth/login",
        data={"email": user.email, "password": make.PASSWORD, "next": next_path.encode("utf-8", "surrogatepass")},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    target = response.headers["HX-Redirect"]
    assert target.isascii() and target.isprintable() and target.startswith("/")


@pytest.mark.parametrize("next_path", ["/members/é", "/members/?q=Núñez&status=active"])
def test_a_non_ascii_next_is_followed_percent_encoded(make, client, next_path):
    user = make.user()
    response = client.post(
        "/auth/login",
        data={"email": user.email, "password": make.PASSWORD, "next": next_path},
        headers={"HX-Request": "true"},
    )
    assert response.headers["HX-Redirect"] == quote(next_path, safe="/?=&")


def test_a_plain_sign_in_with_a_non_ascii_next_redirects_percent_encoded(make, client):
    user = make.user()
    response = client.post(
        "/auth/login", data={"email": user.email, "password": make.PASSWORD, "next": "/members/?q=Núñez"}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/members/?q=N%C3%BA%C3%B1ez"


# Forms


def test_nul_characters_typed_into_a_form_are_dropped(login_as, client):
    login_as("staff")
    member = make_member(first_name="Lucy", last_name="Parsons")
    response = client.post(
        f"/members/{member.id}/contact",
        data={"phone": "555-867-5309", "city": "Chi\x00cago", "version": member.version},
    )
    assert response.status_code == 303
    page = client.get(f"/members/{member.id}").get_data(as_text=True)
    assert "Chicago" in page


def test_a_nul_in_a_required_field_is_a_form_error_not_a_500(login_as, client):
    login_as("staff")
    response = client.post("/organizations/new", data={"name": "\x00", "kind": "employer"})
    assert response.status_code == 422
    assert 'id="name-errors"' in response.get_data(as_text=True)
