"""Worked examples of the organizing actions in the change history (merged into test_audit_describe.EXAMPLES)."""

EXAMPLES = {
    "organizing.activity_logged": (
        {
            "organizer_id": [None, 903],
            "employer_id": [None, 5],
            "activity_type": [None, "one_on_one"],
            "outcome": [None, "no_contact"],
            "cards_signed": [None, 0],
        },
        [
            "Organizing activity logged",
            "Organizer: Olive Organizer",
            "Employer: Acme Electric",
            "Type: One-on-one",
            "Outcome: No contact",
            "Cards signed: 0",
        ],
    ),
    "organizing.activity_updated": (
        {"cards_signed": [4, 6], "workers_contacted": [10, 12], "location": [None, "Yard"], "version": [1, 2]},
        [
            "Organizing activity updated",
            "Cards signed changed from 4 to 6",
            "Workers contacted changed from 10 to 12",
            "Location set to Yard",
        ],
    ),
    "organizing.salt_application_recorded": (
        {"employer_id": 5, "salt_id": [None, 903], "applied_on": [None, "2026-02-16"], "posting": [None, "JE-114"]},
        [
            "Salt application recorded",
            "Employer: Acme Electric",
            "Salt: Olive Organizer",
            "Applied on: 02/16/2026",
            "Posting: JE-114",
        ],
    ),
    "organizing.salt_application_corrected": (
        {"corrects": 12, "reason": "Applied a week earlier.", "applied_on": ["2026-02-16", "2026-02-09"]},
        ["Salt application corrected: Applied a week earlier.", "Applied on changed from 02/16/2026 to 02/09/2026"],
    ),
    "organizing.follow_up_recorded": (
        {"follow_up_id": 4, "followed_up_on": "2026-02-23", "note": "Called HR; no answer yet."},
        ["Follow-up recorded for 02/23/2026", "Note: Called HR; no answer yet."],
    ),
}
NAMES = {("members", 903): "Olive Organizer"}  # an id no other example names
