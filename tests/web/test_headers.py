"""Security and caching headers, session cookie flags, and the health check."""

import re

import pytest
from sqlalchemy.exc import OperationalError

from hallweb import create_app
from hallweb.extensions import db
from tests.html import parse
from tests.support import Client, counted_statements
from tests.web.helpers import text

ANONYMOUS_URLS = ["/auth/login", "/auth/register", "/healthz", "/static/app.js", "/no-such-page"]
SIGNED_IN_URLS = ["/", "/account/sessions", "/account/password", "/admin/users", "/admin/audit"]


def csp_directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {d.split()[0]: d.strip() for d in policy.split(";") if d.strip()}


def session_cookie(response) -> str:
    names = ("hallweb_session=", "__Host-hallweb_session=")  # the second over https
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(names)]
    assert cookies, f"no session cookie set: {response.headers.getlist('Set-Cookie')}"
    return cookies[-1]


@pytest.mark.parametrize("url", ANONYMOUS_URLS)
def test_every_response_carries_a_strict_csp_and_the_security_headers(client, url):
    response = client.get(url)
    response.close()
    policy = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    directives = csp_directives(response)
    assert directives["script-src"] == "script-src 'self'"
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert directives["object-src"] == "object-src 'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # not no-referrer: Flask-WTF checks the Referer on https
    assert response.headers["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin")


def test_htmx_fragments_carry_the_security_headers_too(client):
    response = client.hx_get("/auth/login")
    assert "<html" not in text(response)
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", ["/", "/admin/users", "/admin/users/new", "/account/sessions"])
def test_pages_have_no_inline_script_style_or_handlers_for_the_csp_to_block(client, login_as, url):
    login_as("admin")
    html = text(client.get(url))
    page = parse(html)
    scripts = page.find_all("script")
    assert scripts and all(tag.attrs.get("src", "").startswith("/static/") for tag in scripts), scripts
    assert not [tag for tag in scripts if tag.children]  # not even white space between the tags
    inline = re.compile(r"on[a-z]+|style|hx-on[:\w-]*")
    assert not [(el.tag, name) for el in page.find_all() for name in el.attrs if inline.fullmatch(name)]


@pytest.mark.parametrize("url", SIGNED_IN_URLS)
def test_signed_in_pages_are_not_stored_by_the_browser(client, login_as, url):
    login_as("admin")
    for response in (client.get(url), client.hx_get(url)):
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"
        assert "Cookie" in response.vary


def test_a_committed_post_is_not_stored_and_does_not_reload_the_user_to_say_so(client, login_as):
    """The no-store decision asks whether someone is signed in without reading the user again: after the
    commit expired it, asking is_authenticated (is_active) reloaded it, in a new transaction of its own."""
    login_as("admin")
    with counted_statements() as statements:
        response = client.post("/admin/classifications", data={"name": "Teledata technician"})
    assert response.status_code == 303 and response.headers["Cache-Control"] == "no-store"
    wrote = max(i for i, s in enumerate(statements) if s.startswith(("INSERT", "UPDATE")))
    assert not [s for s in statements[wrote:] if "FROM users" in s], statements[wrote:]


def test_session_cookie_is_httponly_and_samesite_lax_and_not_secure_over_http(client, make):
    user = make.user()
    response = client.post("/auth/login", data={"email": user.email, "password": make.PASSWORD})
    cookie = session_cookie(response)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


@pytest.mark.settings(BASE_URL="https://hall.example.org")
def test_session_cookie_is_secure_when_the_hall_is_served_over_https(client, make):
    user = make.user()
    response = client.post(
        "/auth/login", data={"email": user.email, "password": make.PASSWORD}, base_url="https://hall.example.org"
    )
    assert response.status_code == 303
    cookie = session_cookie(response)
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_healthz_answers_200_json_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.is_json
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(base_config, caplog):
    app = create_app({**base_config, "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:1/x"})
    app.test_client_class = Client
    try:
        response = app.test_client().get("/healthz")
    finally:
        with app.app_context():
            db.engine.dispose()
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}
    assert "database unreachable" in caplog.text


def test_healthz_answers_503_when_a_query_fails(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(db.session, "execute", refuse, raising=False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_healthz_needs_no_sign_in_and_sets_no_session(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert not [c for c in response.headers.getlist("Set-Cookie") if c.startswith("hallweb_session=")]
