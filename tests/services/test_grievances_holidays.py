"""The holiday list: federal holidays added once, and a change counts open deadlines again (not agreed ones)."""

from datetime import date

import pytest
from sqlalchemy import func, select

from hallweb.errors import DomainError, NotAllowed
from hallweb.extensions import db
from hallweb.grievances import actions, holiday_list
from hallweb.grievances.calendar import federal_holidays
from hallweb.grievances.models import Holiday
from tests.factories import user
from tests.grievance_factories import make_grievance
from tests.support import audit_rows


def holidays_in(year):
    return db.session.scalar(
        select(func.count()).select_from(Holiday).where(Holiday.day.between(date(year, 1, 1), date(year, 12, 31)))
    )


def test_the_federal_holidays_of_a_year_are_added_once(app):
    admin = user("admin")
    known = federal_holidays(2031)
    assert date(2031, 11, 11) in known and date(2031, 12, 25) in known
    assert holiday_list.add_federal_holidays(2031, actor=admin) == len(known) == holidays_in(2031)
    assert holiday_list.add_federal_holidays(2031, actor=admin) == 0
    assert holidays_in(2031) == len(known)


def test_a_holiday_added_or_removed_moves_counted_deadlines_but_not_agreed_ones(app):
    admin = user("admin")
    for day in (date(2026, 11, 11), date(2026, 11, 16)):  # start from a known list for those days
        found = db.session.scalar(select(Holiday).where(Holiday.day == day))
        if found:
            holiday_list.remove_holiday(found.id, actor=admin)
    counted = make_grievance()
    agreed = make_grievance()
    actions.grant_extension(
        agreed, actor=None, expected_version=agreed.version, new_deadline=date(2026, 11, 30), agreed_by="D", notes="N"
    )
    assert counted.next_deadline == date(2026, 11, 18)

    added = holiday_list.add_holiday(actor=admin, day=date(2026, 11, 16), name="Local day")
    assert counted.next_deadline == date(2026, 11, 19)
    assert agreed.next_deadline == date(2026, 11, 30)
    (recounted,) = audit_rows(counted, "grievance.deadline_recounted")
    assert recounted.changes["next_deadline"] == ["2026-11-18", "2026-11-19"]
    assert audit_rows(added, "holiday.added")[0].actor_id == admin.id

    holiday_list.remove_holiday(added.id, actor=admin)
    assert counted.next_deadline == date(2026, 11, 18)


def test_a_day_is_on_the_list_once_and_only_admins_keep_it(app):
    admin = user("admin")
    holiday_list.add_holiday(actor=admin, day=date(2032, 3, 3), name="Founders' Day")
    with pytest.raises(DomainError) as refused:
        holiday_list.add_holiday(actor=admin, day=date(2032, 3, 3), name="Again")
    assert refused.value.field == "day"
    with pytest.raises(NotAllowed):
        holiday_list.add_holiday(actor=user("staff"), day=date(2032, 3, 4), name="X")
