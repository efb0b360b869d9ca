"""Organizing activity lists, shared by the page, the fragment and the CSV export; pick lists."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, bindparam, select, union

from hallweb.auth.models import Role, RoleName, UserRole
from hallweb.db.db_types import utcnow
from hallweb.db.keyset import Page, Position, count_statement, read_page, windowed, with_count
from hallweb.db.plain_rows import plain_rows
from hallweb.extensions import db
from hallweb.members.models import Member
from hallweb.organizations.models import Organization
from hallweb.organizing.models import Activity, ActivityType, Outcome

PER_PAGE = 50
ORGANIZER_NAME = (Member.last_name + ", " + Member.first_name).label("organizer_name")
KEYS = [Activity.activity_date, Activity.id]  # newest first

ACTIVITY_COLUMNS = (
    Activity.id,
    Activity.activity_date,
    Activity.activity_type,
    Activity.outcome,
    Activity.location,
    Activity.workers_contacted,
    Activity.cards_signed,
    Activity.description,
    Activity.organizer_id,
    ORGANIZER_NAME,
    (Member.first_name + " " + Member.last_name).label("organizer_full_name"),
    Member.user_id.label("organizer_user_id"),
    Activity.employer_id,
    Organization.name.label("employer_name"),
)


@dataclass
class ActivityFilters:
    employer_id: int | None = None
    organizer_id: int | None = None
    activity_type: str = ""
    outcome: str = ""
    since: date | None = None
    until: date | None = None

    def as_args(self) -> dict:
        args = {
            "employer_id": self.employer_id,
            "organizer_id": self.organizer_id,
            "activity_type": self.activity_type,
            "outcome": self.outcome,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }
        return {k: v for k, v in args.items() if v not in (None, "")}


def filtered(filters: ActivityFilters, *columns) -> Select:
    stmt = (
        select(*(columns or ACTIVITY_COLUMNS))
        .join(Member, Member.id == Activity.organizer_id)
        .join(Organization, Organization.id == Activity.employer_id)
    )
    if filters.employer_id:
        stmt = stmt.where(Activity.employer_id == filters.employer_id)
    if filters.organizer_id:
        stmt = stmt.where(Activity.organizer_id == filters.organizer_id)
    if filters.activity_type in set(ActivityType):
        stmt = stmt.where(Activity.activity_type == filters.activity_type)
    if filters.outcome in set(Outcome):
        stmt = stmt.where(Activity.outcome == filters.outcome)
    if filters.since:
        stmt = stmt.where(Activity.activity_date >= filters.since)
    if filters.until:
        stmt = stmt.where(Activity.activity_date <= filters.until)
    return stmt


def list_activities(filters: ActivityFilters, *, after=None, before=None, last=False) -> Page:
    """One page of activity, newest first, with where it sits in the list."""
    position = Position.from_args(KEYS, after=after, before=before, last=last)
    stmt = filtered(filters)
    page = read_page(
        windowed(stmt, KEYS, position.window, descending=True, per_page=PER_PAGE),
        position,
        lambda row: [row.activity_date, row.id],
        per_page=PER_PAGE,
    )
    count = count_statement(filtered(filters, Activity.id), KEYS, position.window, descending=True)
    return with_count(page, count, position)


def activities_for_export(filters: ActivityFilters):
    stmt = filtered(filters).add_columns(Activity.notes).order_by(Activity.activity_date.desc(), Activity.id.desc())
    return plain_rows(stmt.execution_options(yield_per=1000))


def _organizers(*parts) -> Select:
    chosen = union(*parts).subquery()
    return select(chosen.c.id, chosen.c.organizer_name).order_by(
        chosen.c.last_name_key, chosen.c.first_name_key, chosen.c.id
    )


# The organizers: members whose account holds the organizer role now, and members who have logged activity, a
# union of one indexed read each (an OR of them would read every member); built once, the time as :now.
_ORGANIZER_COLUMNS = (Member.id, ORGANIZER_NAME, Member.last_name_key, Member.first_name_key)
_HOLDS_ROLE = (
    select(UserRole.user_id)
    .join(Role, Role.id == UserRole.role_id)
    .where(Role.name == RoleName.ORGANIZER, (UserRole.expires_at.is_(None)) | (UserRole.expires_at > bindparam("now")))
)
_BY_ROLE = select(*_ORGANIZER_COLUMNS).where(Member.user_id.in_(_HOLDS_ROLE), Member.archived_at.is_(None))
_BY_ACTIVITY = select(*_ORGANIZER_COLUMNS).where(Member.id.in_(select(Activity.organizer_id).distinct()))
_ORGANIZERS = _organizers(_BY_ROLE, _BY_ACTIVITY)
_ORGANIZERS_AND_CHOSEN = _organizers(
    _BY_ROLE, _BY_ACTIVITY, select(*_ORGANIZER_COLUMNS).where(Member.id == bindparam("also"))
)


def organizer_options(also: int | None = None) -> list[tuple[int, str]]:
    """(member id, "Last, First") of the organizers; `also` adds a member already chosen."""
    if also:
        rows = plain_rows(_ORGANIZERS_AND_CHOSEN, {"now": utcnow(), "also": also})
    else:
        rows = plain_rows(_ORGANIZERS, {"now": utcnow()})
    return [tuple(row) for row in rows.all()]


def activity_by_id(activity_id: int) -> Activity | None:
    return db.session.get(Activity, activity_id)
