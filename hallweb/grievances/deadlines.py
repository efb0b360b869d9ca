"""Which deadline a grievance's clock is running to, and when it falls. Pure: rules and holidays are given.

Limits are settings (hallweb/config.py, GRIEVANCE_*): filing within N business days of the incident; the
employer answers each step within N business days of its filing or appeal; each answer is appealed within N
business days; arbitration is demanded within N calendar days of the last step's answer.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from hallweb.grievances.business_days import add_business_days, add_calendar_days, roll_forward
from hallweb.grievances.transitions import LAST_CONTRACT_STEP


class Clock(StrEnum):
    ANSWER = "answer"  # the employer's answer at the current step
    APPEAL = "appeal"  # the union's appeal of the answer to the next step
    ARBITRATION = "arbitration"  # the union's demand for arbitration


@dataclass(frozen=True)
class DeadlineRules:
    filing_days: int = 10
    answer_days: Mapping[int, int] | None = None  # per step; 10 where not given
    appeal_days: Mapping[int, int] | None = None  # per step appealed from; 10 where not given
    arbitration_days: int = 30  # calendar days
    final_step_name: str = "Arbitration"

    @classmethod
    def from_config(cls, config: Mapping) -> "DeadlineRules":
        return cls(
            filing_days=int(config["GRIEVANCE_FILING_DAYS"]),
            answer_days={int(k): int(v) for k, v in dict(config["GRIEVANCE_ANSWER_DAYS"]).items()},
            appeal_days={int(k): int(v) for k, v in dict(config["GRIEVANCE_APPEAL_DAYS"]).items()},
            arbitration_days=int(config["GRIEVANCE_ARBITRATION_DAYS"]),
            final_step_name=str(config["GRIEVANCE_FINAL_STEP_NAME"]),
        )

    def answer_limit(self, step: int) -> int:
        return (self.answer_days or {}).get(step, 10)

    def appeal_limit(self, step: int) -> int:
        return (self.appeal_days or {}).get(step, 10)

    def step_name(self, step: int) -> str:
        return self.final_step_name if step > LAST_CONTRACT_STEP else f"Step {step}"

    def longest_reach(self) -> timedelta:
        """How far past its start any deadline can fall (the holidays to load for it): generous, since each
        business day may be followed by a weekend and holidays."""
        days = max(
            self.filing_days,
            self.arbitration_days,
            *(self.answer_days or {0: 10}).values(),
            *(self.appeal_days or {0: 10}).values(),
        )
        return timedelta(days=days * 3 + 21)


def filing_deadline(incident: date, rules: DeadlineRules, holidays: Collection[date]) -> date:
    """The last day to file: the filing limit in business days after the incident."""
    return add_business_days(incident, rules.filing_days, holidays)


def deadline_for(clock: str | None, step: int, start: date | None, rules: DeadlineRules, holidays) -> date | None:
    """When the running clock ends, counted from its start (the filing or appeal, or the answer)."""
    if clock is None or start is None:
        return None
    if clock == Clock.ANSWER:
        return add_business_days(start, rules.answer_limit(step), holidays)
    if clock == Clock.APPEAL:
        return add_business_days(start, rules.appeal_limit(step), holidays)
    if clock == Clock.ARBITRATION:
        return add_calendar_days(start, rules.arbitration_days, holidays)
    raise ValueError(f"unknown clock {clock!r}")


def clock_after_answer(step: int) -> Clock:
    """An answer at a contract step starts the union's clock: appeal it, or after the last step demand arbitration."""
    return Clock.ARBITRATION if step >= LAST_CONTRACT_STEP else Clock.APPEAL


def extended_deadline(agreed: date, holidays: Collection[date]) -> date:
    """An extension's agreed date, moved to the next business day if it is not one."""
    return roll_forward(agreed, holidays)


def clock_label(clock: str | None, step: int, rules: DeadlineRules) -> str:
    """What the deadline is for, as the case page and the list say it."""
    if clock == Clock.ANSWER:
        return f"Employer's answer at {rules.step_name(step).lower()} due"
    if clock == Clock.APPEAL:
        return f"Appeal to {rules.step_name(step + 1).lower()} due"
    if clock == Clock.ARBITRATION:
        return f"{rules.final_step_name} demand due"
    return ""
