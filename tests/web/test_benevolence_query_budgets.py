"""Query budgets for the fund's hot pages: the review queue, the list, the summary and an application page send
the same few statements whether the fund holds 5 applications or 60."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import insert

from hallweb.benevolence.models import Application
from hallweb.extensions import db
from tests import benevolence_factories as bf
from tests.support import counted_statements
from tests.web.helpers import signed_in_client, text

BUDGET = 8


def grow(n: int, member_ids: list[int]) -> None:
    """n more applications waiting for the vp, approved or paid, in one INSERT."""
    today = date.today()
    rows = []
    for i in range(n):
        kind = i % 3
        rows.append(
            {
                "member_id": member_ids[i % len(member_ids)],
                "reason": ["medical", "disaster", "hardship"][kind],
                "description": "Bills.",
                "amount_requested": Decimal("400.00"),
                "amount_approved": Decimal("400.00") if kind else None,
                "status": ["submitted", "approved", "paid"][kind],
                "awaiting_level": "vp" if kind == 0 else None,
                "application_date": date(today.year, 1 + i % 12, 1)
                if date(today.year, 1 + i % 12, 1) <= today
                else today,
                "submitted_at": None,
                "paid_on": today if kind == 2 else None,
                "payment_method": "check" if kind == 2 else None,
                "review_round": 1,
                "version": 1,
            }
        )
    db.session.execute(insert(Application), rows)
    db.session.commit()


def counted(browser, url):
    with counted_statements() as statements:
        response = browser.get(url)
        assert response.status_code == 200, url
        text(response)
    return len(statements)


@pytest.mark.parametrize(
    "url", ["/benevolence/review", "/benevolence/", f"/benevolence/summary?year={date.today().year}", "/"]
)
def test_fund_pages_send_a_fixed_number_of_statements(app, url):
    vp = bf.officer("vp")
    members = [bf.factories.make_member().id for _ in range(5)]
    grow(5, members)
    browser = signed_in_client(app, vp)
    small = counted(browser, url)
    grow(55, [bf.factories.make_member().id for _ in range(10)])
    large = counted(browser, url)
    assert small == large <= BUDGET, (small, large)


def test_an_application_page_sends_a_fixed_number_of_statements(app):
    officers = bf.panel()
    application = bf.submitted("1800.00")
    bf.decide(application, officers["vp"])
    browser = signed_in_client(app, officers["admin"])
    before = counted(browser, f"/benevolence/{application.id}")
    bf.decide(application, officers["admin"], "deferred", comment="Later.")
    after = counted(browser, f"/benevolence/{application.id}")
    assert after == before <= BUDGET + 2  # the page also reads the reviewer's levels and the caps


def test_the_member_panel_reads_one_statement_whatever_the_member_asked(app):
    member_id = bf.factories.make_member().id
    browser = signed_in_client(app, bf.factories.user("staff"))
    grow(2, [member_id])
    small = counted(browser, f"/benevolence/member/{member_id}")
    grow(20, [member_id])
    assert counted(browser, f"/benevolence/member/{member_id}") == small <= 3  # session, member, applications
