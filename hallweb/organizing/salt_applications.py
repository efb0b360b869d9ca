"""Salt applications: dated evidence of a salt's genuine interest in a job at a target employer.

Kept as recorded. Nothing here updates an entry (a mapper hook refuses it, and the database's trigger too): a
mistake is corrected by a new entry that points at the one it corrects, with the reason; the old entry stays
on file and is shown as corrected. Follow-ups are added to the entry in force, never changed either.
"""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hallweb import formats
from hallweb.audit import services as audit
from hallweb.auth.models import User
from hallweb.errors import Conflict, DomainError
from hallweb.extensions import db
from hallweb.members.models import Member
from hallweb.organizing import rules
from hallweb.organizing.models import SaltApplication, SaltFollowUp
from hallweb.organizing.policies import can_record_salt_applications
from hallweb.policies import ensure


def _salt(values: dict) -> int:
    """The member who applied: by id, or by card number as a form gives it."""
    if "salt_card_number" in values:
        card = (values["salt_card_number"] or "").strip().upper()
        member = db.session.scalar(select(Member).where(Member.card_number == card)) if card else None
        if member is None or member.is_archived:
            raise DomainError("No member on file has this card number.", field="salt_card_number")
        return member.id
    return rules.member_on_file(values.get("salt_id"), "salt_id", "the salt (the member who applied)").id


def _application_values(values: dict) -> dict:
    return {
        "salt_id": _salt(values),
        "applied_on": rules.past_date(values.get("applied_on"), "applied_on", "of the application"),
        "posting": rules.text(values, "posting", required="Say which posting the salt applied to."),
        "availability": rules.text(values, "availability", required="Say when the salt was available to work."),
    }


def record_salt_application(*, actor: User, employer_id, **values) -> SaltApplication:
    """Record a salt's application to a target employer: who applied, when, to which posting, when available."""
    ensure(can_record_salt_applications(actor), "You may not record salt applications.")
    employer = rules.target_employer(employer_id)
    cleaned = _application_values(values)
    entry = SaltApplication(employer_id=employer.id, recorded_by_id=getattr(actor, "id", None), **cleaned)
    db.session.add(entry)
    db.session.flush()
    audit.record(
        actor,
        "organizing.salt_application_recorded",
        entry,
        {"employer_id": employer.id, **{k: [None, v] for k, v in cleaned.items()}},
    )
    return entry


def corrected_by(entry: SaltApplication) -> SaltApplication | None:
    return db.session.scalar(select(SaltApplication).where(SaltApplication.corrects_id == entry.id))


def correct_salt_application(entry: SaltApplication, *, actor: User, reason, **values) -> SaltApplication:
    """A correction: a new entry, at the same employer, restating the application with the mistake put right
    and saying why; it points at the entry it corrects, which stays on file unchanged. Only the entry in force
    (not corrected yet) may be corrected, so the corrections of one application form a single line."""
    ensure(can_record_salt_applications(actor), "You may not record salt applications.")
    if corrected_by(entry) is not None:
        raise Conflict("This entry has been corrected already: correct the newest entry instead.")
    why = rules.text({"reason": reason}, "reason", required="Say what was wrong with the entry.")
    cleaned = _application_values(values)
    changed = {k: [getattr(entry, k), v] for k, v in cleaned.items() if getattr(entry, k) != v}
    if not changed:
        raise DomainError("The correction says the same as the entry: change what was wrong.")
    correction = SaltApplication(
        employer_id=entry.employer_id,
        corrects_id=entry.id,
        correction_reason=why,
        recorded_by_id=getattr(actor, "id", None),
        **cleaned,
    )
    db.session.add(correction)
    try:
        with db.session.begin_nested():  # two corrections at once: the unique corrects_id refuses the second
            db.session.flush()
    except IntegrityError:
        raise Conflict("This entry has been corrected already: correct the newest entry instead.") from None
    audit.record(
        actor,
        "organizing.salt_application_corrected",
        correction,
        {"corrects": entry.id, "reason": why, **changed},
    )
    return correction


def record_follow_up(entry: SaltApplication, *, actor: User, followed_up_on, note) -> SaltFollowUp:
    """A follow-up on the application in force: a correction's follow-ups go on the correction."""
    ensure(can_record_salt_applications(actor), "You may not record salt applications.")
    if corrected_by(entry) is not None:
        raise DomainError("This entry was corrected: add the follow-up to the correction.")
    day = rules.past_date(followed_up_on, "followed_up_on", "of the follow-up")
    if day < entry.applied_on:
        raise DomainError(
            f"The application was made on {formats.day(entry.applied_on)}; a follow-up cannot be earlier.",
            field="followed_up_on",
        )
    said = rules.text({"note": note}, "note", required="Say what was done and what the employer answered.")
    follow_up = SaltFollowUp(
        application_id=entry.id, followed_up_on=day, note=said, recorded_by_id=getattr(actor, "id", None)
    )
    db.session.add(follow_up)
    db.session.flush()
    audit.record(
        actor,
        "organizing.follow_up_recorded",
        entry,
        {"follow_up_id": follow_up.id, "followed_up_on": day, "note": said},
    )
    return follow_up
