"""Grievance lists, the case page's reads, and the counts the home page and other pages show."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import Date, Select, and_, bindparam, case, func, literal, or_, select, union_all
from sqlalchemy.orm import joinedload

from hallweb.auth.models import Role, RoleName, User, UserRole
from hallweb.db.db_types import utcnow
from hallweb.db.keyset import Page, Position, Window, count_statement, read_page, windowed, with_count
from hallweb.db.plain_rows import plain_rows
from hallweb.db.search_keys import prefix_end, search_key
from hallweb.extensions import db
from hallweb.grievances.business_days import add_business_days
from hallweb.grievances.calendar import holidays_between
from hallweb.grievances.models import Grievance, GrievanceEvent, Holiday
from hallweb.grievances.transitions import ACTIVE, OPEN_STATUSES, Status
from hallweb.hall_clock import hall_today
from hallweb.members.models import Member
from hallweb.organizations.models import Organization

PER_PAGE = 50
SORTS = {
    "deadline": ((Grievance.deadline_order, Grievance.id), False),
    "-deadline": ((Grievance.deadline_order, Grievance.id), True),
    "number": ((Grievance.filing_year, Grievance.sequence, Grievance.id), False),
    "-number": ((Grievance.filing_year, Grievance.sequence, Grievance.id), True),
}
STATUS_FILTERS = {"": "Any status", "unresolved": "Not resolved", **{s.value: s.value.capitalize() for s in Status}}
DUE_FILTERS = {"": "Any deadline", "soon": "Due soon", "overdue": "Overdue"}


@dataclass
class GrievanceFilters:
    q: str = ""
    status: str = ""
    step: int | None = None
    employer: int | None = None
    representative: int | None = None
    due: str = ""
    sort: str = "deadline"

    def as_args(self) -> dict:
        args = {
            "q": self.q,
            "status": self.status,
            "step": self.step,
            "employer": self.employer,
            "representative": self.representative,
            "due": self.due,
            "sort": self.sort if self.sort != "deadline" else None,
        }
        return {k: v for k, v in args.items() if v not in (None, "")}


@dataclass(frozen=True)
class DueWindow:
    """Today and the last day that is "due soon" (the due-soon limit in business days from today)."""

    today: date
    soon_until: date


def due_window(due_soon_days: int) -> DueWindow:
    today = hall_today()
    holidays = holidays_between(today, today + _reach(due_soon_days))
    return DueWindow(today, add_business_days(today, due_soon_days, holidays))


def _like_prefix(text: str) -> str:
    """A LIKE pattern for values starting with text (its wildcards escaped)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass(frozen=True)
class Shape:
    """Which filters a list request applies (their values are bind parameters): one statement per shape."""

    searched: bool
    status: str  # "", "unresolved" or "one"
    step: bool
    employer: bool
    representative: bool
    due: str
    sort: str


def shape_of(filters: GrievanceFilters) -> Shape:
    return Shape(
        searched=bool(search_key(filters.q)),
        status="unresolved" if filters.status == "unresolved" else ("one" if filters.status in set(Status) else ""),
        step=bool(filters.step),
        employer=bool(filters.employer),
        representative=bool(filters.representative),
        due=filters.due if filters.due in ("soon", "overdue") else "",
        sort=filters.sort if filters.sort in SORTS else "deadline",
    )


def params_of(filters: GrievanceFilters, window: DueWindow) -> dict:
    text = filters.q.strip()[:100]
    key = search_key(text)
    number = text.upper()
    return {
        "number_like": _like_prefix(number),
        "gr_number_like": _like_prefix(number if number.startswith("GR") else f"GR-{number}"),
        "key_from": key,
        "key_to": prefix_end(key) if key else "",
        "status": filters.status,
        "step": filters.step,
        "employer": filters.employer,
        "representative": filters.representative,
        "today": window.today,
        "soon_until": window.soon_until,
        "active": [s.value for s in ACTIVE],
        "unresolved": [s.value for s in OPEN_STATUSES],
    }


def _key_starts(column):
    return and_(column >= bindparam("key_from"), column < bindparam("key_to"))


