"""What the application pages draw: the forms each viewer may use now, and the facts around them."""

from flask_login import current_user

from hallweb.audit.queries import history_of
from hallweb.benevolence import reviews, rules, settings
from hallweb.benevolence.forms import DecisionForm, OverrideForm, PaymentForm, SubmitForm
from hallweb.benevolence.models import WAITING, Status
from hallweb.benevolence.policies import (
    can_edit_application,
    can_override_caps,
    can_pay_application,
    can_take_benevolence,
)


def levels_needed(application) -> list[str]:
    return [level.value for level in rules.levels_needed(application.amount_requested, settings.level_limits())]


def cap_problems(application) -> list[str]:
    """The caps an award would break now (before it is paid)."""
    if application.status in (Status.PAID, Status.DENIED, Status.DRAFT):
        return []
    return reviews.cap_problems(application, application.amount_approved or application.amount_requested)


def staff_context(application, **forms) -> dict:
    """The staff and officers' application page: its reviews, History, and the forms this viewer may use."""
    viewer = current_user
    version = application.version
    ctx = {
        "application": application,
        "levels_needed": levels_needed(application),
        "cap_problems": cap_problems(application),
        "history": history_of(application),
        "decision_form": None,
        "override_form": None,
        "payment_form": None,
        "submit_form": None,
        "decide_problem": None,
    }
    if application.status in WAITING:
        problem = reviews.may_decide_problem(application, viewer)
        ctx["decide_problem"] = problem
        if problem is None:
            ctx["decision_form"] = forms.get("decision_form") or DecisionForm(
                formdata=None, level=application.awaiting_level, version=version
            )
    if can_override_caps(viewer, application) and (ctx["cap_problems"] or forms.get("override_form")):
        ctx["override_form"] = forms.get("override_form") or OverrideForm(formdata=None, version=version)
    if can_pay_application(viewer, application):
        ctx["payment_form"] = forms.get("payment_form") or PaymentForm(formdata=None, version=version)
    if can_take_benevolence(viewer) and can_edit_application(viewer, application):
        ctx["submit_form"] = forms.get("submit_form") or SubmitForm(formdata=None, version=version)
    return ctx
