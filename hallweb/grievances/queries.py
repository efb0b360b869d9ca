"""Grievance lists, the case page's reads, and the counts the home page and other pages show."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Date, Select, and_, bindparam, func, literal, or_, select, union_all
from sqlalchemy.orm import joinedload

from hallweb.auth.models import Role, RoleName, User, UserRole
from hallweb.db.db_types import utcnow
from hallweb.db.keyset import Page, keyset_page
from hallweb.db.plain_rows import plain_rows
from hallweb.db.search_keys import prefix_range, search_key
from hallweb.extensions import db
from hallweb.grievances.business_days import add_business_days
from hallweb.grievances.calendar import hall_today, holidays_between
from hallweb.grievances.models import Grievance, GrievanceEvent, Holiday
from hallweb.grievances.transitions import ACTIVE, OPEN_STATUSES, Status
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


def _due_soon(window: DueWindow):
    return and_(
        Grievance.status.in_(list(ACTIVE)),
        Grievance.next_deadline >= window.today,
        Grievance.next_deadline <= window.soon_until,
    )


def _overdue(window: DueWindow):
    return and_(Grievance.status.in_(list(ACTIVE)), Grievance.next_deadline < window.today)


def _matching(q: str):
    """A grievance matches when its number, its grievant's last name, its employer's name or its article
    starts with the query."""
    text = q.strip()[:100]
    key = search_key(text)
    if not key:
        return None
    number = text.upper()
    numbers = [number] + ([f"GR-{number}"] if not number.startswith("GR") else [])
    return or_(
        *(Grievance.number.startswith(n, autoescape=True) for n in numbers),
        prefix_range(Grievance.article_key, key),
        Grievance.member_id.in_(select(Member.id).where(prefix_range(Member.last_name_key, key))),
        Grievance.employer_id.in_(select(Organization.id).where(prefix_range(Organization.name_key, key))),
    )


def filtered(filters: GrievanceFilters, window: DueWindow) -> Select:
    stmt = select(Grievance)
    if (match := _matching(filters.q)) is not None:
        stmt = stmt.where(match)
    if filters.status == "unresolved":
        stmt = stmt.where(Grievance.status.in_(list(OPEN_STATUSES)))
    elif filters.status in set(Status):
        stmt = stmt.where(Grievance.status == filters.status)
    if filters.step:
        stmt = stmt.where(Grievance.step == filters.step)
    if filters.employer:
        stmt = stmt.where(Grievance.employer_id == filters.employer)
    if filters.representative:
        stmt = stmt.where(Grievance.representative_id == filters.representative)
    if filters.due == "soon":
        stmt = stmt.where(_due_soon(window))
    elif filters.due == "overdue":
        stmt = stmt.where(_overdue(window))
    return stmt


_WITH_NAMES = (
    joinedload(Grievance.member, innerjoin=False),
    joinedload(Grievance.employer, innerjoin=True),
    joinedload(Grievance.representative, innerjoin=False),
)


def list_grievances(filters: GrievanceFilters, window: DueWindow, *, after=None, before=None, last=False) -> Page:
    keys, descending = SORTS.get(filters.sort, SORTS["deadline"])
    return keyset_page(
        filtered(filters, window).options(*_WITH_NAMES),
        list(keys),
        lambda g: [getattr(g, k.key) for k in keys],
        after=after,
        before=before,
        last=last,
        descending=descending,
        per_page=PER_PAGE,
        counted=True,
    )


def grievances_for_export(filters: GrievanceFilters, window: DueWindow):
    keys, descending = SORTS.get(filters.sort, SORTS["deadline"])
    stmt = filtered(filters, window).options(*_WITH_NAMES).order_by(*[k.desc() if descending else k for k in keys])
    return db.session.scalars(stmt.execution_options(yield_per=500))


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


def grievance_with_names(grievance_id: int) -> Grievance | None:
    return db.session.scalar(select(Grievance).options(*_WITH_NAMES).where(Grievance.id == grievance_id))


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
        Grievance.next_deadline,
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
        Grievance.next_deadline,
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
