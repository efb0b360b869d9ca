"""Helpers for web tests: reading pages, following emailed links, signing in, a second app on one transaction."""

import re
from contextlib import contextmanager
from html import unescape
from urllib.parse import parse_qs, urlsplit

from hallweb.extensions import db
from tests import factories

# Strong enough for zxcvbn (score >= 3), and unrelated to any factory user's name or email.
NEW_PASSWORD = "plum orbit lantern quiver 47"
REDIS_URL = "redis://127.0.0.1:6379/0"


def text(response) -> str:
    return response.get_data(as_text=True)


def page_without_csrf_token(response) -> str:
    """The page with its CSRF token blanked: the signed token carries the second it was made in, so two
    requests otherwise alike can differ in it."""
    html = text(response)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)
    return html.replace(token, "<csrf-token>")


def path_of(url: str) -> str:
    """The path and query of an absolute link (emails carry BASE_URL's host; the test client is on localhost)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def location(response) -> str:
    return path_of(response.headers["Location"])


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def element(html: str, element_id: str) -> str:
    """The outer HTML of the element with this id (nested elements of the same tag are counted)."""
    start = re.search(rf'<(\w+)\b[^>]*\bid="{re.escape(element_id)}"', html)
    assert start, f'no element with id="{element_id}" in:\n{html[:3000]}'
    tag = start.group(1)
    depth = 0
    for m in re.finditer(rf"<(/?){tag}\b[^>]*>", html[start.start() :]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return html[start.start() : start.start() + m.end()]
    raise AssertionError(f"element {element_id} is not closed")


def field_errors(html: str, field: str) -> str:
    """The text of a field's error list (<ul id="<field>-errors">), as drawn by the field() macro."""
    return re.sub(r"<[^>]+>", " ", element(html, f"{field}-errors")).strip()


def input_tag(html: str, name: str) -> str:
    m = re.search(rf'<input\b[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    assert m, f"no input named {name}"
    return m.group(0)


def input_value(html: str, name: str) -> str:
    v = re.search(r'\bvalue="([^"]*)"', input_tag(html, name))
    return v.group(1) if v else ""


def select_options(html: str, select_id: str) -> list[tuple[str, str, bool]]:
    """(value, label, selected) of each option of the select with this id."""
    return [
        (value, unescape(label), bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', element(html, select_id)
        )
    ]


def sign_in(client, email: str, password: str = factories.PASSWORD, **extra):
    response = client.post("/auth/login", data={"email": email, "password": password, **extra})
    assert response.status_code == 303, text(response)[:2000]
    return response


def signed_in_client(app, user, password: str = factories.PASSWORD, user_agent: str = "pytest"):
    """Another browser, signed in as user."""
    other = app.test_client()
    other.environ_base["HTTP_USER_AGENT"] = user_agent
    sign_in(other, user.email, password)
    return other


def is_signed_in(client) -> bool:
    """Home answers 200 to a signed-in browser and sends everyone else to sign in."""
    response = client.get("/")
    assert response.status_code in (200, 303), response.status_code
    if response.status_code == 303:
        assert location(response).startswith("/auth/login")
    return response.status_code == 200


def redis_ping_ok(url: str = REDIS_URL) -> bool:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except redis.RedisError:
        return False


@contextmanager
def sharing_test_transaction(other_app):
    """Point other_app's engine at the test's connection, so its writes are rolled back with the test's.

    Called inside the `app` fixture's context, where db.engines[None] is that connection.
    """
    connection = db.engines[None]
    with other_app.app_context():
        engines = db.engines
        own = engines[None]
        engines[None] = connection
    try:
        yield other_app
    finally:
        with other_app.app_context():
            db.session.remove()
            db.engines[None] = own
            own.dispose()
