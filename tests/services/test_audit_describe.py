"""Audit rows in plain words (hallweb/audit/describe.py): a worked example for every action recorded."""

import re
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from hallweb.audit.describe import (
    ACTION_GROUPS,
    ACTIONS,
    RECORD_TYPES,
    action_choices,
    action_label,
    describe,
    record_type_label,
    references,
)
from tests import benevolence_history_examples as benevolence_history
from tests import organizing_history_examples as organizing_history
from tests import training_history_examples as training_history
from tests.services.test_grievances_history import EXAMPLES as GRIEVANCE_EXAMPLES

NAMES = {
    **organizing_history.NAMES,
    **training_history.NAMES,
    ("classifications", 2): "Apprentice wireman, year 2",
    ("classifications", 7): "Journeyman wireman",
    ("organizations", 5): "Acme Electric",
    ("users", 9): "Rosa Parks",
    ("training_cohorts", 3): "2026-Spring",
    ("certifications", 3): "CPR issued 05/01/2024",
}
CHICAGO = ZoneInfo("America/Chicago")

EXAMPLES = {  # action: (changes as services record them, what the history says)
    "member.created": (
        {"card_number": [None, "A100"], "first_name": [None, "Rosa"], "classification_id": [None, 7]},
        ["Member added", "Card number: A100", "First name: Rosa", "Classification: Journeyman wireman"],
    ),
    "member.updated": (
        {"classification_id": [2, 7], "date_of_birth": ["1980-01-02", "1980-02-01"], "version": [3, 4]},
        [
            "Member updated",
            "Classification changed from Apprentice wireman, year 2 to Journeyman wireman",
            "Date of birth changed from 01/02/1980 to 02/01/1980",
        ],
    ),
    "member.contact_updated": (
        {"phone": ["555-0100", "555-0199"], "address_line1": [None, "1 Main St"], "postal_code": ["60601", None]},
        [
            "Contact details updated",
            "Phone changed from 555-0100 to 555-0199",
            "Address line 1 set to 1 Main St",
            "Postal code cleared (was 60601)",
        ],
    ),
    "member.archived": ({"archived_at": [None, "2026-01-02T03:04:05+00:00"], "version": [1, 2]}, ["Archived"]),
    "member.restored": ({"archived_at": ["2026-01-02T03:04:05+00:00", None], "version": [2, 3]}, ["Restored"]),
    "member.user_linked": (
        {"user": [None, "rosa@example.org"], "version": [1, 2]},
        ["Account rosa@example.org linked"],
    ),
    "member.user_unlinked": (
        {"user": ["rosa@example.org", None], "version": [2, 3]},
        ["Account rosa@example.org unlinked"],
    ),
    "member.job_started": (
        {"employer": "Acme Electric", "start_date": "2024-01-02", "job_id": 31},
        ["Job started at Acme Electric on 01/02/2024"],
    ),
    "member.job_ended": (
        {"employer": "Acme Electric", "end_date": "2024-06-30", "job_id": 31},
        ["Job at Acme Electric ended on 06/30/2024"],
    ),
    "member.email_change_requested": (
        {"new_email": "rosa@new.example.org"},
        ["Email change to rosa@new.example.org requested, waiting for confirmation"],
    ),
    "member.email_changed": (
        {"email": ["rosa@example.org", "rosa@new.example.org"], "version": [2, 3]},
        ["Email address changed", "Email changed from rosa@example.org to rosa@new.example.org"],
    ),
    "member.link_requested": (
        {"card_number": "A100", "matched": True},
        ["Account link requested with card number A100", "It matches a member"],
    ),
    "member.link_approved": ({"status": ["pending", "approved"]}, ["Account link approved"]),
    "member.link_rejected": (
        {"status": ["pending", "rejected"], "reason": "Card RP1955 is someone else's."},
        ["Account link rejected", "Reason: Card RP1955 is someone else's."],
    ),
    "member.link_withdrawn": ({"status": ["pending", "withdrawn"]}, ["Account link request withdrawn"]),
    "organization.created": (
        {"name": [None, "Acme Electric"], "kind": [None, "employer"]},
        ["Organization added", "Name: Acme Electric", "Kind: Signatory employer"],
    ),
    "organization.updated": (
        {"kind": ["employer", "non_union"], "website": [None, "https://acme.example"], "version": [1, 2]},
        [
            "Organization updated",
            "Kind changed from Signatory employer to Non-union employer",
            "Website set to https://acme.example",
        ],
    ),
    "organization.archived": ({"archived_at": [None, "2026-01-02T03:04:05+00:00"], "version": [1, 2]}, ["Archived"]),
    "organization.restored": ({"archived_at": ["2026-01-02T03:04:05+00:00", None], "version": [2, 3]}, ["Restored"]),
    "organization.contact_added": (
        {"contact": "Dana Foreman", "contact_id": 4, "name": [None, "Dana Foreman"], "title": [None, "Foreman"]},
        ["Contact Dana Foreman added", "Title: Foreman"],
    ),
    "organization.contact_updated": (
        {"contact_id": 4, "phone": [None, "555-0123"]},
        ["Contact updated", "Phone set to 555-0123"],
    ),
    "organization.contact_removed": (
        {"contact_id": 4, "name": ["Dana Foreman", None], "title": ["Foreman", None]},
        ["Contact Dana Foreman removed"],
    ),
    "classification.created": (
        {"name": [None, "Teledata technician"], "code": [None, "teledata"]},
        ["Classification added", "Name: Teledata technician", "Code: teledata"],
    ),
    "classification.updated": ({"active": [True, False]}, ["Classification retired"]),
    "user.created": (
        {"email": "ava@example.org", "via": "invitation"},
        ["User account created for ava@example.org (invited)"],
    ),
    "user.invited": ({"email": "ava@example.org"}, ["Invitation sent to ava@example.org"]),
    "user.email_changed": (
        {"email": ["ava@example.org", "ava@new.example.org"]},
        ["Sign-in address changed", "Email changed from ava@example.org to ava@new.example.org"],
    ),
    "user.updated": (
        {"timezone": ["UTC", "America/Chicago"], "first_name": ["Ava", "Avery"]},
        ["Profile updated", "Time zone changed from UTC to America/Chicago", "First name changed from Ava to Avery"],
    ),
    "user.role_granted": (
        {"role": "staff", "expires_at": "2026-07-01T05:00:00+00:00"},
        ["Role Office staff granted", "Until 07/01/2026 12:00 AM CDT"],
    ),
    "user.role_removed": ({"role": "staff"}, ["Role Office staff removed"]),
    "user.suspended": (
        {"message": "On hold.", "sessions_ended": 2},
        ["Account suspended", "Message: On hold.", "Signed out of 2 sessions"],
    ),
    "user.unsuspended": ({"suspended_at": ["2026-01-02T03:04:05+00:00", None]}, ["Suspension lifted"]),
    "user.unlocked": (
        {"locked_until": ["2026-01-02T03:04:05+00:00", None], "pauses_ended": 2},
        ["Account unlocked", "2 sign-in pauses lifted"],
    ),
    "auth.signed_in": ({"session_id": 12, "reset_links_ended": 0}, ["Signed in"]),
    "auth.signed_out": ({}, ["Signed out"]),
    "auth.sign_in_failed": ({"reason": "wrong password"}, ["Sign-in failed: wrong password"]),
    "auth.locked": (
        {"until": "2026-12-03T16:15:00+00:00", "client": "203.0.113.7"},
        ["Signing in paused until 12/03/2026 10:15 AM CST"],
    ),
    "auth.email_verified": ({}, ["Email address verified"]),
    "auth.registration_repeated": ({}, ["Registration tried again"]),
    "auth.password_reset_requested": ({}, ["Password reset requested"]),
    "auth.password_reset": ({"sessions_ended": 1}, ["Password reset", "Signed out of 1 session"]),
    "auth.password_changed": (
        {"sessions_ended": 0, "reset_links_ended": 1},
        ["Password changed", "1 unused password reset link ended"],
    ),
    "auth.invitation_accepted": ({}, ["Invitation accepted"]),
    "session.revoked": ({"session_id": 12}, ["Session signed out"]),
    "session.others_revoked": ({"sessions_ended": 3}, ["Other sessions signed out", "Signed out of 3 sessions"]),
    "certification.recorded": (
        {
            "member_id": 4,
            "renews_id": 3,
            "status": [None, "active"],
            "type": [None, "cpr"],
            "issue_date": [None, "2026-05-01"],
            "expiry_date": [None, "2028-05-01"],
        },
        [
            "Certification recorded",
            "Renews: CPR issued 05/01/2024",
            "Status: Active",
            "Type: CPR",
            "Issue date: 05/01/2026",
            "Expiry date: 05/01/2028",
        ],
    ),
    "certification.updated": (
        {"type": ["osha_10", "osha_30"], "issuer": [None, "Red Cross"], "version": [1, 2]},
        ["Certification corrected", "Type changed from OSHA 10 to OSHA 30", "Issuer set to Red Cross"],
    ),
    "certification.renewed": (
        {"status": ["active", "renewed"], "version": [1, 2]},
        ["Renewed: a new certificate replaces this one, which is kept as history"],
    ),
    "certification.revoked": (
        {"status": ["active", "revoked"], "revocation_reason": [None, "Card was forged"], "version": [2, 3]},
        ["Revoked: Card was forged"],
    ),
    "seed.demo_loaded": (
        {"members": 200, "organizations": 40, "jobs": 310, "seed": 7},
        ["Demo data loaded: 200 members, 40 organizations, 310 jobs"],
    ),
}

