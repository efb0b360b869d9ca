"""Hardening: a warning when several workers would each count rate limits on their own."""

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

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "Zq3vX9pLr2TtY8uWk5nB1mC4dE7fG0hJ6iK2lM9oP3s"  # the shape of secrets.token_urlsafe(32)
HTTPS = "https://hall.example.org"


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


def test_gunicorn_with_two_workers_and_memory_limits_warns_at_start_up(gunicorn):
    port, proc, access_log, error_log = gunicorn
    assert _get(port, "/healthz").status == 200
    proc.terminate()
    proc.wait(timeout=30)
    assert "2 workers count rate limits apart" in error_log.read_text()
