"""Security and caching headers on every response."""

from flask import current_app, request
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

# Powerful browser features the hall never uses: no page (or injected script) may ask for them.
UNUSED_FEATURES = (
    "accelerometer",
    "camera",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in UNUSED_FEATURES)
HSTS = "max-age=31536000"  # a year; no includeSubDomains: the hall does not own its domain's other hosts


def add_security_headers(resp):
    h = resp.headers
    h.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    h.setdefault("X-Content-Type-Options", "nosniff")
    # Flask-WTF checks the Referer on https; no-referrer would break every POST.
    h.setdefault("Referrer-Policy", "same-origin")
    h.setdefault("X-Frame-Options", "DENY")
    h.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config["BASE_URL"].startswith("https://"):
        h.setdefault("Strict-Transport-Security", HSTS)
    if current_user and not current_user.is_anonymous:
        # Member data must not come back from the browser's cache (or htmx's) after sign-out. (is_anonymous,
        # not is_authenticated: that reads is_active, and after a commit would reload the user to ask.)
        h["Cache-Control"] = "no-store"
    elif request.view_args and "token" in request.view_args:
        # A page opened from an emailed one-time link: neither it nor its token stays in a cache.
        h["Cache-Control"] = "no-store"
    resp.vary.add("Cookie")
    return resp
