"""Confirming an action that is not lightly undone, with or without JavaScript.

A destructive post_button is, without JavaScript, a GET form leading to the action's confirmation page
(`<action>/confirm`, drawn by confirm_page()); with htmx, hx-confirm asks and the POST goes straight to the
action. A form with fields that asks first (hx_form's `confirm`) posts to its action either way: without
JavaScript the view answers with confirm_page() carrying the typed values, until confirmed().
"""

from flask import request

from hallweb.auth.models import RoleName
from hallweb.web.htmx import is_htmx, render

WHO = {
    RoleName.ADMIN: "an administrator",
    RoleName.OFFICER: "an officer",
    RoleName.STAFF: "hall staff",
    RoleName.ORGANIZER: "an organizer",
    RoleName.INSTRUCTOR: "an instructor",
    RoleName.MEMBER: "a member",
}


def confirm_page(
    *, question: str, consequences: list[str], action: str, label: str, cancel_url: str, carry: dict | None = None
):
    """The page asking before `action`: what will happen, a POST form doing it, and a Cancel link.
    carry: values the POST takes along (a form's fields, when its own post was not yet confirmed)."""
    return render(
        "confirm.html",
        question=question,
        consequences=consequences,
        action=action,
        label=label,
        cancel_url=cancel_url,
        carry=carry or {},
    )


def confirmed() -> bool:
    """Whether the user was asked: the confirmation page's form says so, or htmx asked (hx-confirm)."""
    return request.form.get("confirmed") == "yes" or is_htmx()


def who_can_restore(policy) -> str:
    """'An administrator can restore it.', from the policy that allows restoring (admins pass every policy)."""
    names = [WHO.get(name, name) for name in policy.names]
    if WHO[RoleName.ADMIN] not in names:
        names.append(WHO[RoleName.ADMIN])
    who = " or ".join(names)
    return f"{who[0].upper()}{who[1:]} can restore it."
