"""What benevolence adds to other pages: the member page's panel (loaded when it scrolls into view) and the
reviewer's home card. Registered when the views are imported."""

from decimal import Decimal

from hallweb.auth.models import RoleName
from hallweb.benevolence import queries, reviewers
from hallweb.benevolence.models import REASON_LABELS, STATUS_LABELS, Reason, Status
from hallweb.benevolence.policies import can_read_benevolence, can_take_benevolence
from hallweb.home.dashboard import card, holds
from hallweb.members.panels import panel

PANEL_LIMIT = 10


@panel("benevolence/_member_placeholder.html")
def member_placeholder(member, viewer) -> dict | None:
    """A placeholder that loads the panel when shown (a plain link without JavaScript): the member page itself
    reads nothing more for it."""
    if not can_read_benevolence(viewer):
        return None
    return {"member": member}


def member_panel(member, viewer) -> dict:
    """The member's applications: one statement."""
    rows = queries.member_rows(member.id)
    return {
        "member": member,
        "applications": [
            {
                "id": r.id,
                "date": r.application_date,
                "reason": REASON_LABELS[Reason(r.reason)],
                "status": STATUS_LABELS[Status(r.status)],
                "requested": r.amount_requested,
            }
            for r in rows[:PANEL_LIMIT]
        ],
        "count": sum(1 for r in rows if r.status != Status.DRAFT),
        "paid": sum((r.amount_approved for r in rows if r.status == Status.PAID), Decimal("0.00")),
        "can_enter": can_take_benevolence(viewer) and not member.is_archived,
    }


@card("benevolence/_home_card.html", holds(RoleName.OFFICER))
def review_card(viewer) -> dict | None:
    """How many applications wait for this reviewer; no card for an officer without a level."""
    levels = reviewers.levels_of(viewer)
    if not levels:
        return None
    return {"levels": levels, "waiting": queries.count_awaiting_review(viewer.id, levels)}
