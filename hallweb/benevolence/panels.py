"""What benevolence adds to other pages: the member page's panel and the reviewer's home card."""

from hallweb.benevolence import queries, reviewers
from hallweb.benevolence.policies import can_read_benevolence, can_take_benevolence

PANEL_LIMIT = 10


def member_panel(member, viewer) -> dict | None:
    """The member's applications, for those who read the fund's records."""
    if not can_read_benevolence(viewer):
        return None
    count, paid = queries.member_totals(member.id)
    return {
        "member": member,
        "applications": queries.applications_of_member(member.id)[:PANEL_LIMIT],
        "count": count,
        "paid": paid,
        "can_enter": can_take_benevolence(viewer) and not member.is_archived,
    }


def review_card(viewer) -> dict | None:
    """How many applications wait for this reviewer; no card for an officer without a level."""
    levels = reviewers.levels_of(viewer)
    if not levels:
        return None
    return {"levels": levels, "waiting": queries.count_awaiting_review(viewer.id, levels)}
