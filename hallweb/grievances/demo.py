"""Demo grievances for `flask seed demo`: about twenty across the employers, at every step and status, dated
from today so that some are due soon and some overdue whenever the demo is loaded."""

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from hallweb.auth.models import User
from hallweb.extensions import db
from hallweb.grievances import actions
from hallweb.grievances.clocks import counted_deadline
from hallweb.grievances.filing import file_grievance
from hallweb.grievances.holiday_list import add_federal_holidays
from hallweb.hall_clock import hall_today
from hallweb.members.models import Member, MemberStatus
from hallweb.organizations.models import Organization, OrganizationKind

ARTICLES = [
    ("Article 4.2 Overtime", "Overtime was given out of seniority order.", "Pay the hours lost at the overtime rate."),
    ("Article 7 Safety", "Crew sent up without fall protection.", "Provide the equipment; no discipline for refusing."),
    ("Article 2 Discharge", "Discharged without just cause.", "Reinstatement with full back pay and seniority."),
    ("Article 9 Hiring hall", "Employer hired off the street.", "Pay the referred members for the work."),
    ("Article 5 Wages", "Foreman premium not paid.", "Pay the premium for every day worked as foreman."),
    ("Article 11 Travel", "Travel time not paid to the remote site.", "Pay the travel time."),
]


def _back(today: date, days: int) -> date:
    return today - timedelta(days=days)


def _filed_for(today: date, clock_days_left: int, step: int = 1) -> date:
    """A filing date whose answer deadline falls `clock_days_left` calendar days or so from today: the latest
    day whose deadline is on or after today + clock_days_left (negative: in the past)."""
    day = today
    while True:
        deadline = counted_deadline("answer", step, day)
        if deadline is not None and deadline <= today + timedelta(days=clock_days_left):
            return day
        day -= timedelta(days=1)


def seed_grievances(seed: int) -> int:
    """File the demo grievances and move them along; returns how many were filed."""
    rng = random.Random(seed * 1000 + 14)
    today = hall_today()
    for year in (today.year, today.year + 1):
        add_federal_holidays(year, actor=None)
    employers = db.session.scalars(
        select(Organization.id).where(Organization.kind == OrganizationKind.EMPLOYER).order_by(Organization.id)
    ).all()
    members = db.session.scalars(
        select(Member).where(Member.status == MemberStatus.ACTIVE, Member.archived_at.is_(None)).order_by(Member.id)
    ).all()
    if not employers or not members:
        return 0
    reps = db.session.scalars(
        select(User.id).where(User.email.in_(["staff@example.org", "officer@example.org"])).order_by(User.id)
    ).all() or [None]
    own = next((m for m in members if m.user_id is not None), None)  # the demo member's own record
    filed = 0

    def new(step=1, *, filed_on, member=None, policy=False, late_reason=None, incident=None):
        nonlocal filed
        article, violation, remedy = rng.choice(ARTICLES)
        if step == 3:
            article, violation, remedy = ARTICLES[2]
        grievant = None if policy else (member or rng.choice(members))
        filed += 1
        return file_grievance(
            actor=None,
            card_number=None if policy else grievant.card_number,
            is_policy=policy,
            employer_id=rng.choice(employers),
            incident_date=incident or _back(filed_on, rng.randint(1, 4)),
            filed_date=filed_on,
            step=step,
            representative_id=rng.choice(reps),
            late_reason=late_reason,
            article=article,
            violation=violation,
            remedy=remedy,
        )

    def meet(g, on, outcome="denied"):
        actions.record_meeting(
            g,
            actor=None,
            expected_version=g.version,
            occurred_on=on,
            outcome=outcome,
            employer_attendees="Project manager; HR representative",
            union_attendees="Business agent; steward",
            notes="Positions stated; the employer will answer in writing.",
        )

    def answer(g, on, text="Denied: the employer finds no violation."):
        actions.record_answer(g, actor=None, expected_version=g.version, occurred_on=on, notes=text)

    def appeal(g, on):
        actions.appeal_grievance(g, actor=None, expected_version=g.version, occurred_on=on)

    def settle(g, on, amount, terms):
        actions.settle_grievance(
            g, actor=None, expected_version=g.version, occurred_on=on, resolution=terms, amount=amount
        )

    # Overdue: the employer's answer and an appeal are past their deadlines.
    new(filed_on=_filed_for(today, -6), member=own)
    g = new(filed_on=_back(today, 45))
    answer(g, _back(today, 40))
    # Due soon: answers and appeals due within a few business days.
    new(filed_on=_filed_for(today, 2))
    g = new(filed_on=_back(today, 30))
    meet(g, _back(today, 25))
    answer(g, _filed_for(today, 3))  # the appeal's clock started about as long ago as an answer's would
    g = new(filed_on=_filed_for(today, 4, step=2))
    # At step 1: just filed, investigated, met.
    new(filed_on=_back(today, 1))
    g = new(filed_on=_back(today, 3))
    actions.start_investigation(g, actor=None, expected_version=g.version, occurred_on=_back(today, 2))
    g = new(filed_on=_back(today, 6))
    meet(g, _back(today, 2))
    # At step 2 and 3.
    g = new(filed_on=_back(today, 35))
    meet(g, _back(today, 30))
    answer(g, _back(today, 28))
    appeal(g, _back(today, 20))
    meet(g, _back(today, 5))
    g = new(3, filed_on=_back(today, 8))
    meet(g, _back(today, 3))
    g = new(3, filed_on=_back(today, 40))
    meet(g, _back(today, 30))
    answer(g, _back(today, 20), "Denied at the last step.")
    # In arbitration.
    g = new(3, filed_on=_back(today, 120))
    answer(g, _back(today, 100), "Denied at the last step.")
    actions.demand_arbitration(g, actor=None, expected_version=g.version, occurred_on=_back(today, 80))
    # Settled, with and without money; one later closed.
    g = new(filed_on=_back(today, 90))
    meet(g, _back(today, 80), "settled")
    settle(g, _back(today, 79), Decimal("1250.00"), "Eight hours at the overtime rate paid to the grievant.")
    g = new(filed_on=_back(today, 150))
    answer(g, _back(today, 140))
    appeal(g, _back(today, 135))
    settle(g, _back(today, 110), Decimal("3480.75"), "Back pay for the travel time of six weeks.")
    g = new(filed_on=_back(today, 60))
    settle(g, _back(today, 50), None, "Fall protection issued to every crew; no discipline.")
    g = new(filed_on=_back(today, 200))
    settle(g, _back(today, 180), Decimal("612.40"), "Foreman premium paid.")
    actions.close_grievance(g, actor=None, expected_version=g.version, occurred_on=_back(today, 170), resolution="")
    # Withdrawn.
    g = new(filed_on=_back(today, 70))
    actions.withdraw_grievance(
        g,
        actor=None,
        expected_version=g.version,
        occurred_on=_back(today, 55),
        resolution="The grievant was paid in the next payroll run.",
    )
    # A policy grievance, a late filing and an extension.
    new(filed_on=_back(today, 4), policy=True)
    new(filed_on=_back(today, 2), incident=_back(today, 40), late_reason="The member learned of the violation late.")
    g = new(filed_on=_back(today, 20))
    actions.grant_extension(
        g,
        actor=None,
        expected_version=g.version,
        new_deadline=today + timedelta(days=21),
        agreed_by="Employer's labor relations manager",
        notes="The grievant is on medical leave.",
    )
    db.session.flush()
    return filed
