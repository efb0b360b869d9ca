"""How the change history speaks of benevolence applications and review levels."""

from sqlalchemy import String, cast, literal

from hallweb.audit.phrasing import created, new
from hallweb.audit.vocabulary import Vocabulary
from hallweb.benevolence.models import (
    DECISION_LABELS,
    LEVEL_LABELS,
    PAYMENT_METHOD_LABELS,
    REASON_LABELS,
    Application,
)
from hallweb.formats import money

NOTE = {
    "review_level",
    "review_decision",
    "review_comment",
    "review_amount",
}  # what a review adds to the application's changes


def _amount(value) -> str:
    try:
        return money(value)
    except (ArithmeticError, ValueError, TypeError):
        return str(value)


def _reviewed(action, changes, w):
    level = w.value("review_level", changes.get("review_level"))
    decision = w.value("review_decision", changes.get("review_decision"))
    said = [f"{level} level: {decision}"]
    if "review_amount" in changes:
        said.append(f"Amount approved at this level: {_amount(changes['review_amount'])}")
    if changes.get("review_comment"):
        said.append(f"Comment: {changes['review_comment']}")
    return said + w.changes(changes, skip=NOTE | {"decided_at"})


def _overridden(action, changes, w):
    return [
        "Caps overridden",
        f"Reason: {new(changes.get('override_reason'))}",
        *w.changes(changes, skip={"override_reason", "override_at", "override_by_id"}),
    ]


def _paid(action, changes, w):
    method = new(changes.get("payment_method"))
    how = [f"Payment method: {PAYMENT_METHOD_LABELS.get(method, method)}"] if method else []
    return ["Payment recorded", *how, *w.changes(changes, skip={"status", "payment_method"})]


def _reviewer(action, changes, w):
    level = changes.get("review_level")
    if action.endswith("assigned"):
        return [f"Benevolence review level {w.value('review_level', new(level))} assigned"]
    return [
        f"Benevolence review level {w.value('review_level', level[0] if isinstance(level, list) else level)} removed"
    ]


class _Money(dict):
    """Amounts as money: a values table that answers for any amount."""

    def get(self, value, default=None):
        return _amount(value) if value not in (None, "") else default


AMOUNT = _Money()

WORDS = Vocabulary(
    actions={
        "benevolence.created": "Benevolence application started",
        "benevolence.updated": "Benevolence application edited",
        "benevolence.submitted": "Benevolence application submitted",
        "benevolence.reviewed": "Benevolence review decided",
        "benevolence.caps_overridden": "Benevolence caps overridden",
        "benevolence.paid": "Benevolence payment recorded",
        "benevolence.reviewer_assigned": "Benevolence review level assigned",
        "benevolence.reviewer_removed": "Benevolence review level removed",
    },
    groups={"benevolence.": "Any benevolence change"},
    record_types={"benevolence_applications": "Benevolence application"},
    fields={
        "applicant_id": "Member",
        "amount_requested": "Amount requested",
        "amount_approved": "Amount approved",
        "awaiting_level": "Level awaited",
        "review_round": "Round of review",
        "application_date": "Application date",
        "submitted_at": "Submitted",
        "override_reason": "Reason for overriding the caps",
        "paid_on": "Paid on",
        "payment_reference": "Payment reference",
        "review_level": "Review level",
    },
    references={"applicant_id": "members"},
    values={
        "reason": REASON_LABELS,
        "awaiting_level": LEVEL_LABELS,
        "review_level": LEVEL_LABELS,
        "review_decision": DECISION_LABELS,
        "amount_requested": AMOUNT,
        "amount_approved": AMOUNT,
    },
    phrases={
        "benevolence.created": created,
        "benevolence.reviewed": _reviewed,
        "benevolence.caps_overridden": _overridden,
        "benevolence.paid": _paid,
        "benevolence.reviewer_assigned": _reviewer,
        "benevolence.reviewer_removed": _reviewer,
    },
    names={
        "benevolence_applications": (Application, literal("Application no. ", String) + cast(Application.id, String))
    },
    pages={"benevolence_applications": "benevolence.detail"},
)
