"""How the change history speaks of grievances and the holiday list."""

from hallweb.audit.phrasing import new, old
from hallweb.audit.vocabulary import Vocabulary
from hallweb.grievances.deadlines import Clock
from hallweb.grievances.models import OUTCOME_LABELS, Grievance


def _filed(action, changes, w):
    number = changes.get("grievance_number")
    head = f"Grievance {number} filed" if number else "Grievance filed"
    rest = (w.listing(k, v) for k, v in changes.items() if k != "grievance_number")
    return [head, *(s for s in rest if s)]


def _holiday_added(action, changes, w):
    return [
        f"Holiday {w.value('holiday_name', new(changes.get('holiday_name')))} on "
        f"{w.value('holiday_date', new(changes.get('holiday_date')))} added"
    ]


def _holiday_removed(action, changes, w):
    return [
        f"Holiday {w.value('holiday_name', old(changes.get('holiday_name')))} on "
        f"{w.value('holiday_date', old(changes.get('holiday_date')))} removed"
    ]


def _federal_added(action, changes, w):
    return [f"{changes.get('days', 0)} US federal holidays of {changes.get('year')} added"]


WORDS = Vocabulary(
    actions={
        "grievance.filed": "Grievance filed",
        "grievance.updated": "Grievance updated",
        "grievance.investigation_started": "Investigation started",
        "grievance.meeting_recorded": "Step meeting recorded",
        "grievance.answer_recorded": "Employer's answer recorded",
        "grievance.appealed": "Appealed to the next step",
        "grievance.arbitration_demanded": "Arbitration demanded",
        "grievance.extension_granted": "Extension granted",
        "grievance.settled": "Grievance settled",
        "grievance.withdrawn": "Grievance withdrawn",
        "grievance.closed": "Grievance closed",
        "grievance.deadline_recounted": "Deadline counted again after a holiday change",
        "holiday.added": "Holiday added",
        "holiday.removed": "Holiday removed",
        "holiday.federal_added": "Federal holidays added",
    },
    groups={"grievance.": "Any grievance change", "holiday.": "Any holiday list change"},
    record_types={"grievances": "Grievance", "holidays": "Holiday"},
    fields={
        "grievance_number": "Number",
        "grievant_id": "Grievant",
        "is_policy": "Policy grievance",
        "representative_id": "Representative",
        "incident_date": "Incident date",
        "filed_date": "Filed",
        "filed_late": "Filed late",
        "late_reason": "Why it was filed late",
        "article": "Contract article",
        "violation": "What was violated",
        "remedy": "Remedy sought",
        "step": "Step",
        "clock": "Deadline for",
        "clock_start": "Counted from",
        "next_deadline": "Next deadline",
        "deadline_extended": "Extended by agreement",
        "resolution": "Resolution",
        "resolution_date": "Resolution date",
        "settlement_amount": "Settlement amount",
        "grievance_date": "Date",
        "meeting_outcome": "Outcome",
        "employer_attendees": "For the employer",
        "union_attendees": "For the union",
        "previous_deadline": "Deadline before",
        "new_deadline": "New deadline",
        "agreed_by": "Agreed for the employer by",
        "holiday_name": "Holiday",
        "holiday_date": "Date",
    },
    references={"grievant_id": "members", "representative_id": "users"},
    values={
        "meeting_outcome": {k.value: v for k, v in OUTCOME_LABELS.items()},
        "clock": {
            Clock.ANSWER.value: "the employer's answer",
            Clock.APPEAL.value: "the appeal",
            Clock.ARBITRATION.value: "the arbitration demand",
        },
    },
    phrases={
        "grievance.filed": _filed,
        "holiday.added": _holiday_added,
        "holiday.removed": _holiday_removed,
        "holiday.federal_added": _federal_added,
    },
    names={"grievances": (Grievance, Grievance.number)},
    pages={"grievances": "grievances.detail"},
)
