"""How the change history speaks of organizing activity and salt applications."""

from hallweb.audit.phrasing import created
from hallweb.audit.vocabulary import Vocabulary
from hallweb.organizing.models import OUTCOME_LABELS, TYPE_LABELS


def _corrected(action, changes, w):
    reason = w.value("correction_reason", changes.get("reason"))
    return [f"Salt application corrected: {reason}", *w.changes(changes, skip={"corrects", "reason"})]


def _follow_up(action, changes, w):
    day = w.value("followed_up_on", changes.get("followed_up_on"))
    return [f"Follow-up recorded for {day}", *w.changes(changes, skip={"followed_up_on"})]


WORDS = Vocabulary(
    actions={
        "organizing.activity_logged": "Organizing activity logged",
        "organizing.activity_updated": "Organizing activity updated",
        "organizing.salt_application_recorded": "Salt application recorded",
        "organizing.salt_application_corrected": "Salt application corrected",
        "organizing.follow_up_recorded": "Salt application follow-up recorded",
    },
    groups={"organizing.": "Any organizing change"},
    record_types={
        "organizing_activities": "Organizing activity",
        "salt_applications": "Salt application",
    },
    fields={
        "organizer_id": "Organizer",
        "activity_date": "Date",
        "activity_type": "Type",
        "outcome": "Outcome",
        "workers_contacted": "Workers contacted",
        "cards_signed": "Cards signed",
        "salt_id": "Salt",
        "applied_on": "Applied on",
        "posting": "Posting",
        "availability": "Availability",
        "followed_up_on": "Followed up on",
    },
    references={"organizer_id": "members", "salt_id": "members"},
    values={"activity_type": TYPE_LABELS, "outcome": OUTCOME_LABELS},
    phrases={
        "organizing.activity_logged": created,
        "organizing.salt_application_recorded": created,
        "organizing.salt_application_corrected": _corrected,
        "organizing.follow_up_recorded": _follow_up,
    },
    pages={"organizing_activities": "organizing.activity"},
)
