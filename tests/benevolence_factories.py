"""Benevolence test data, made through the services: applicants with accounts, officers at levels, applications
walked to a status."""

from decimal import Decimal

from hallweb.benevolence import applications, payments, reviewers, reviews
from hallweb.benevolence.models import Application, Level
from hallweb.extensions import db
from hallweb.members.services import link_user
from tests import factories

ADMIN = None


def applicant(**fields):
    """(user, member): a member whose account is linked, committed."""
    user = factories.user("member")
    member = factories.make_member(**fields)
    link_user(member, actor=None, user=user)
    db.session.commit()
    return user, member


def officer(*levels: str):
    """An officer reviewing at these levels, committed."""
    user = factories.user("officer")
    admin = factories.user("admin")
    for level in levels:
        reviewers.assign_level(actor=admin, user_id=user.id, level=level)
    db.session.commit()
    return user


def panel():
    """One officer per level, by level."""
    return {level.value: officer(level.value) for level in Level}


def draft(amount="1800.00", *, who=None, reason="medical", description="Hospital bills after a fall.") -> Application:
    user, member = who or applicant()
    application = applications.create_application(
        member, actor=user, reason=reason, description=description, amount_requested=Decimal(amount)
    )
    db.session.commit()
    return application


def submitted(amount="1800.00", **kw) -> Application:
    application = draft(amount, **kw)
    user = application.member.user
    applications.submit_application(application, actor=user, expected_version=application.version)
    db.session.commit()
    return application


def decide(application, officer_user, decision="approved", *, amount=None, comment="Looks right."):
    review = reviews.decide(
        application,
        actor=officer_user,
        level=application.awaiting_level,
        decision=decision,
        comment=comment,
        approved_amount=Decimal(amount) if amount is not None else None,
        expected_version=application.version,
    )
    db.session.commit()
    return review


def approve_all(application, officers) -> Application:
    while application.status in ("submitted", "under_review"):
        decide(application, officers[application.awaiting_level])
    return application


def pay(application, staff, paid_on, method="check", reference="1001"):
    payments.record_payment(
        application,
        actor=staff,
        paid_on=paid_on,
        method=method,
        reference=reference,
        expected_version=application.version,
    )
    db.session.commit()
    return application
