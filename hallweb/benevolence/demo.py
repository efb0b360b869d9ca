"""Benevolence demo data: an officer per review level and 25 applications at every status, made through the
services (so reviews sit at the right levels and every step is in the History), dated across this year."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import exists, select

from hallweb.auth.accounts import create_user
from hallweb.auth.models import RoleName, User
from hallweb.auth.services import find_user_by_email
from hallweb.benevolence import applications, payments, reviewers, reviews
from hallweb.benevolence.models import Application, Level, Reason
from hallweb.extensions import db
from hallweb.members.models import Member, MemberStatus

# What each application is walked to: (status, amount requested, the decisions in order after submission).
PLAN = [
    ("draft", "350.00", []),
    ("draft", "1200.00", []),
    ("draft", "2600.00", []),
    ("submitted", "500.00", []),
    ("submitted", "500.01", []),
    ("submitted", "2000.00", []),
    ("submitted", "5000.01", []),
    ("under_review", "1800.00", ["approved"]),
    ("under_review", "4000.00", ["approved", "approved"]),
    ("under_review", "6500.00", ["approved", "approved", "approved"]),
    ("under_review", "900.00", ["deferred"]),
    ("needs_info", "750.00", ["needs_info"]),
    ("needs_info", "1900.00", ["approved", "needs_info"]),
    ("needs_info", "3000.00", ["needs_info"]),
    ("approved", "400.00", ["approved"]),
    ("approved", "1500.00", ["approved", "approved"]),
    ("approved", "2000.01", ["approved", "approved", "approved"]),
    ("approved", "5000.00", ["approved", "approved", "approved"]),
    ("denied", "600.00", ["denied"]),
    ("denied", "2500.00", ["approved", "denied"]),
    ("denied", "7000.00", ["approved", "approved", "denied"]),
    ("paid", "300.00", ["approved"]),
    ("paid", "1800.00", ["approved", "approved"]),
    ("paid", "4500.00", ["approved", "approved", "approved"]),
    ("paid", "9000.00", ["override", "approved", "approved", "approved", "approved"]),  # over the cap
]
DESCRIPTIONS = {
    Reason.MEDICAL: "Surgery and a hospital stay after an injury off the job; the insurer pays part.",
    Reason.DEATH_IN_FAMILY: "Funeral costs for a parent; travel to the service.",
    Reason.DISASTER: "House damaged by a storm; temporary lodging while it is repaired.",
    Reason.HARDSHIP: "Months without work after a layoff; rent and utilities behind.",
    Reason.OTHER: "Child care while a spouse is in treatment.",
}
COMMENTS = {
    "approved": "Documents seen; the need is clear.",
    "denied": "Covered by the member's insurance in full.",
    "needs_info": "Please attach the bill or estimate.",
    "deferred": "Waiting for the executive board's meeting.",
}
REVIEWERS = {
    Level.VP: ("fund.vp@example.org", "Victoria", "Vance"),
    Level.ADMIN: ("fund.admin@example.org", "Adam", "Ortiz"),
    Level.MANAGER: ("fund.manager@example.org", "Maria", "Nguyen"),
    Level.PRESIDENT: ("fund.president@example.org", "Pat", "Reilly"),
}


def _reviewers(report, user_password) -> dict[str, User]:
    """One officer per level (their sign-ins go into the report, printed with the other demo users)."""
    officers = {}
    assigner = db.session.scalar(select(User).where(User.email == "admin@example.org"))
    for level, (email, first, last) in REVIEWERS.items():
        user = find_user_by_email(email)
        if user is None:
            password = user_password(RoleName.OFFICER)
            user = create_user(
                actor=None, email=email, first_name=first, last_name=last, roles=["officer"], password=password
            )
            report.users[email] = password
        else:
            report.users[email] = None
        if not reviewers.holds_level(user, level):
            reviewers.assign_level(actor=assigner or _AnyAdmin(), user_id=user.id, level=level)
        officers[level.value] = user
    return officers


class _AnyAdmin:
    """The demo loader acting as an administrator when the hall has none yet."""

    id = None
    is_authenticated = True

    def has_role(self, *names):
        return True


def _dated(application, day: date) -> None:
    application.application_date = day
    db.session.flush()


def seed_benevolence(rng, report, user_password) -> int:
    """Add the reviewers and the applications; returns how many applications."""
    officers = _reviewers(report, user_password)
    staff = find_user_by_email("staff@example.org") or _AnyAdmin()
    members = db.session.scalars(
        select(Member)
        .where(
            Member.status == MemberStatus.ACTIVE,
            Member.archived_at.is_(None),
            ~exists().where(Application.member_id == Member.id),  # a forced second seed takes other members
        )
        .order_by(Member.user_id.is_(None), Member.id)  # the demo member's own record first
        .limit(len(PLAN))
    ).all()
    today = date.today()
    for member, (target, amount, steps) in zip(members, PLAN, strict=False):
        actor = member.user if member.user_id else staff
        reason = rng.choice(list(Reason))
        application = applications.create_application(
            member, actor=actor, reason=reason, description=DESCRIPTIONS[reason], amount_requested=Decimal(amount)
        )
        new_year = date(today.year, 1, 1)
        day = new_year + timedelta(days=rng.randint(0, max(0, (today - new_year).days - 45)))
        if target != "draft":
            applications.submit_application(application, actor=actor, expected_version=application.version)
        _dated(application, day)  # spread over the year, for the fund summary
        if target == "draft":
            continue
        for step in steps:
            if step == "override":
                reviews.override_caps(
                    application,
                    actor=officers["president"],
                    reason="A house fire left the family with nothing; the executive board agreed to go past the cap.",
                    expected_version=application.version,
                )
                continue
            reviews.decide(
                application,
                actor=officers[application.awaiting_level],
                level=application.awaiting_level,
                decision=step,
                comment=COMMENTS[step],
                expected_version=application.version,
            )
        if target == "paid":
            paid_on = min(today, application.application_date + timedelta(days=rng.randint(10, 40)))
            payments.record_payment(
                application,
                actor=staff,
                paid_on=paid_on,
                method=rng.choice(["check", "ach", "direct_to_creditor"]),
                reference=f"Check {rng.randint(1000, 9999)}",
                expected_version=application.version,
            )
    return min(len(members), len(PLAN))
