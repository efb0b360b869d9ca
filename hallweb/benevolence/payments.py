"""Payment of an approved award, recorded by the hall office."""

from datetime import date

from hallweb.benevolence import emails, rules
from hallweb.benevolence.applications import change
from hallweb.benevolence.models import Application, PaymentMethod, Status
from hallweb.benevolence.policies import can_take_benevolence
from hallweb.benevolence.reviews import ensure_within_caps
from hallweb.errors import DomainError
from hallweb.policies import ensure


def record_payment(
    application: Application,
    *,
    actor,
    paid_on: date | None,
    method: str | None,
    reference: str | None,
    expected_version,
) -> dict:
    """Approved applications only. The caps are checked again (another award may have been paid meanwhile)
    unless overridden. Emails the member."""
    ensure(can_take_benevolence(actor), "Only the hall office records payments.")
    rules.ensure_move(application.status, Status.PAID)
    if method not in set(PaymentMethod):
        raise DomainError("Choose how it was paid.", field="method")
    if not isinstance(paid_on, date):
        raise DomainError("Enter the date it was paid.", field="paid_on")
    if paid_on > date.today():
        raise DomainError("A payment cannot be dated in the future.", field="paid_on")
    if paid_on < application.application_date:
        raise DomainError("A payment cannot be dated before the application.", field="paid_on")
    ensure_within_caps(application, application.amount_approved)
    reference = (reference or "").strip() or None
    values = {"status": Status.PAID, "paid_on": paid_on, "payment_method": method, "payment_reference": reference}
    changes = change(application, values, actor=actor, action="benevolence.paid", expected_version=expected_version)
    emails.send(application, "paid")
    return changes
