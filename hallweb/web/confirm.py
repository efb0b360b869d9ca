"""Confirming an action that is not lightly undone, with or without JavaScript.

A destructive post_button is, without JavaScript, a GET form leading to the action's confirmation page
(`<action>/confirm`, drawn by confirm_page()); with htmx, hx-confirm asks and the POST goes straight to the
action. A form with fields that asks first (hx_form's `confirm`) posts to its action either way: without
JavaScript the view answers with confirm_page() carrying the typed values, until confirmed().
"""

from flask import request

from hallweb.web.htmx import is_htmx, render


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
