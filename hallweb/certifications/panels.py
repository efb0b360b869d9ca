"""What certifications add to other pages: a panel on the member page and a card on the staff home page.

Registered when this module is imported (by certifications.views, which create_app imports)."""

from hallweb.certifications.policies import can_manage_certifications, can_view_certifications_of
from hallweb.certifications.queries import expiring_counts
from hallweb.certifications.validity import EXPIRING_WINDOWS
from hallweb.hall_clock import hall_today
from hallweb.home.dashboard import card
from hallweb.members.panels import panel


@panel("certifications/_member_placeholder.html")
def member_certifications(member, viewer):
    """A placeholder that loads the panel when it scrolls into view (and is a plain link without JavaScript):
    the member page itself reads nothing more for it."""
    if not can_view_certifications_of(viewer, member):
        return None
    return {"member": member}


@card("certifications/_home_card.html", can_manage_certifications)
def expiring_certifications(viewer):
    """Staff: certificates in force expiring within 30, 60 and 90 days, and those expired (one statement)."""
    return {"counts": expiring_counts(hall_today()), "windows": EXPIRING_WINDOWS}
