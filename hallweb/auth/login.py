"""Flask-Login wiring: the user is loaded through the server-side session named in the cookie."""

import unicodedata
from urllib.parse import urlsplit

from flask import flash, g, request, session, url_for
from flask_login import login_user, logout_user
from sqlalchemy.exc import OperationalError

from hallweb.auth import sessions
from hallweb.auth.models import User
from hallweb.db import transactions
from hallweb.extensions import db, login_manager
from hallweb.web.errors import error_response
from hallweb.web.htmx import current_page_path, is_htmx, redirect_to

SESSION_KEY = "sid"


def init_app(app):
    login_manager.init_app(app)
    login_manager.session_protection = None  # the server-side session row does this job
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)


def load_user(user_id: str) -> User | None:
    live = sessions.find_live_session(session.get(SESSION_KEY))
    if live is None or str(live.user.id) != user_id or not live.user.is_active:
        session.clear()
        return None
    if live.touch_due and transactions.only_read():
        try:
            with transactions.write_transaction():  # a GET writes here: on SQLite it waits for the write lock
                sessions.touch(live)
        except OperationalError:
            # The lock was not had within the busy timeout. The touch is best-effort: the next request
            # records it. The request goes on.
            db.session.rollback()
    g.user_session_id = live.id
    return live.user


SIGN_IN_ENDED = "Your sign-in has ended — sign in again in a new tab, then press Save again. What you typed is kept."


def unauthorized():
    """Not signed in (or no longer): to the sign-in page, and back afterwards.

    An htmx POST is a form with the user's input on screen: it gets a 401 that htmx does not swap, so the
    input stays, and app.js shows the message beside the form. Without JavaScript the sign-in page leads
    back to the page the form was on (a POST cannot be replayed)."""
    if is_htmx() and request.method != "GET":
        again = url_for("auth.login", next=current_page_path())
        return error_response(401, SIGN_IN_ENDED, link=(again, "Sign in again (new tab)"), stale_session=True)
    if request.method == "GET" or is_htmx():
        target = url_for("auth.login", next=current_page_path())
    else:
        back = referring_page()
        target = url_for("auth.login", next=back) if back else url_for("auth.login")
    flash("Please sign in to continue.", "info")
    return redirect_to(target)


def referring_page() -> str | None:
    """The path of the page on this site a form was posted from (its Referer), if any."""
    parts = urlsplit(request.referrer or "")
    if parts.netloc != request.host:
        return None
    return safe_next(parts.path + (f"?{parts.query}" if parts.query else ""))


def begin(user: User, token: str, *, remember: bool) -> None:
    """Start a fresh cookie session (no fixation) holding only the session token.

    Without `remember` the cookie ends when the browser closes; with it, it lasts SESSION_MAX_DAYS. Either
    way the server-side session row keeps its own idle and total limits.
    """
    session.clear()
    session.permanent = remember
    session[SESSION_KEY] = token
    login_user(user)


def end() -> None:
    logout_user()
    session.clear()


def current_token() -> str | None:
    return session.get(SESSION_KEY)


def current_session_id() -> int | None:
    """The id of this browser's session row (set when the user was loaded)."""
    return g.get("user_session_id")


def safe_next(target: str | None) -> str | None:
    """`next` is followed only to a path on this site: no scheme, no host, no `//` or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in target):  # control characters (DEL too), lone surrogates
        return None
    return target
