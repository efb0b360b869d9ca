"""Helpers for web tests: responses and links, signing in, a second app on one transaction (reading HTML:
tests/html.py)."""

import json
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

from hallweb.extensions import db
from tests import factories
from tests.html import csrf_token, element

# Strong enough for zxcvbn (score >= 3), and unrelated to any factory user's name or email.
NEW_PASSWORD = "plum orbit lantern quiver 47"
REDIS_URL = "redis://127.0.0.1:6379/0"
# What the sign-in and registration forms say.
GENERIC_FAILURE = "That email and password do not match an account."
TOO_LONG = "Passwords can be at most 72 bytes long"


def text(response) -> str:
    return response.get_data(as_text=True)


def page_without_csrf_token(response) -> str:
    """The page with its CSRF token blanked: the signed token carries the second it was made in, so two
    requests otherwise alike can differ in it."""
    html = text(response)
    return html.replace(csrf_token(html), "<csrf-token>")


def hx_trigger_events(response) -> dict:
    """The events of the HX-Trigger header, by name."""
    return json.loads(response.headers.get("HX-Trigger", "{}"))


def check_email_answer(response, email: str) -> str:
    """The on-screen "check your email" answer, with the address it names replaced, so answers for two addresses
    compare equal."""
    assert response.status_code == 200, text(response)[:2000]
    return element(text(response), "check-email").replace(email, "EMAIL")


def path_of(url: str) -> str:
    """The path and query of an absolute link (emails carry BASE_URL's host; the test client is on localhost)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def location(response) -> str:
    return path_of(response.headers["Location"])


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


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
