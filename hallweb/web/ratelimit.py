"""Rate limits: declared on a view with @rate_limited(setting, per=...), applied by one Limiter per app.

One Limiter per app rather than a module global: Flask-Limiter keeps its storage and switches on the
instance, so two apps (tests, or two workers sharing Redis) must not share one object.

Every view that sends mail is limited per client and per account (the address a public form names, or
the signed-in user), so nobody can make the hall mail an address, or many, over and over.
"""

from dataclasses import dataclass

from flask import current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user


def address_named() -> str:
    """The account a public form acts on: the email address it names (forgot, resend, register)."""
    return "address:" + request.form.get("email", "").strip().lower()[:254]


def signed_in_user() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else f"client:{get_remote_address()}"


KEYS = {"client": get_remote_address, "address": address_named, "user": signed_in_user}


@dataclass(frozen=True)
class Limit:
    setting: str  # the config value, e.g. "10 per minute"
    per: str  # a key of KEYS
    methods: tuple[str, ...]


def rate_limited(setting: str, *, per: str = "client", methods=("POST",)):
    """Limit this view's `methods` by the config value `setting`, counted per `per` (client, address, user).

    Stack it to count one view several ways (per client and per account).
    """
    if per not in KEYS:
        raise ValueError(f"per must be one of {sorted(KEYS)}")

    def decorate(view):
        view.rate_limits = (*getattr(view, "rate_limits", ()), Limit(setting, per, tuple(methods)))
        return view

    return decorate


def limits_of(view) -> tuple[Limit, ...]:
    return getattr(view, "rate_limits", ())


def init_app(app) -> Limiter:
    # A key_prefix given here would win over RATELIMIT_KEY_PREFIX: read the setting (halls sharing one Redis).
    limiter = Limiter(key_func=get_remote_address, key_prefix=app.config.get("RATELIMIT_KEY_PREFIX") or "hallweb")
    limiter.init_app(app)
    for endpoint, view in list(app.view_functions.items()):
        wrapped = view
        for limit in limits_of(view):
            wrapped = limiter.limit(
                lambda s=limit.setting: current_app.config[s], key_func=KEYS[limit.per], methods=list(limit.methods)
            )(wrapped)
        app.view_functions[endpoint] = wrapped
    app.extensions["hallweb.limiter"] = limiter
    return limiter
