"""Who may open each endpoint: declared once on every view, enforced before every request.

An endpoint without a declaration is closed (403), and a test walks the URL map to find any.
"""

from dataclasses import dataclass

from flask import abort, current_app, request
from flask_login import current_user

from hallweb.extensions import login_manager
from hallweb.policies import Roles


@dataclass(frozen=True)
class Access:
    public: bool = False
    policy: Roles | None = None  # None: any signed-in user; admin passes every role check

    @property
    def roles(self) -> tuple[str, ...]:
        return self.policy.names if self.policy else ()

    def describe(self) -> str:
        return "public" if self.public else (repr(self.policy) if self.policy else "signed in")


BUILTIN = {"static": Access(public=True)}


def public(view):
    view.access = Access(public=True)
    return view


def signed_in(view):
    view.access = Access()
    return view


def allowed(policy: Roles):
    """Open to users the domain's coarse policy allows (e.g. `@allowed(can_read_members)`)."""

    def decorate(view):
        view.access = Access(policy=policy)
        return view

    return decorate


def access_of(endpoint: str) -> Access | None:
    if endpoint in BUILTIN:
        return BUILTIN[endpoint]
    return getattr(current_app.view_functions[endpoint], "access", None)


def enforce_access():
    """before_request: anonymous users go to sign-in, users without the role get 403."""
    if request.endpoint is None:  # no route matched: the 404/405 handler answers
        return None
    rule = access_of(request.endpoint)
    if rule is None:
        abort(403)
    if rule.public:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if rule.policy and not rule.policy(current_user):
        abort(403)
    return None
