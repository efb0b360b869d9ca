"""The one reader and writer of HX-* headers: page or fragment, redirects, triggers."""

import json
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import make_response, redirect, render_template, request
from werkzeug.urls import iri_to_uri


def is_htmx() -> bool:
    """The request was made by htmx (a swap, a boosted link or a history restore)."""
    return request.headers.get("HX-Request") == "true"


def is_partial() -> bool:
    """True when htmx asked for a fragment (not a boosted page load, not a history restore)."""
    h = request.headers
    if h.get("HX-Request") != "true" or h.get("HX-Boosted") == "true" or h.get("HX-History-Restore-Request") == "true":
        return False
    return h.get("HX-Request-Type", "partial") == "partial"  # htmx 4 sends it; htmx 2 doesn't


def render(
    page: str,
    partial: str | None = None,
    /,
    *,
    status: int = 200,
    page_context: Callable[[], dict] | None = None,
    **ctx,
):
    """The whole page for plain requests, only `partial` for htmx swaps.

    `ctx` is what the partial draws; `page_context`, when given, returns what only the page around it draws
    (other panels, pick lists) and is called only when the whole page is sent: a fragment reads only what it
    draws. Where both name a value, `ctx` wins.

    An action's swap (a POST) also carries the flashes region out of band, so its message replaces the one
    before. A GET swap (a search, a pager, a panel loading when shown or refreshing itself) leaves it alone:
    it acts on nothing, so it has no message to give, and must not take the one an action left, perhaps
    in another tab of the same session.
    """
    if partial and is_partial():
        body = render_template(partial, **ctx)
        if request.method != "GET":
            body += render_template("_flashes.html", oob=True)
    else:
        body = render_template(page, **({**page_context(), **ctx} if page_context else ctx))
    resp = make_response(body, status)
    resp.vary.add("HX-Request")
    return resp


def redirect_to(url: str):
    """303 for plain requests; for htmx a 200 with HX-Redirect, so a full page never lands in a target.

    The URL is sent percent-encoded, as werkzeug does for Location: a header holds only Latin-1, and a
    server refuses a control character in one, so a path with 'é' in it would otherwise be a 500."""
    if is_htmx():
        resp = make_response("", 200)
        resp.headers["HX-Redirect"] = iri_to_uri(url)
        return resp
    return redirect(url, 303)


def swap_or_redirect(partial: str, url: str, /, *, status: int = 200, **ctx):
    """After a successful POST: htmx swaps in the updated partial; a plain form post redirects (303)."""
    if is_partial():
        return render(partial, partial, status=status, **ctx)
    return redirect(url, 303)


def hx_trigger(resp, event: str, detail=None):
    """Tell other regions of the page to refresh (HX-Trigger)."""
    events = json.loads(resp.headers.get("HX-Trigger", "{}") or "{}")
    events[event] = detail
    resp.headers["HX-Trigger"] = json.dumps(events)
    return resp


def current_page_path() -> str:
    """The path of the page the user is on: for htmx requests the page, not the fragment's URL."""
    page_url = request.headers.get("HX-Current-URL") if is_htmx() else None
    if page_url:
        parts = urlsplit(page_url)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.full_path.rstrip("?")
