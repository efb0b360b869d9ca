"""The transition table, pure and through the services: every status, step and action, allowed or refused."""

from datetime import date
from decimal import Decimal

import pytest

from hallweb.errors import InvalidTransition
from hallweb.grievances.actions import PERFORM
from hallweb.grievances.transitions import STEPS, Action, Status, allowed_actions, allows, check_move
from tests.grievance_factories import ensure_holiday, make_grievance, put_at

A = Action
ACTIVE = ("open", "investigation", "hearing")
# Written out by hand from DOMAIN.md, not computed from the table: (status, step) -> the moves allowed.
EXPECTED = {}
for step in (1, 2, 3):
    for status in ACTIVE:
        moves = {A.MEETING, A.ANSWER, A.EXTENSION, A.SETTLE, A.WITHDRAW, A.CLOSE}
        if status == "open":
            moves.add(A.INVESTIGATE)
        moves.add(A.APPEAL if step < 3 else A.ARBITRATION)
        EXPECTED[(status, step)] = moves
for step in STEPS:
    EXPECTED[("arbitration", step)] = {A.SETTLE, A.WITHDRAW, A.CLOSE}
    EXPECTED[("settled", step)] = {A.CLOSE}
    EXPECTED[("withdrawn", step)] = {A.CLOSE}
    EXPECTED[("closed", step)] = set()
for status in ACTIVE:
    EXPECTED[(status, 4)] = {A.SETTLE, A.WITHDRAW, A.CLOSE} | ({A.INVESTIGATE} if status == "open" else set())

TARGETS = {
    A.INVESTIGATE: "investigation",
    A.MEETING: "hearing",
    A.APPEAL: "open",
    A.ARBITRATION: "arbitration",
    A.SETTLE: "settled",
    A.WITHDRAW: "withdrawn",
    A.CLOSE: "closed",
}
CASES = [(status, step, action) for status in Status for step in STEPS for action in Action]


def test_the_table_allows_exactly_the_expected_moves():
    for status in Status:
        for step in STEPS:
            assert set(allowed_actions(status, step)) == EXPECTED[(status.value, step)], (status, step)


def test_a_refusal_says_why():
    with pytest.raises(InvalidTransition, match="settled cannot take this action .appeal to the next step."):
        check_move("settled", 1, A.APPEAL)
    with pytest.raises(InvalidTransition, match="Demand arbitration is possible only at step 3"):
        check_move("hearing", 1, A.ARBITRATION)
    with pytest.raises(InvalidTransition, match="closed"):
        check_move("closed", 2, A.CLOSE)


def values_for(action: Action) -> dict:
    on = date(2026, 11, 20)
    return {
        A.INVESTIGATE: {"occurred_on": on},
        A.MEETING: {"occurred_on": on, "outcome": "denied", "employer_attendees": "HR", "union_attendees": "BA"},
        A.ANSWER: {"occurred_on": on, "notes": "Denied: overtime was offered."},
        A.APPEAL: {"occurred_on": on},
        A.ARBITRATION: {"occurred_on": on},
        A.EXTENSION: {"new_deadline": date(2027, 3, 1), "agreed_by": "Pat Boss", "notes": "Witness away"},
        A.SETTLE: {"occurred_on": on, "resolution": "Paid 8 hours", "amount": Decimal("412.50")},
        A.WITHDRAW: {"occurred_on": on, "resolution": "No contract violation found"},
        A.CLOSE: {"occurred_on": on, "resolution": "Done"},
    }[action]


@pytest.mark.parametrize(("status", "step", "action"), CASES, ids=lambda v: str(v))
def test_the_services_walk_the_whole_table(app, status, step, action):
    ensure_holiday(date(2026, 11, 11), "Veterans Day")
    g = put_at(make_grievance(step=min(step, 3)), status, step)
    if allows(status, step, action):
        PERFORM[action](g, actor=None, expected_version=g.version, **values_for(action))
        assert g.status == TARGETS.get(action, status)
        assert g.step == (step + 1 if action in (A.APPEAL, A.ARBITRATION) else step)
    else:
        with pytest.raises(InvalidTransition):
            PERFORM[action](g, actor=None, expected_version=g.version, **values_for(action))
