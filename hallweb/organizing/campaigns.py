"""A campaign: all the organizing work at one target employer, its totals by month, its salts' applications."""

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import Row, bindparam, extract, func, select
from sqlalchemy.orm import aliased

from hallweb.auth.models import User
from hallweb.db.plain_rows import plain_rows
from hallweb.members.models import Member
from hallweb.organizations.models import Organization
from hallweb.organizing.models import Activity, SaltApplication, SaltFollowUp
from hallweb.organizing.queries import ACTIVITY_COLUMNS

TIMELINE = 50  # the newest activities shown on the campaign page; the list holds them all


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    activities: int = 0
    contacted: int = 0
    cards: int = 0

    @property
    def label(self) -> str:
        return date(self.year, self.month, 1).strftime("%b %Y")

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass
class Totals:
    activities: int = 0
    contacted: int = 0
    cards: int = 0
    first: date | None = None
    last: date | None = None

    @property
    def card_rate(self) -> int | None:
        """Cards signed per worker contacted, in whole percent (None before anyone was contacted)."""
        return round(100 * self.cards / self.contacted) if self.contacted else None


# The campaign page's reads, built once; each takes the employer as :employer_id.
_YEAR, _MONTH = extract("year", Activity.activity_date), extract("month", Activity.activity_date)
_MONTHS = (
    select(
        _YEAR,
        _MONTH,
        func.count(Activity.id),
        func.sum(Activity.workers_contacted),
        func.sum(Activity.cards_signed),
        func.min(Activity.activity_date),
        func.max(Activity.activity_date),
    )
    .where(Activity.employer_id == bindparam("employer_id"))
    .group_by(_YEAR, _MONTH)
    .order_by(_YEAR, _MONTH)
)
_TIMELINE = (
    select(*ACTIVITY_COLUMNS)
    .join(Member, Member.id == Activity.organizer_id)
    .join(Organization, Organization.id == Activity.employer_id)
    .where(Activity.employer_id == bindparam("employer_id"))
    .order_by(Activity.activity_date.desc(), Activity.id.desc())
    .limit(bindparam("limit"))
)
_RECORDER = aliased(User)
# The salt applications with their follow-ups: a row per follow-up, one of nulls for an entry without any.
_SALT_ENTRIES = (
    select(
        SaltApplication.id,
        SaltApplication.corrects_id,
        SaltApplication.applied_on,
        SaltApplication.posting,
        SaltApplication.availability,
        SaltApplication.correction_reason,
        SaltApplication.recorded_at,
        (Member.first_name + " " + Member.last_name).label("salt_name"),
        Member.card_number.label("salt_card_number"),
        (_RECORDER.first_name + " " + _RECORDER.last_name).label("recorded_by_name"),
        SaltFollowUp.id.label("follow_up_id"),
        SaltFollowUp.followed_up_on,
        SaltFollowUp.note,
    )
    .join(Member, Member.id == SaltApplication.salt_id)
    .outerjoin(_RECORDER, _RECORDER.id == SaltApplication.recorded_by_id)
    .outerjoin(SaltFollowUp, SaltFollowUp.application_id == SaltApplication.id)
    .where(SaltApplication.employer_id == bindparam("employer_id"))
    .order_by(SaltApplication.id, SaltFollowUp.followed_up_on, SaltFollowUp.id)
)


def months_of(employer_id: int) -> tuple[list[Month], Totals]:
    """Every month from the campaign's first activity to its last (quiet months too, so the chart's time runs
    evenly), with the campaign's totals: one statement."""
    totals = Totals()
    found = {}
    for y, m, n, contacted, cards, first, last in plain_rows(_MONTHS, {"employer_id": employer_id}):
        found[(int(y), int(m))] = Month(int(y), int(m), n, int(contacted or 0), int(cards or 0))
        totals.activities += n
        totals.contacted += int(contacted or 0)
        totals.cards += int(cards or 0)
        totals.first = min(totals.first or first, first)
        totals.last = max(totals.last or last, last)
    if not found:
        return [], totals
    (y, m), end = min(found), max(found)
    months = []
    while (y, m) <= end:
        months.append(found.get((y, m), Month(y, m)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months, totals


def timeline(employer_id: int, limit: int = TIMELINE) -> list:
    """The campaign's newest activities, as rows of columns."""
    return plain_rows(_TIMELINE, {"employer_id": employer_id, "limit": limit}).all()


class FollowUp(NamedTuple):
    id: int
    application_id: int
    followed_up_on: date
    note: str


@dataclass
class SaltCase:
    """One salt application as it stands: the entry in force, the entries it corrected (newest first), and
    the follow-ups recorded on any of them, in date order (all rows of columns)."""

    current: Row
    corrected: list[Row] = field(default_factory=list)
    follow_ups: list[Row] = field(default_factory=list)


def salt_cases(employer_id: int) -> list[SaltCase]:
    """The employer's salt applications, latest application first: one statement whatever their number."""
    entries, follow_ups = {}, []
    for row in plain_rows(_SALT_ENTRIES, {"employer_id": employer_id}):
        entries.setdefault(row.id, row)
        if row.follow_up_id is not None:
            follow_ups.append(FollowUp(row.follow_up_id, row.id, row.followed_up_on, row.note))
    follow_ups.sort(key=lambda f: (f.followed_up_on, f.id))
    correction_of = {e.corrects_id: e for e in entries.values() if e.corrects_id}
    cases = []
    for entry in entries.values():
        if entry.corrects_id is not None:
            continue  # a correction is drawn within the case of the entry it corrects
        chain = [entry]
        while chain[-1].id in correction_of:
            chain.append(correction_of[chain[-1].id])
        ids = {e.id for e in chain}
        cases.append(
            SaltCase(
                current=chain[-1],
                corrected=list(reversed(chain[:-1])),
                follow_ups=[f for f in follow_ups if f.application_id in ids],
            )
        )
    cases.sort(key=lambda c: (c.current.applied_on, c.current.id), reverse=True)
    return cases


def campaigns(organizer_id: int | None = None, limit: int | None = None) -> list:
    """Target employers with organizing activity (of one organizer, if given), the latest campaign first, with
    their totals: one statement."""
    stmt = (
        select(
            Organization.id,
            Organization.name,
            func.count(Activity.id).label("activities"),
            func.sum(Activity.workers_contacted).label("contacted"),
            func.sum(Activity.cards_signed).label("cards"),
            func.max(Activity.activity_date).label("last"),
        )
        .join(Activity, Activity.employer_id == Organization.id)
        .group_by(Organization.id, Organization.name)
        .order_by(func.max(Activity.activity_date).desc(), Organization.id)
    )
    if organizer_id is not None:
        stmt = stmt.where(Activity.organizer_id == organizer_id)
    if limit:
        stmt = stmt.limit(limit)
    return plain_rows(stmt).all()


def recent_activity(organizer_id: int, limit: int = 5) -> list:
    stmt = (
        select(*ACTIVITY_COLUMNS)
        .join(Member, Member.id == Activity.organizer_id)
        .join(Organization, Organization.id == Activity.employer_id)
        .where(Activity.organizer_id == organizer_id)
        .order_by(Activity.activity_date.desc(), Activity.id.desc())
        .limit(limit)
    )
    return plain_rows(stmt).all()
