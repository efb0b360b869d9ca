"""What the case page and the lists say of a grievance's deadline: its date, what it is for, business days left."""

from dataclasses import dataclass
from datetime import date

from flask import current_app

from hallweb.grievances.business_days import business_days_until
from hallweb.grievances.calendar import holidays_between, rules
from hallweb.grievances.deadlines import clock_label
from hallweb.grievances.transitions import ACTIVE
from hallweb.hall_clock import hall_today


@dataclass(frozen=True)
class ShownDeadline:
    on: date | None
    label: str
    left: int | None  # business days left (negative: late by so many)
    extended: bool
    flag: str  # "overdue", "soon" or ""

    @property
    def in_words(self) -> str:
        if self.left is None:
            return ""
        if self.left < 0:
            late = -self.left
            return f"overdue by {late} business day{'s' if late != 1 else ''}"
        if self.left == 0:
            return "due today"
        return f"{self.left} business day{'s' if self.left != 1 else ''} left"


def deadline_flag(status: str, deadline: date | None, today: date, soon_until: date) -> str:
    """overdue, soon (due within the due-soon limit) or nothing, for an open grievance's deadline."""
    if deadline is None or status not in ACTIVE:
        return ""
    if deadline < today:
        return "overdue"
    return "soon" if deadline <= soon_until else ""


def shown_deadline(g) -> ShownDeadline:
    """The case page's deadline: one read of the holidays between today and the deadline."""
    r = rules()
    if g.next_deadline is None or g.status not in ACTIVE:
        return ShownDeadline(None, "", None, False, "")
    today = hall_today()
    first, last = sorted((today, g.next_deadline))
    left = business_days_until(today, g.next_deadline, holidays_between(first, last))
    soon = int(current_app.config["GRIEVANCE_DUE_SOON_DAYS"])
    flag = "overdue" if left < 0 else ("soon" if left <= soon else "")
    return ShownDeadline(g.next_deadline, clock_label(g.clock, g.step, r), left, g.deadline_extended, flag)