EXAMPLES |= organizing_history.EXAMPLES | training_history.EXAMPLES | benevolence_history.EXAMPLES


EXAMPLES.update(GRIEVANCE_EXAMPLES)  # grievances word their own (tests/services/test_grievances_history.py)


@pytest.mark.parametrize("action", list(EXAMPLES))
def test_each_action_reads_as_plain_sentences(action):
    changes, said = EXAMPLES[action]
    assert describe(action, changes, NAMES, CHICAGO) == said


def test_every_action_has_a_name_and_a_worked_example():
    assert set(EXAMPLES) == set(ACTIONS)


def test_every_action_the_code_records_is_named():
    """Each action literal passed to audit.record() or apply_change(action=...) anywhere in the app."""
    source = "\n".join(p.read_text() for p in Path("hallweb").rglob("*.py"))
    literal = re.compile(r"""(?:audit\.record\(\s*[\w.]+,\s*|action=)f?"([a-z_]+\.[a-z_{}]+)\"""")
    found = set(literal.findall(source))
    assert "member.link_{status}" in found  # linking._decide: one action per decision
    found = (found - {"member.link_{status}"}) | {
        "member.link_approved",
        "member.link_rejected",
        "member.link_withdrawn",
    }
    assert len(found) > 20
    assert found <= set(ACTIONS), found - set(ACTIONS)


