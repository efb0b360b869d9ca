"""What gunicorn needs from the hall (`gunicorn.conf.py`): tokens kept out of its access log, no Server
banner, and a warning when rate limits would be counted separately in each worker."""

import logging
import re

from gunicorn import glogging
from gunicorn.http import wsgi as gunicorn_wsgi

log = logging.getLogger(__name__)

# The pages an emailed one-time link opens (not /auth/verify/resend, a form of its own).
TOKEN_IN_URL = re.compile(r"(/(?:auth/(?:reset|invite|verify)|me/email/confirm)/)(?!resend(?:[/?#\s\"]|$))[^/?#\s\"]+")


def scrub(text: str) -> str:
    """The text with any one-time token in a URL replaced by `[token]`."""
    return TOKEN_IN_URL.sub(r"\1[token]", text)


class ScrubbingLogger(glogging.Logger):
    """gunicorn's logger, writing access-log lines without one-time tokens (in the request line, the path,
    the Referer of the page's own assets, or any header atom)."""

    def atoms(self, resp, req, environ, request_time):
        return {
            name: scrub(value) if isinstance(value, str) else value
            for name, value in super().atoms(resp, req, environ, request_time).items()
        }


def hide_server_header() -> None:
    """gunicorn writes `Server: gunicorn` on every response; tell nobody which server this is."""
    if getattr(gunicorn_wsgi.Response.default_headers, "hides_server", False):
        return
    default_headers = gunicorn_wsgi.Response.default_headers

    def without_server(self):
        return [h for h in default_headers(self) if not h.lower().startswith("server:")]

    without_server.hides_server = True
    gunicorn_wsgi.Response.default_headers = without_server


def warn_if_limits_per_worker(app, workers: int) -> bool:
    """Rate limits in memory:// are counted by each worker apart: with N workers a limit is N times looser."""
    cfg = app.config
    if workers > 1 and cfg["RATELIMIT_ENABLED"] and str(cfg["RATELIMIT_STORAGE_URI"]).startswith("memory://"):
        log.warning(
            "%d workers count rate limits apart (RATELIMIT_STORAGE_URI is memory://), so each limit is %d "
            "times looser: set HALLWEB_RATELIMIT_STORAGE_URI=redis://host:6379/0 to share one count",
            workers,
            workers,
        )
        return True
    return False
