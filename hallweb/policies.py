"""Who may do what: the shared pieces of every domain's `policies` module.

A domain names its rules as predicates in `<domain>/policies.py`: coarse ones are `Roles` (what a view's
`@allowed(...)` checks before the request), object-level ones plain functions of the user and the record.
Views, services (`ensure(...)`) and templates (as globals) all call the same predicate.
"""

from collections.abc import Callable

from hallweb.auth.models import RoleName
from hallweb.errors import NotAllowed


class Roles:
    """A coarse rule: the user holds one of these roles (an administrator holds every role)."""

    def __init__(self, *names: RoleName):
        self.names = names

    def __call__(self, user) -> bool:
        return bool(user and user.is_authenticated and user.has_role(*self.names))

    def __repr__(self) -> str:
        return f"Roles({', '.join(self.names)})"


def ensure(allowed: bool, message: str = "You may not do that.") -> None:
    """Refuse (403) unless a predicate allowed it: `ensure(can_edit_member(actor, member))`."""
    if not allowed:
        raise NotAllowed(message)


can_administer = Roles(RoleName.ADMIN)


def predicates_of(module) -> dict[str, Callable]:
    """A policies module's predicates by name (its `can_*` members), for the templates' globals."""
    return {name: value for name, value in vars(module).items() if name.startswith("can_") and callable(value)}