@pytest.mark.parametrize("action", list(EXAMPLES))
def test_no_bookkeeping_is_shown(action):
    changes, _ = EXAMPLES[action]
    text = " ".join(describe(action, changes, NAMES, CHICAGO))
    for internal in ("version", "_id", "job_id", "contact_id", "session_id", "None", "{", "["):
        assert internal not in text


def test_ids_are_named_and_a_missing_name_is_said_so():
    assert describe("member.updated", {"classification_id": [2, 99]}, NAMES) == [
        "Member updated",
        "Classification changed from Apprentice wireman, year 2 to (no longer on file)",
    ]


def test_an_employer_or_account_id_is_named():
    said = describe("member.updated", {"employer_id": [None, 5], "user": [9, None]}, NAMES)
    assert said == ["Member updated", "Employer set to Acme Electric", "Account cleared (was Rosa Parks)"]


def test_an_empty_value_reads_as_empty_and_a_boolean_as_yes_or_no():
    assert describe("thing.changed", {"notes": None, "active": [False, True]}) == [
        "Thing changed",
        "Notes: (empty)",
        "In use changed from no to yes",
    ]


def test_an_unknown_action_and_field_read_in_words_without_ids():
    said = describe("dues.payment_recorded", {"amount": "42.50", "payment_method": "check", "batch_id": 3})
    assert said == ["Dues payment recorded", "Amount: 42.50", "Payment method: check"]


def test_times_are_shown_in_the_viewers_zone_with_its_name():
    changes = {"until": "2026-07-01T15:30:00+00:00"}
    assert describe("auth.locked", changes) == ["Signing in paused until 07/01/2026 3:30 PM UTC"]
    assert describe("auth.locked", changes, zone=ZoneInfo("America/Chicago")) == [
        "Signing in paused until 07/01/2026 10:30 AM CDT"
    ]


def test_a_refused_sign_in_without_an_account_names_the_address_typed_but_never_the_client():
    said = describe("auth.sign_in_failed", {"email": "nobody@example.org", "reason": "unknown email"})
    assert said == ["Sign-in failed: unknown email", "Email: nobody@example.org"]
    paused = describe("auth.locked", {"until": "2026-07-01T15:30:00+00:00", "client": "203.0.113.7"})
    assert "203.0.113.7" not in " ".join(paused)


def test_a_classification_back_in_use():
    assert describe("classification.updated", {"active": [False, True]}) == ["Classification back in use"]


def test_references_collects_the_ids_to_name_across_rows():
    rows = [
        SimpleNamespace(changes={"classification_id": [2, 7], "version": [1, 2]}, entity_type="members", entity_id=1),
        SimpleNamespace(changes={"user": [None, "a@example.org"], "job_id": 3}, entity_type="members", entity_id=1),
        SimpleNamespace(changes={"employer_id": 5, "user": [9, None]}, entity_type="users", entity_id=4),
        SimpleNamespace(changes={}, entity_type=None, entity_id=None),
    ]
    assert references(rows) == {("classifications", 2), ("classifications", 7), ("organizations", 5), ("users", 9)}
    assert references(rows, with_records=True) == references(rows) | {("members", 1), ("users", 4)}


def test_labels_of_actions_and_record_types():
    assert action_label("member.updated") == "Member updated"
    assert record_type_label("users") == "User account"
    assert record_type_label("dues_payments") == "Dues payments"
    assert RECORD_TYPES["members"] == "Member" and RECORD_TYPES["organizations"] == "Organization"


def test_the_filter_offers_every_action_under_its_group():
    offered = action_choices()
    assert {value for value, _ in offered} == set(ACTIONS) | set(ACTION_GROUPS)
    assert offered.index(("user.", "Any user account change")) < offered.index(("user.suspended", "Account suspended"))
    assert ("member.updated", "Member updated") in offered


def test_an_email_change_that_also_moves_the_sign_in_address_says_so():
    changes = {"new_email": "rosa@new.example.org", "also_sign_in": True}
    assert describe("member.email_change_requested", changes, NAMES, CHICAGO) == [
        "Email change to rosa@new.example.org, also as the sign-in address, requested, waiting for confirmation"
    ]