def _filtered(shape: Shape) -> Select:
    """The grievances a list shows, conditions with bind parameters (params_of gives their values)."""
    stmt = select(Grievance)
    if shape.searched:
        # Its number, its grievant's last name, its employer's name or its article starts with the query.
        stmt = stmt.where(
            or_(
                Grievance.number.like(bindparam("number_like"), escape="\\"),
                Grievance.number.like(bindparam("gr_number_like"), escape="\\"),
                _key_starts(Grievance.article_key),
                Grievance.member_id.in_(select(Member.id).where(_key_starts(Member.last_name_key))),
                Grievance.employer_id.in_(select(Organization.id).where(_key_starts(Organization.name_key))),
            )
        )
    if shape.status == "unresolved":
        stmt = stmt.where(Grievance.status.in_(bindparam("unresolved", expanding=True)))
    elif shape.status == "one":
        stmt = stmt.where(Grievance.status == bindparam("status"))
    if shape.step:
        stmt = stmt.where(Grievance.step == bindparam("step"))
    if shape.employer:
        stmt = stmt.where(Grievance.employer_id == bindparam("employer"))
    if shape.representative:
        stmt = stmt.where(Grievance.representative_id == bindparam("representative"))
    if shape.due:
        stmt = stmt.where(Grievance.status.in_(bindparam("active", expanding=True)))
        if shape.due == "soon":
            stmt = stmt.where(Grievance.next_deadline.between(bindparam("today"), bindparam("soon_until")))
        else:
            stmt = stmt.where(Grievance.next_deadline < bindparam("today"))
    return stmt


# The deadline that runs: an active grievance's next one (case.deadline_flag asks the same in Python). A
# resolved grievance, or one in arbitration, keeps its last deadline on file but shows none.
RUNNING_DEADLINE = case((Grievance.status.in_([s.value for s in ACTIVE]), Grievance.next_deadline), else_=None).label(
    "running_deadline"
)

LIST_COLUMNS = (
    Grievance.id,
    Grievance.number,
    Grievance.filing_year,
    Grievance.sequence,
    Grievance.deadline_order,
    Grievance.status,
    Grievance.step,
    Grievance.article,
    Grievance.next_deadline,
    RUNNING_DEADLINE,
    Grievance.filed_date,
    Grievance.is_policy,
    (Member.last_name + ", " + Member.first_name).label("grievant"),
    Organization.name.label("employer_name"),
    (User.first_name + " " + User.last_name).label("representative_name"),
)


def _with_names(stmt: Select) -> Select:
    return (
        stmt.with_only_columns(*LIST_COLUMNS)
        .join(Organization, Organization.id == Grievance.employer_id)
        .outerjoin(Member, Member.id == Grievance.member_id)
        .outerjoin(User, User.id == Grievance.representative_id)
    )


@lru_cache(maxsize=256)
def list_statement(shape: Shape, window: Window) -> Select:
    """One page window of the list as plain rows of LIST_COLUMNS, built once per shape and window."""
    keys, descending = SORTS[shape.sort]
    return windowed(_with_names(_filtered(shape)), list(keys), window, descending=descending, per_page=PER_PAGE)


@lru_cache(maxsize=256)
def list_count_statement(shape: Shape, window: Window) -> Select:
    keys, descending = SORTS[shape.sort]
    return count_statement(_filtered(shape), list(keys), window, descending=descending)


def list_grievances(filters: GrievanceFilters, window: DueWindow, *, after=None, before=None, last=False) -> Page:
    shape = shape_of(filters)
    keys, _ = SORTS[shape.sort]
    position = Position.from_args(list(keys), after=after, before=before, last=last)
    params = params_of(filters, window)
    page = read_page(
        list_statement(shape, position.window),
        position,
        lambda row: [getattr(row, k.key) for k in keys],
        params=params,
        per_page=PER_PAGE,
    )
    return with_count(page, list_count_statement(shape, position.window), position, params=params)


_WITH_NAMES = (  # the case page names them; the representative's role grants are not read
    joinedload(Grievance.member, innerjoin=False),
    joinedload(Grievance.employer, innerjoin=True),
    joinedload(Grievance.representative, innerjoin=False).lazyload(User.grants),
)


def grievances_for_export(filters: GrievanceFilters, window: DueWindow):
    """Every grievance the filters match, in the list's order, as plain rows (streamed)."""
    shape = shape_of(filters)
    keys, descending = SORTS[shape.sort]
    stmt = _with_names(_filtered(shape)).add_columns(
        Grievance.incident_date, Grievance.settlement_amount, Grievance.filed_late
    )
    stmt = stmt.order_by(*[k.desc() if descending else k for k in keys])
    return plain_rows(stmt.execution_options(yield_per=500), params_of(filters, window))


_ACTIVE_DEADLINE = and_(Grievance.status.in_([s.value for s in ACTIVE]), Grievance.next_deadline.is_not(None))
# The home card's numbers in one statement: the overdue count, the open deadlines of the weeks ahead by day, and
# the holidays of those weeks (to count the due-soon days in business days without a second statement).
_DEADLINES_AHEAD = union_all(
    select(literal("overdue").label("what"), literal(None, Date).label("day"), func.count().label("n"))
    .select_from(Grievance)
    .where(_ACTIVE_DEADLINE, Grievance.next_deadline < bindparam("today")),
    select(literal("due"), Grievance.next_deadline, func.count())
    .where(_ACTIVE_DEADLINE, Grievance.next_deadline.between(bindparam("today"), bindparam("horizon")))
    .group_by(Grievance.next_deadline),
    select(literal("holiday"), Holiday.day, literal(0)).where(
        Holiday.day.between(bindparam("today"), bindparam("horizon"))
    ),
)


