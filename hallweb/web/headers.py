"""Security and caching headers on every response."""

from flask_login import current_user

# No inline script, no eval: htmx is configured by a <meta> tag and app.js holds the few behaviours.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def add_security_headers(resp):
    h = resp.headers
    h.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    h.setdefault("X-Content-Type-Options", "nosniff")
    # Flask-WTF checks the Referer on https; no-referrer would break every POST.
    h.setdefault("Referrer-Policy", "same-origin")
    h.setdefault("X-Frame-Options", "DENY")
    if current_user and current_user.is_authenticated:
        # Member data must not come back from the browser's cache (or htmx's) after sign-out.
        h["Cache-Control"] = "no-store"
    resp.vary.add("Cookie")
    return resp
