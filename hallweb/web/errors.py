"""Error pages and fragments: every failure gets a page (or, under htmx, a fragment) with a clear message."""

import logging

from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.web.htmx import render

log = logging.getLogger(__name__)

TITLES = {
    400: "Bad request",
    401: "Signed out",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    409: "Changed meanwhile",
    413: "Too large",
    422: "Cannot do that",
    429: "Too many attempts",
    500: "Something went wrong",
    503: "Unavailable",
}

MESSAGES = {
    400: "The request could not be understood.",
    403: "You do not have access to this page.",
    404: "There is nothing at this address.",
    405: "That action is not available here.",
    413: "That is more than this form can take. Shorten what you typed and try again.",
    429: "Too many attempts. Please wait a minute and try again.",
    500: "Something went wrong on our side. It has been logged; please try again.",
}


def error_response(status: int, message: str | None = None, *, link=None, stale_session: bool = False):
    """The error page, or under htmx its fragment (app.js shows its message next to what was used).

    link: (url, text) offered with the message; stale_session: the page's CSRF token may be stale (the
    session ended), so app.js fetches a fresh one before the next request."""
    message = message or MESSAGES.get(status, TITLES.get(status, "Error"))
    return render(
        "errors/error.html",
        "errors/_error.html",
        status=status,
        title=TITLES.get(status, "Error"),
        message=message,
        link=link,
        stale_session=stale_session,
    )


def register(app):
    @app.errorhandler(CSRFError)
    def csrf_error(err):
        return error_response(
            400, "Your session has expired or the form is stale. Reload the page and try again.", stale_session=True
        )

    @app.errorhandler(RateLimitExceeded)
    def rate_limited(err):
        resp = error_response(429)
        retry_after = getattr(err, "retry_after", None)
        if retry_after and "Retry-After" not in resp.headers:
            resp.headers["Retry-After"] = str(int(retry_after))
        return resp

    @app.errorhandler(DomainError)
    def domain_error(err):
        db.session.rollback()
        return error_response(err.status, err.message)

    @app.errorhandler(HTTPException)
    def http_error(err):
        if err.code is None or err.code < 400:
            return err
        resp = error_response(err.code, MESSAGES.get(err.code))
        for name, value in err.get_headers():
            if name.lower() not in ("content-type", "content-length"):
                resp.headers[name] = value
        return resp

    @app.errorhandler(InternalServerError)
    def server_error(err):
        db.session.rollback()
        log.exception("unhandled error", exc_info=getattr(err, "original_exception", err))
        return error_response(500)
