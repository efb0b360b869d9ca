"""Organizing activity: logged by organizers against a target employer, edited with optimistic locking."""

from hallweb.audit import services as audit
from hallweb.auth.models import User
from hallweb.db.versioning import apply_change, check_version
from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.members.queries import member_of
from hallweb.organizing import rules
from hallweb.organizing.models import Activity, ActivityType, Outcome
from hallweb.organizing.policies import can_edit_activity, can_log_organizing, can_manage_all_organizing
from hallweb.policies import ensure

FIELDS = (
    "organizer_id",
    "employer_id",
    "activity_date",
    "activity_type",
    "outcome",
    "location",
    "workers_contacted",
    "cards_signed",
    "description",
    "notes",
)
NOT_LINKED = (
    "Your account is not linked to a member record, so activity cannot be logged as yours. "
    "Ask the office to link your account to your member record."
)


def _clean(values: dict, current: Activity | None = None) -> dict:
    """The activity's fields checked; `current` gives the stored value of a field the edit leaves out."""

    def given(key):
        return values[key] if key in values else getattr(current, key, None)

    cleaned = {
        "employer_id": rules.target_employer(given("employer_id")).id,
        "activity_date": rules.past_date(given("activity_date"), "activity_date", "of the activity"),
        "location": rules.text({"location": given("location")}, "location"),
        "description": rules.text({"description": given("description")}, "description", required="Say what was done."),
        "notes": rules.text({"notes": given("notes")}, "notes"),
    }
    if given("activity_type") not in set(ActivityType):
        raise DomainError("Choose a type of activity from the list.", field="activity_type")
    if given("outcome") not in set(Outcome):
        raise DomainError("Choose an outcome from the list.", field="outcome")
    cleaned["activity_type"], cleaned["outcome"] = given("activity_type"), given("outcome")
    contacted = rules.count(given("workers_contacted"), "workers_contacted", "workers contacted")
    signed = rules.count(given("cards_signed"), "cards_signed", "cards signed")
    if signed > contacted:
        raise DomainError(
            f"Cards signed ({signed}) cannot be more than the workers contacted ({contacted}): "
            "a card is signed by a worker the organizer talked to.",
            field="cards_signed",
        )
    cleaned["workers_contacted"], cleaned["cards_signed"] = contacted, signed
    return cleaned


def _organizer_for(actor: User, organizer_id) -> int:
    """Who the activity is logged as: staff and officers choose any organizer; an organizer logs as the member
    linked to their account, and no one else."""
    if can_manage_all_organizing(actor):
        return rules.member_on_file(organizer_id, "organizer_id", "the organizer").id
    own = member_of(actor)
    if own is None:
        raise DomainError(NOT_LINKED)
    ensure(organizer_id in (None, "", own.id), "You may log activity only as yourself.")
    return own.id


def log_activity(*, actor: User, **values) -> Activity:
    """Log an activity. Cards signed never exceed the workers contacted (also a database CHECK)."""
    ensure(can_log_organizing(actor), "You may not log organizing activity.")
    organizer_id = _organizer_for(actor, values.get("organizer_id"))
    cleaned = _clean(values)
    activity = Activity(organizer_id=organizer_id, recorded_by_id=getattr(actor, "id", None), **cleaned)
    db.session.add(activity)
    db.session.flush()
    audit.record(
        actor,
        "organizing.activity_logged",
        activity,
        {k: [None, v] for k, v in {"organizer_id": organizer_id, **cleaned}.items() if v is not None},
    )
    return activity


def update_activity(activity: Activity, *, actor: User, expected_version: int | None, **values) -> dict:
    """Edit an activity: its organizer, staff and officers; refused (StaleEdit) if it changed since the form
    was opened, and audited field by field. Only staff and officers move it to another organizer."""
    ensure(can_edit_activity(actor, activity), "You may edit only the activity you logged.")
    values = {k: v for k, v in values.items() if k in FIELDS}
    check_version(activity, expected_version, values)
    cleaned = _clean(values, activity)
    if "organizer_id" in values and values["organizer_id"] not in (None, "", activity.organizer_id):
        ensure(can_manage_all_organizing(actor), "Only staff and officers move activity to another organizer.")
        cleaned["organizer_id"] = rules.member_on_file(values["organizer_id"], "organizer_id", "the organizer").id
    return apply_change(
        activity, cleaned, actor=actor, action="organizing.activity_updated", expected_version=expected_version
    )
