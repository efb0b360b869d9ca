"""The holiday list: kept by an admin, seeded with the US federal holidays. A change moves the deadlines
counted across it."""

from datetime import date

from sqlalchemy import select

from hallweb import formats
from hallweb.audit import services as audit
from hallweb.errors import DomainError, NotFound
from hallweb.extensions import db
from hallweb.grievances.calendar import federal_holidays
from hallweb.grievances.clocks import recount_open_deadlines
from hallweb.grievances.models import Holiday
from hallweb.grievances.policies import can_keep_holidays
from hallweb.policies import ensure


def add_holiday(*, actor, day: date, name: str) -> Holiday:
    """A day off; open grievances' counted deadlines are counted again."""
    if actor is not None:
        ensure(can_keep_holidays(actor))
    name = (name or "").strip()
    if not name:
        raise DomainError("Name the holiday.", field="name")
    if db.session.scalar(select(Holiday.id).where(Holiday.day == day)) is not None:
        raise DomainError(f"{formats.day(day)} is on the list already.", field="day")
    holiday = Holiday(day=day, name=name)
    db.session.add(holiday)
    db.session.flush()
    audit.record(actor, "holiday.added", holiday, {"holiday_date": [None, day], "holiday_name": [None, name]})
    recount_open_deadlines(actor=actor)
    return holiday


def remove_holiday(holiday_id: int, *, actor) -> Holiday:
    ensure(can_keep_holidays(actor))
    holiday = db.session.get(Holiday, holiday_id)
    if holiday is None:
        raise NotFound("There is no such holiday.")
    audit.record(
        actor, "holiday.removed", holiday, {"holiday_date": [holiday.day, None], "holiday_name": [holiday.name, None]}
    )
    db.session.delete(holiday)
    db.session.flush()
    recount_open_deadlines(actor=actor)
    return holiday


def add_federal_holidays(year: int, *, actor) -> int:
    """The year's US federal holidays (and the days they are observed on) not on the list yet; how many."""
    if actor is not None:
        ensure(can_keep_holidays(actor))
    known = set(
        db.session.scalars(select(Holiday.day).where(Holiday.day.between(date(year, 1, 1), date(year, 12, 31))))
    )
    added = 0
    for day, name in federal_holidays(year).items():
        if day not in known:
            db.session.add(Holiday(day=day, name=name))
            added += 1
    if added:
        db.session.flush()
        audit.record(actor, "holiday.federal_added", None, {"year": year, "days": added}, entity_type="holidays")
        recount_open_deadlines(actor=actor)
    return added


def holidays_of(year: int) -> list[Holiday]:
    return list(
        db.session.scalars(
            select(Holiday).where(Holiday.day.between(date(year, 1, 1), date(year, 12, 31))).order_by(Holiday.day)
        )
    )
