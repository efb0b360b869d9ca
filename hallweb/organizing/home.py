"""The organizer's home card: their campaigns and the activity they logged lately."""

from hallweb.members.queries import member_of
from hallweb.organizing import campaigns

CAMPAIGNS = 8
RECENT = 5


def organizer_card(viewer) -> dict:
    """Three statements: the member the viewer logs as, their campaigns with totals, their latest activity."""
    member = member_of(viewer)
    if member is None:
        return {"member": None, "campaigns": [], "recent": []}
    return {
        "member": member,
        "campaigns": campaigns.campaigns(organizer_id=member.id, limit=CAMPAIGNS),
        "recent": campaigns.recent_activity(member.id, RECENT),
    }
