"""How the history words the fund's actions: worked examples, run by tests/services/test_audit_describe.py."""

EXAMPLES = {  # action: (changes as services record them, what the history says)
    "benevolence.created": (
        {"applicant_id": [None, 3], "reason": [None, "death_in_family"], "amount_requested": [None, "1800.00"]},
        [
            "Benevolence application started",
            "Member: (no longer on file)",
            "Reason: Death in the family",
            "Amount requested: $1,800.00",
        ],
    ),
    "benevolence.updated": (
        {"amount_requested": ["1800.00", "1700.50"], "version": [1, 2]},
        ["Benevolence application edited", "Amount requested changed from $1,800.00 to $1,700.50"],
    ),
    "benevolence.submitted": (
        {"status": ["draft", "submitted"], "awaiting_level": [None, "vp"], "version": [2, 3]},
        [
            "Benevolence application submitted",
            "Status changed from Draft to Submitted",
            "Level awaited set to Vice president",
        ],
    ),
    "benevolence.reviewed": (
        {
            "review_level": "admin",
            "review_decision": "approved",
            "review_comment": "Bills attached.",
            "review_amount": "1800.00",
            "status": ["under_review", "approved"],
            "awaiting_level": ["admin", None],
            "amount_approved": [None, "1800.00"],
            "version": [3, 4],
        },
        [
            "Administrator level: Approved",
            "Amount approved at this level: $1,800.00",
            "Comment: Bills attached.",
            "Status changed from Under review to Approved",
            "Level awaited cleared (was Administrator)",
            "Amount approved set to $1,800.00",
        ],
    ),
    "benevolence.caps_overridden": (
        {"override_reason": [None, "House fire"], "override_by_id": [None, 9], "version": [4, 5]},
        ["Caps overridden", "Reason: House fire"],
    ),
    "benevolence.paid": (
        {
            "status": ["approved", "paid"],
            "paid_on": [None, "2026-12-01"],
            "payment_method": [None, "ach"],
            "version": [5, 6],
        },
        ["Payment recorded", "Payment method: ACH transfer", "Paid on set to 12/01/2026"],
    ),
    "benevolence.reviewer_assigned": (
        {"review_level": [None, "vp"]},
        ["Benevolence review level Vice president assigned"],
    ),
    "benevolence.reviewer_removed": (
        {"review_level": ["manager", None]},
        ["Benevolence review level Business manager removed"],
    ),
}
