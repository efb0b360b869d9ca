"""Rate limits: declared on a view with @rate_limited(setting), applied by one Limiter per app.

One Limiter per app rather than a module global: Flask-Limiter keeps its storage and switches on the
instance, so two apps (tests, or two workers sharing Redis) must not share one object.
"""

from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address


def rate_limited(setting: str):
    """Limit POSTs to this view per client by the config value `setting` (e.g. "10 per minute")."""

    def decorate(view):
        view.rate_limit = setting
        return view

    return decorate


def init_app(app) -> Limiter:
    # A key_prefix given here would win over RATELIMIT_KEY_PREFIX: read the setting (halls sharing one Redis).
    limiter = Limiter(key_func=get_remote_address, key_prefix=app.config.get("RATELIMIT_KEY_PREFIX") or "hallweb")
    limiter.init_app(app)
    for endpoint, view in list(app.view_functions.items()):
        setting = getattr(view, "rate_limit", None)
        if setting:
            limit = limiter.limit(lambda s=setting: current_app.config[s], methods=["POST"])
            app.view_functions[endpoint] = limit(view)
    app.extensions["hallweb.limiter"] = limiter
    return limiter