def deadline_counts(due_soon_days: int) -> dict:
    """How many open grievances are due soon (within due_soon_days business days) and how many are overdue."""
    today = hall_today()
    rows = plain_rows(_DEADLINES_AHEAD, {"today": today, "horizon": today + _reach(due_soon_days)}).all()
    holidays = frozenset(day for what, day, _ in rows if what == "holiday")
    soon_until = add_business_days(today, due_soon_days, holidays)
    return {
        "overdue": sum(n for what, _, n in rows if what == "overdue"),
        "due_soon": sum(n for what, day, n in rows if what == "due" and day <= soon_until),
    }


def _reach(business_days: int) -> timedelta:
    """A span surely holding that many business days after today (weekends and holidays included)."""
    return timedelta(days=business_days * 3 + 21)


_CASE = select(Grievance).options(*_WITH_NAMES).where(Grievance.id == bindparam("grievance_id"))  # built once


def grievance_with_names(grievance_id: int) -> Grievance | None:
    return db.session.scalar(_CASE, {"grievance_id": grievance_id})


_TIMELINE = (
    select(
        GrievanceEvent.id,
        GrievanceEvent.kind,
        GrievanceEvent.step,
        GrievanceEvent.occurred_on,
        GrievanceEvent.employer_attendees,
        GrievanceEvent.union_attendees,
        GrievanceEvent.outcome,
        GrievanceEvent.previous_deadline,
        GrievanceEvent.new_deadline,
        GrievanceEvent.agreed_by,
        GrievanceEvent.amount,
        GrievanceEvent.notes,
        GrievanceEvent.recorded_at,
        (User.first_name + " " + User.last_name).label("actor_name"),
    )
    .outerjoin(User, User.id == GrievanceEvent.actor_id)
    .where(GrievanceEvent.grievance_id == bindparam("grievance_id"))
    .order_by(GrievanceEvent.occurred_on.desc(), GrievanceEvent.id.desc())
)


def timeline_of(grievance: Grievance) -> list:
    """The case's events, newest first, as rows of columns."""
    return plain_rows(_TIMELINE, {"grievance_id": grievance.id}).all()


_OF_MEMBER = (
    select(
        Grievance.id,
        Grievance.number,
        Grievance.status,
        Grievance.step,
        Grievance.article,
        Grievance.filed_date,
        RUNNING_DEADLINE,
        Organization.name.label("employer_name"),
    )
    .join(Organization, Organization.id == Grievance.employer_id)
    .where(Grievance.member_id == bindparam("member_id"))
    .order_by(Grievance.filed_date.desc(), Grievance.id.desc())
)
_AGAINST_EMPLOYER = (
    select(
        Grievance.id,
        Grievance.number,
        Grievance.status,
        Grievance.step,
        Grievance.article,
        Grievance.filed_date,
        RUNNING_DEADLINE,
        Grievance.is_policy,
        (Member.first_name + " " + Member.last_name).label("grievant_name"),
    )
    .outerjoin(Member, Member.id == Grievance.member_id)
    .where(Grievance.employer_id == bindparam("employer_id"))
    .order_by(Grievance.filed_date.desc(), Grievance.id.desc())
    .limit(100)
)


def grievances_of_member(member_id: int) -> list:
    return plain_rows(_OF_MEMBER, {"member_id": member_id}).all()


def grievances_against(employer_id: int) -> list:
    return plain_rows(_AGAINST_EMPLOYER, {"employer_id": employer_id}).all()


_REPRESENTATIVES = (
    select(User.id, User.first_name + " " + User.last_name)
    .where(
        User.id.in_(
            select(UserRole.user_id)
            .join(Role, Role.id == UserRole.role_id)
            .where(
                Role.name.in_([RoleName.STAFF.value, RoleName.OFFICER.value, RoleName.ADMIN.value]),
                or_(UserRole.expires_at.is_(None), UserRole.expires_at > bindparam("now")),
            )
        )
    )
    .order_by(User.last_name, User.first_name, User.id)
)


def representative_options() -> list[tuple[int, str]]:
    """(id, name) of the users who may represent a grievant (staff, officers; admins hold every role)."""
    return plain_rows(_REPRESENTATIVES, {"now": utcnow()}).all()
