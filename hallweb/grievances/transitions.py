"""The grievance's moves: which action each status (and step) allows, and where it leads. Pure.

One table, read by the services (a move it does not allow is refused with InvalidTransition) and by the case
page (only the allowed moves are offered).
"""

from dataclasses import dataclass
from enum import StrEnum

from hallweb.errors import InvalidTransition


class Status(StrEnum):
    OPEN = "open"
    INVESTIGATION = "investigation"
    HEARING = "hearing"
    SETTLED = "settled"
    WITHDRAWN = "withdrawn"
    ARBITRATION = "arbitration"
    CLOSED = "closed"


STATUS_LABELS = {
    Status.OPEN: "Open",
    Status.INVESTIGATION: "Investigation",
    Status.HEARING: "Hearing",
    Status.SETTLED: "Settled",
    Status.WITHDRAWN: "Withdrawn",
    Status.ARBITRATION: "Arbitration",
    Status.CLOSED: "Closed",
}

FIRST_STEP, LAST_CONTRACT_STEP, FINAL_STEP = 1, 3, 4  # steps 1-3, then arbitration (its name is a setting)
STEPS = (1, 2, 3, 4)
ACTIVE = frozenset({Status.OPEN, Status.INVESTIGATION, Status.HEARING})  # at a contract step, clock running
OPEN_STATUSES = ACTIVE | {Status.ARBITRATION}  # not yet resolved


class Action(StrEnum):
    INVESTIGATE = "investigate"
    MEETING = "meeting"
    ANSWER = "answer"
    APPEAL = "appeal"
    ARBITRATION = "arbitration"
    EXTENSION = "extension"
    SETTLE = "settle"
    WITHDRAW = "withdraw"
    CLOSE = "close"


ACTION_LABELS = {
    Action.INVESTIGATE: "Start the investigation",
    Action.MEETING: "Record a step meeting",
    Action.ANSWER: "Record the employer's answer",
    Action.APPEAL: "Appeal to the next step",
    Action.ARBITRATION: "Demand arbitration",
    Action.EXTENSION: "Grant an extension",
    Action.SETTLE: "Settle",
    Action.WITHDRAW: "Withdraw",
    Action.CLOSE: "Close",
}


@dataclass(frozen=True)
class Move:
    action: Action
    sources: frozenset  # the statuses it may start from
    target: Status | None  # None: the status stays as it is
    steps: tuple[int, ...] = STEPS  # the steps it may start from
    next_step: bool = False  # it moves the grievance to the step after


TABLE: dict[Action, Move] = {
    m.action: m
    for m in (
        Move(Action.INVESTIGATE, frozenset({Status.OPEN}), Status.INVESTIGATION),
        Move(Action.MEETING, ACTIVE, Status.HEARING, steps=(1, 2, 3)),
        Move(Action.ANSWER, ACTIVE, None, steps=(1, 2, 3)),
        Move(Action.APPEAL, ACTIVE, Status.OPEN, steps=(1, 2), next_step=True),
        Move(Action.ARBITRATION, ACTIVE, Status.ARBITRATION, steps=(LAST_CONTRACT_STEP,), next_step=True),
        Move(Action.EXTENSION, ACTIVE, None, steps=(1, 2, 3)),
        Move(Action.SETTLE, OPEN_STATUSES, Status.SETTLED),
        Move(Action.WITHDRAW, OPEN_STATUSES, Status.WITHDRAWN),
        Move(Action.CLOSE, OPEN_STATUSES | {Status.SETTLED, Status.WITHDRAWN}, Status.CLOSED),
    )
}


def allows(status: str, step: int, action: Action) -> bool:
    move = TABLE[action]
    return status in move.sources and step in move.steps


def allowed_actions(status: str, step: int) -> list[Action]:
    """The moves a grievance in this status, at this step, may make, in the order the case page offers them."""
    return [a for a in TABLE if allows(status, step, a)]


def check_move(status: str, step: int, action: Action) -> Move:
    """The move, or InvalidTransition saying why it is not allowed now."""
    move = TABLE[action]
    if status not in move.sources:
        raise InvalidTransition(
            f"A grievance that is {STATUS_LABELS[Status(status)].lower()} cannot take this action "
            f"({ACTION_LABELS[action].lower()})."
        )
    if step not in move.steps:
        steps = " or ".join(f"step {s}" for s in move.steps if s != FINAL_STEP)
        raise InvalidTransition(f"{ACTION_LABELS[action]} is possible only at {steps}.")
    return move
