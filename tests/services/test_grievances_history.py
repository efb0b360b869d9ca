"""How the History panel words grievance and holiday changes (worked examples, also checked by
test_audit_describe.py, which wants one for every action)."""

import pytest

from hallweb.audit.describe import describe

NAMES = {("organizations", 5): "Acme Electric", ("users", 9): "Rosa Parks", ("members", 3): "Lee Steward"}

EXAMPLES = {  # action: (changes as the services record them, what the history says)
    "grievance.filed": (
        {
            "grievance_number": "GR-2026-0007",
            "employer_id": [None, 5],
            "representative_id": [None, 9],
            "filed_date": [None, "2026-11-04"],
            "step": [None, 3],
            "next_deadline": [None, "2026-11-19"],
        },
        [
            "Grievance GR-2026-0007 filed",
            "Employer: Acme Electric",
            "Representative: Rosa Parks",
            "Filed: 11/04/2026",
            "Step: 3",
            "Next deadline: 11/19/2026",
        ],
    ),
    "grievance.updated": (
        {"representative_id": [None, 9], "remedy": ["Pay", "Pay the hours"], "version": [2, 3]},
        ["Grievance updated", "Representative set to Rosa Parks", "Remedy sought changed from Pay to Pay the hours"],
    ),
    "grievance.investigation_started": (
        {"grievance_date": "2026-11-05", "status": ["open", "investigation"], "version": [1, 2]},
        ["Investigation started", "Date: 11/05/2026", "Status changed from Open to Investigation"],
    ),
    "grievance.meeting_recorded": (
        {
            "grievance_date": "2026-11-10",
            "meeting_outcome": "denied",
            "employer_attendees": "Dana Boss",
            "union_attendees": "Lee Steward",
            "status": ["open", "hearing"],
            "version": [1, 2],
        },
        [
            "Step meeting recorded",
            "Date: 11/10/2026",
            "Outcome: Denied",
            "For the employer: Dana Boss",
            "For the union: Lee Steward",
            "Status changed from Open to Hearing",
        ],
    ),
    "grievance.answer_recorded": (
        {
            "grievance_date": "2026-11-12",
            "notes": "Denied",
            "clock": ["answer", "appeal"],
            "next_deadline": ["2026-11-19", "2026-11-27"],
            "version": [2, 3],
        },
        [
            "Employer's answer recorded",
            "Date: 11/12/2026",
            "Notes: Denied",
            "Deadline for changed from the employer's answer to the appeal",
            "Next deadline changed from 11/19/2026 to 11/27/2026",
        ],
    ),
    "grievance.appealed": (
        {"grievance_date": "2026-11-16", "step": [1, 2], "status": ["hearing", "open"], "version": [3, 4]},
        [
            "Appealed to the next step",
            "Date: 11/16/2026",
            "Step changed from 1 to 2",
            "Status changed from Hearing to Open",
        ],
    ),
    "grievance.arbitration_demanded": (
        {"grievance_date": "2026-11-20", "step": [3, 4], "next_deadline": ["2026-12-07", None], "version": [5, 6]},
        [
            "Arbitration demanded",
            "Date: 11/20/2026",
            "Step changed from 3 to 4",
            "Next deadline cleared (was 12/07/2026)",
        ],
    ),
    "grievance.extension_granted": (
        {
            "previous_deadline": "2026-11-19",
            "new_deadline": "2026-11-27",
            "agreed_by": "Dana Boss",
            "notes": "Steward on leave",
            "next_deadline": ["2026-11-19", "2026-11-27"],
            "deadline_extended": [False, True],
            "version": [1, 2],
        },
        [
            "Extension granted",
            "Deadline before: 11/19/2026",
            "New deadline: 11/27/2026",
            "Agreed for the employer by: Dana Boss",
            "Notes: Steward on leave",
            "Next deadline changed from 11/19/2026 to 11/27/2026",
            "Extended by agreement changed from no to yes",
        ],
    ),
    "grievance.settled": (
        {"resolution": [None, "Paid 8 hours"], "settlement_amount": [None, "412.50"], "version": [2, 3]},
        ["Grievance settled", "Resolution set to Paid 8 hours", "Settlement amount set to 412.50"],
    ),
    "grievance.withdrawn": (
        {"resolution": [None, "No violation"], "status": ["open", "withdrawn"], "version": [2, 3]},
        ["Grievance withdrawn", "Resolution set to No violation", "Status changed from Open to Withdrawn"],
    ),
    "grievance.closed": (
        {"status": ["settled", "closed"], "version": [3, 4]},
        ["Grievance closed", "Status changed from Settled to Closed"],
    ),
    "grievance.deadline_recounted": (
        {"next_deadline": ["2026-11-18", "2026-11-19"], "version": [1, 2]},
        ["Deadline counted again after a holiday change", "Next deadline changed from 11/18/2026 to 11/19/2026"],
    ),
    "holiday.added": (
        {"holiday_date": [None, "2026-11-11"], "holiday_name": [None, "Veterans Day"]},
        ["Holiday Veterans Day on 11/11/2026 added"],
    ),
    "holiday.removed": (
        {"holiday_date": ["2026-11-11", None], "holiday_name": ["Veterans Day", None]},
        ["Holiday Veterans Day on 11/11/2026 removed"],
    ),
    "holiday.federal_added": ({"year": 2027, "days": 13}, ["13 US federal holidays of 2027 added"]),
}


@pytest.mark.parametrize("action", list(EXAMPLES))
def test_grievance_history_reads_as_plain_sentences(action):
    changes, said = EXAMPLES[action]
    assert describe(action, changes, NAMES) == said


def test_the_grievant_is_named():
    assert describe("grievance.filed", {"grievance_number": "GR-2026-0001", "grievant_id": [None, 3]}, NAMES) == [
        "Grievance GR-2026-0001 filed",
        "Grievant: Lee Steward",
    ]
