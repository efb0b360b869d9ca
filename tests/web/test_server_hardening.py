"""Hardening: HSTS, Permissions-Policy, COOP, the __Host- cookie, token pages kept out of caches and logs,
no Server banner, and a warning when several workers would each count rate limits on their own."""

import http.client
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from flask import Flask

from hallweb.web import serving
from tests.web.helpers import sign_in

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "Zq3vX9pLr2TtY8uWk5nB1mC4dE7fG0hJ6iK2lM9oP3s"  # the shape of secrets.token_urlsafe(32)
HTTPS = "https://hall.example.org"


def token_rules(app):
    return [rule for rule in app.url_map.iter_rules() if "token" in rule.arguments]


def token_url(rule) -> str:
    return rule.rule.replace("<token>", TOKEN)


@pytest.mark.parametrize("url", ["/auth/login", "/auth/register", "/healthz", "/static/app.js", "/no-such-page"])
def test_every_response_has_a_permissions_policy_and_coop(client, url):
    response = client.get(url)
    response.close()
    policy = response.headers["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_no_hsts_while_the_hall_is_served_over_http(client):
    assert "Strict-Transport-Security" not in client.get("/auth/login").headers


@pytest.mark.settings(BASE_URL=HTTPS)
def test_hsts_when_the_hall_is_served_over_https(client):
    hsts = client.get("/auth/login", base_url=HTTPS).headers["Strict-Transport-Security"]
    assert int(hsts.split("max-age=")[1].split(";")[0]) >= 180 * 24 * 3600


@pytest.mark.settings(BASE_URL=HTTPS)
def test_over_https_the_session_cookie_is_a_host_only_secure_cookie(app, client, make):
    user = make.user()
    response = client.post("/auth/login", data={"email": user.email, "password": make.PASSWORD}, base_url=HTTPS)
    assert response.status_code == 303
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if "_session=" in c]
    attributes = [a.strip().lower() for a in cookie.split(";")]
    assert cookie.startswith("__Host-hallweb_session=")
    assert "secure" in attributes and "path=/" in attributes and "httponly" in attributes
    assert not any(a.startswith("domain=") for a in attributes)
    assert client.get("/", base_url=HTTPS).status_code == 200  # the browser sends it back: signed in


def test_over_http_the_session_cookie_keeps_its_plain_name(client, make):
    user = make.user()
    response = sign_in(client, user.email)
    assert any(c.startswith("hallweb_session=") for c in response.headers.getlist("Set-Cookie"))


def test_every_page_an_emailed_link_opens_is_not_stored(app, client):
    rules = token_rules(app)
    assert {r.endpoint for r in rules} >= {"auth.reset", "auth.accept_invite", "auth.verify", "me.confirm_email"}
    for rule in rules:
        response = client.get(token_url(rule))
        assert response.headers.get("Cache-Control") == "no-store", rule.rule


def test_a_live_reset_page_is_not_stored(client, make, mailbox):
    user = make.user()
    client.post("/auth/forgot", data={"email": user.email})
    link = mailbox.link_in(mailbox.last_to(user.email), "/auth/reset/")
    response = client.get(link.removeprefix("http://hall.test"))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_the_access_log_scrubber_hides_the_token_of_every_token_page(app):
    for rule in token_rules(app):
        line = f'127.0.0.1 - - "GET {token_url(rule)}?x=1 HTTP/1.1" 200 "http://hall.test{token_url(rule)}"'
        assert TOKEN not in serving.scrub(line), rule.rule
        assert rule.rule.replace("<token>", "[token]") in serving.scrub(line)
    assert serving.scrub("GET /auth/verify/resend HTTP/1.1") == "GET /auth/verify/resend HTTP/1.1"


@pytest.mark.parametrize(
    ("workers", "storage", "enabled", "warned"),
    [
        (2, "memory://", True, True),
        (1, "memory://", True, False),
        (4, "redis://127.0.0.1:6379/0", True, False),
        (4, "memory://", False, False),
    ],
)
def test_a_warning_when_several_workers_count_rate_limits_apart(caplog, workers, storage, enabled, warned):
    app = Flask(__name__)
    app.config.update(RATELIMIT_STORAGE_URI=storage, RATELIMIT_ENABLED=enabled)
    with caplog.at_level(logging.WARNING, logger="hallweb.web.serving"):
        assert serving.warn_if_limits_per_worker(app, workers) is warned
    assert ("count rate limits apart" in caplog.text) is warned


# gunicorn itself, started as `make run` starts it


def _wait_for_port(port: int, proc, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "gunicorn exited"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"gunicorn did not listen on {port} within {timeout} s")


@pytest.fixture
def gunicorn(session_app, base_config, tmp_path):
    """gunicorn with the hall's gunicorn.conf.py and two workers, on the test database (already migrated)."""
    from tests.support import free_port

    port = free_port()
    access_log = tmp_path / "access.log"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("HALLWEB_")},
        "HALLWEB_SQLALCHEMY_DATABASE_URI": base_config["SQLALCHEMY_DATABASE_URI"],
        "HALLWEB_SECRET_KEY": "gunicorn-test-key",
        "HALLWEB_RATELIMIT_STORAGE_URI": "memory://",
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        *("-c", "gunicorn.conf.py", "--workers", "2", "--bind", f"127.0.0.1:{port}"),
        *("--access-logfile", str(access_log), "wsgi:app"),
    ]
    error_log = tmp_path / "error.log"
    with error_log.open("w") as stderr:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stderr=stderr)
    try:
        _wait_for_port(port, proc)
        yield port, proc, access_log, error_log
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _get(port: int, path: str, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        response.read()
        return response
    finally:
        conn.close()


def test_gunicorn_sends_no_server_banner_and_logs_no_token_and_warns_about_per_worker_limits(gunicorn):
    port, proc, access_log, error_log = gunicorn
    page = _get(port, f"/auth/reset/{TOKEN}")
    asset = _get(port, "/static/app.js", headers={"Referer": f"http://127.0.0.1:{port}/auth/reset/{TOKEN}"})

    assert page.status == 400  # an unknown link: the page that says so
    assert page.getheader("Cache-Control") == "no-store"
    for response in (page, asset):
        assert response.getheader("Server") is None
    proc.terminate()
    proc.wait(timeout=30)
    logged = access_log.read_text()
    assert "/auth/reset/[token]" in logged
    assert "/static/app.js" in logged
    assert TOKEN not in logged
    assert "2 workers count rate limits apart" in error_log.read_text()
