"""The grievances' card on the staff home page and their panel on the member page (registries)."""

from flask import current_app

from hallweb.grievances.policies import can_read_grievances
from hallweb.grievances.queries import deadline_counts
from hallweb.home.dashboard import card
from hallweb.members.panels import panel


@card("grievances/_home_card.html", can_read_grievances)
def grievance_deadlines(viewer):
    """Representatives: open grievances due soon and overdue, each count a link to the list."""
    return deadline_counts(int(current_app.config["GRIEVANCE_DUE_SOON_DAYS"]))


@panel("grievances/_member_panel_placeholder.html")
def member_grievances(member, viewer):
    """Loaded when scrolled into view (grievances.member_panel): the member page reads nothing more for it."""
    if not can_read_grievances(viewer):
        return None
    return {"member": member}
