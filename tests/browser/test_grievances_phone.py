"""The grievance pages on a 390 px phone: nothing scrolls sideways, no serious accessibility violation."""

from datetime import date

import pytest

from hallweb.extensions import db
from hallweb.grievances.filing import file_grievance
from tests.browser.conftest import check_accessibility, sign_in
from tests.browser.test_phone_layout import PHONE, overflow

pytestmark = pytest.mark.browser


def test_no_grievance_page_is_wider_than_a_phone(page, live_server, hall):
    with live_server.app.app_context():
        g = file_grievance(
            actor=None,
            card_number="C00001",
            employer_id=hall["org"],
            incident_date=date(2026, 11, 2),
            filed_date=date(2026, 11, 4),
            article="Article 4.2 Overtime",
            violation="Overtime given out of seniority order, for weeks, to the foreman's friends.",
            remedy="Pay every hour lost at the overtime rate.",
        )
        db.session.commit()
        grievance_id = g.id
    page.set_viewport_size(PHONE)
    sign_in(page, "admin@example.org")
    for path in [
        "/grievances/",
        "/grievances/new",
        f"/grievances/{grievance_id}",
        f"/grievances/{grievance_id}/act/meeting",
        f"/grievances/{grievance_id}/act/extension",
        "/grievances/holidays",
        f"/grievances/member/{hall['member']}",
        f"/grievances/employer/{hall['org']}",
    ]:
        assert page.goto(path).status == 200, path
        assert overflow(page) <= 0, f"{path} scrolls sideways by {overflow(page)} px"
        check_accessibility(page)
