"""Review: each level in order decides (approved, denied, needs_info, deferred) with a comment; the caps and
their override."""

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from hallweb import formats
from hallweb.benevolence import emails, rules, settings
from hallweb.benevolence.applications import STALE, change, valid_amount
from hallweb.benevolence.models import WAITING, Application, Decision, Level, Review, Status
from hallweb.benevolence.policies import can_override_caps, can_review_benevolence, is_applicant
from hallweb.benevolence.reviewers import holds_level
from hallweb.db.db_types import utcnow
from hallweb.errors import Conflict, DomainError, InvalidTransition, NotAllowed
from hallweb.extensions import db
from hallweb.policies import ensure

OVERRIDE_HINT = "An officer may override the caps with a written reason."


def last_paid_on(application: Application) -> date | None:
    """When the member was last paid an award from another application."""
    return db.session.scalar(
        select(func.max(Application.paid_on)).where(
            Application.member_id == application.member_id,
            Application.status == Status.PAID,
            Application.id != application.id,
        )
    )


def cap_problems(application: Application, amount: Decimal) -> list[str]:
    """Why awarding `amount` breaks the caps; none once an officer has overridden them."""
    if application.is_overridden:
        return []
    return rules.cap_problems(
        amount=amount,
        cap=settings.cap_per_application(),
        last_paid_on=last_paid_on(application),
        today=date.today(),
        months=settings.award_months(),
    )


def ensure_within_caps(application: Application, amount: Decimal, field: str | None = None) -> None:
    problems = cap_problems(application, amount)
    if problems:
        raise DomainError(" ".join([*problems, OVERRIDE_HINT]), field=field)


def decided_levels(application: Application, reviewer) -> set[str]:
    """The levels at which this reviewer has decided anything on this application, in any round."""
    return {r.level for r in application.reviews if r.reviewer_id == reviewer.id}


def round_approvals(application: Application) -> list[Review]:
    return [
        r for r in application.reviews if r.review_round == application.review_round and r.decision == Decision.APPROVED
    ]


def may_decide_problem(application: Application, reviewer) -> str | None:
    """Why this reviewer may not decide the application now (None: they may): the rules of who decides."""
    level = application.awaiting_level
    if application.status not in WAITING or level is None:
        return "This application is not waiting for a review."
    if not can_review_benevolence(reviewer):
        return "Only officers review benevolence applications."
    if is_applicant(reviewer, application):
        return "You cannot review your own application."
    if not holds_level(reviewer, level):
        return f"It waits for the {rules.level_label(level)} level, at which you do not review."
    other = decided_levels(application, reviewer) - {level}
    if other:
        done = ", ".join(rules.level_label(x) for x in sorted(other, key=list(Level).index))
        return (
            f"You decided this application at the {done} level already: another officer decides at the "
            f"{rules.level_label(level)} level."
        )
    return None


def decide(
    application: Application,
    *,
    actor,
    level: str,
    decision: str,
    comment: str | None,
    expected_version,
    approved_amount: Decimal | None = None,
) -> Review:
    """Record one level's decision, whatever the form sent: the level must be the one awaited (levels go in
    order, and only the levels the amount needs), held by the reviewer, who is not the applicant and has not
    decided at another level; an approval is at most what was asked and what the level before approved, and
    within the caps unless overridden. A denial denies; the last needed approval approves. Emails the member
    when the application goes back to them or is decided."""
    if type(expected_version) is not int or expected_version != application.version:
        raise Conflict(STALE)
    if level not in set(Level):
        raise DomainError("Choose a level from the list.", field="level")
    if decision not in set(Decision):
        raise DomainError("Choose a decision from the list.", field="decision")
    if application.status in WAITING and level != application.awaiting_level:
        raise InvalidTransition(
            f"This application waits for the {rules.level_label(application.awaiting_level)} level, "
            f"not the {rules.level_label(level)} level: levels decide in order."
        )
    problem = may_decide_problem(application, actor)
    if problem:
        if application.status not in WAITING:
            raise InvalidTransition(problem)
        raise NotAllowed(problem)
    comment = (comment or "").strip()
    if not comment:
        raise DomainError(
            "Give a comment with the decision: the applicant and the next level read it.", field="comment"
        )
    approvals = round_approvals(application)
    amount = None
    if decision == Decision.APPROVED:
        amount = (
            approved_amount
            if approved_amount is not None
            else min([a.approved_amount for a in approvals] or [application.amount_requested])
        )
        amount = valid_amount(amount, "approved_amount")
        if amount > application.amount_requested:
            raise DomainError(
                f"Approve at most the {formats.money(application.amount_requested)} asked for.", field="approved_amount"
            )
        if approvals and amount > min(a.approved_amount for a in approvals):
            raise DomainError(
                f"Approve at most the {formats.money(min(a.approved_amount for a in approvals))} already approved "
                "at the level before: a later level may lower an award, not raise it.",
                field="approved_amount",
            )
        ensure_within_caps(application, amount, "approved_amount")
    needed = rules.levels_needed(application.amount_requested, settings.level_limits())
    status, awaiting = rules.after_decision(needed, [a.level for a in approvals], level, decision)
    rules.path_to(application.status, status)
    review = Review(
        application=application,
        review_round=application.review_round,
        level=level,
        reviewer_id=actor.id,
        decision=decision,
        comment=comment,
        approved_amount=amount,
    )
    db.session.add(review)
    values = {"status": status, "awaiting_level": awaiting}
    if status == Status.APPROVED:
        values["amount_approved"] = amount
    if status in (Status.APPROVED, Status.DENIED):
        values["decided_at"] = utcnow()
    note = {"review_level": level, "review_decision": decision, "review_comment": comment}
    if amount is not None:
        note["review_amount"] = amount
    change(
        application, values, actor=actor, action="benevolence.reviewed", expected_version=expected_version, note=note
    )
    if status in (Status.NEEDS_INFO, Status.APPROVED, Status.DENIED):
        emails.send(application, status.value, comment=comment)
    return review


def override_caps(application: Application, *, actor, reason: str | None, expected_version) -> dict:
    """An officer lets this application past the caps (per application, one award in 12 months), with a written
    reason: audited, and shown on the application. Never on one's own application."""
    if is_applicant(actor, application):
        raise NotAllowed("You cannot override the caps on your own application.")
    ensure(can_override_caps(actor, application), "The caps cannot be overridden on this application.")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Write why the caps do not apply to this application.", field="reason")
    return change(
        application,
        {"override_reason": reason, "override_by_id": actor.id, "override_at": utcnow()},
        actor=actor,
        action="benevolence.caps_overridden",
        expected_version=expected_version,
    )
