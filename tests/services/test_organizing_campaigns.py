"""A campaign's totals, its months (quiet ones too) and the chart drawn from them; salt cases with corrections."""

import re
from datetime import date

import pytest

from hallweb.extensions import db
from hallweb.organizing import campaigns
from hallweb.organizing.chart import PLOT_BOTTOM, PLOT_TOP, bar_chart, scale_top
from hallweb.organizing.salt_applications import correct_salt_application, record_follow_up
from tests import factories
from tests.organizing_factories import activity, organizer, salt_application, target
from tests.web.helpers import sign_in, text


@pytest.fixture
def campaign(app):
    olive, _ = organizer("Olive")
    otto, _ = organizer("Otto")
    employer = target("Acme Non-Union Wiring")
    elsewhere = target("Elsewhere Wiring")
    activity(olive, employer, activity_date=date(2026, 1, 12), workers_contacted=10, cards_signed=2)
    activity(otto, employer, activity_date=date(2026, 1, 30), workers_contacted=6, cards_signed=6)
    activity(olive, employer, activity_date=date(2026, 4, 2), workers_contacted=20, cards_signed=9)
    activity(olive, elsewhere, activity_date=date(2026, 2, 2), workers_contacted=50, cards_signed=50)
    return {"olive": olive, "otto": otto, "employer": employer, "elsewhere": elsewhere}


def test_totals_count_every_organizers_work_at_the_employer_only(campaign):
    months, totals = campaigns.months_of(campaign["employer"].id)
    assert (totals.activities, totals.contacted, totals.cards) == (3, 36, 17)
    assert (totals.first, totals.last) == (date(2026, 1, 12), date(2026, 4, 2))
    assert totals.card_rate == 47  # 17 of 36


def test_months_run_evenly_from_the_first_to_the_last_quiet_ones_included(campaign):
    months, _ = campaigns.months_of(campaign["employer"].id)
    assert [(m.key, m.activities, m.contacted, m.cards) for m in months] == [
        ("2026-01", 2, 16, 8),
        ("2026-02", 0, 0, 0),
        ("2026-03", 0, 0, 0),
        ("2026-04", 1, 20, 9),
    ]
    assert months[0].label == "Jan 2026"


def test_a_campaign_without_activity_has_no_months_and_no_rate(app):
    months, totals = campaigns.months_of(target("Quiet Wiring").id)
    assert months == [] and totals.activities == 0 and totals.card_rate is None


def test_the_months_cross_a_year_end(app):
    user, _ = organizer("Olive")
    employer = target("Winter Wiring")
    activity(user, employer, activity_date=date(2025, 11, 3))
    activity(user, employer, activity_date=date(2026, 1, 5))
    months, _ = campaigns.months_of(employer.id)
    assert [m.key for m in months] == ["2025-11", "2025-12", "2026-01"]


@pytest.mark.parametrize(("largest", "top"), [(0, 1), (1, 1), (3, 5), (9, 10), (17, 20), (51, 100), (200, 200)])
def test_the_scale_tops_at_a_round_number(largest, top):
    assert scale_top(largest) == top


def test_each_bars_height_is_its_value_on_the_scale():
    chart = bar_chart([("2026-01", "Jan 2026", 8), ("2026-02", "Feb 2026", 0), ("2026-03", "Mar 2026", 5)])
    assert chart.top_value == 10
    plot = PLOT_BOTTOM - PLOT_TOP
    assert [b.height for b in chart.bars] == [plot * 0.8, 0, plot * 0.5]
    assert all(b.y + b.height == PLOT_BOTTOM for b in chart.bars)  # every bar stands on the baseline
    assert [b.x for b in chart.bars] == sorted(b.x for b in chart.bars)
    assert [v for _, v in chart.ticks] == [0, 5, 10]


def test_many_months_name_every_nth_bar_and_stay_in_the_drawing():
    points = [(f"m{i}", f"Month {i}", i) for i in range(40)]
    chart = bar_chart(points)
    assert sum(b.show_label for b in chart.bars) <= 14
    assert max(b.x + b.width for b in chart.bars) <= chart.width


def test_the_campaign_pages_svg_bars_and_table_match_the_data(client, campaign):
    sign_in(client, campaign["olive"].email)
    html = text(client.get(f"/organizing/campaigns/{campaign['employer'].id}"))
    svg = html[html.index("<svg") : html.index("</svg>")]
    bars = re.findall(
        r'<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"[^>]*data-month="([\d-]+)" data-value="(\d+)"',
        svg,
    )
    assert [(month, int(value)) for _, _, month, value in bars] == [
        ("2026-01", 8),
        ("2026-02", 0),
        ("2026-03", 0),
        ("2026-04", 9),
    ]
    plot = PLOT_BOTTOM - PLOT_TOP
    for y, height, _, value in bars:
        assert float(height) == pytest.approx(plot * int(value) / 10)  # the scale tops at 10
        assert float(y) + float(height) == pytest.approx(PLOT_BOTTOM)
    assert re.findall(r"<tr data-month=\"([\d-]+)\">.*?<td>(\d+)</td><td>(\d+)</td></tr>", html) == [
        ("2026-01", "8", "8"),
        ("2026-02", "0", "8"),
        ("2026-03", "0", "8"),
        ("2026-04", "9", "17"),
    ]
    assert 'role="img"' in svg and "<title" in svg
    assert 'id="total-cards">17' in html and 'id="total-contacted">36' in html


def test_a_case_shows_the_entry_in_force_what_it_corrected_and_every_follow_up(campaign):
    salt = factories.make_member(first_name="Sal", last_name="Salter")
    user, employer = campaign["olive"], campaign["employer"]
    first = salt_application(user, employer, salt, applied_on=date(2026, 2, 16))
    record_follow_up(first, actor=user, followed_up_on=date(2026, 2, 20), note="Called")
    values = {"salt_id": salt.id, "posting": first.posting, "availability": first.availability}
    second = correct_salt_application(first, actor=user, reason="Date", applied_on=date(2026, 2, 9), **values)
    record_follow_up(second, actor=user, followed_up_on=date(2026, 2, 27), note="Visited")
    other = salt_application(user, employer, salt, applied_on=date(2026, 3, 1), posting="Apprentice")
    db.session.commit()
    cases = campaigns.salt_cases(employer.id)
    assert [c.current.id for c in cases] == [other.id, second.id]
    assert [e.id for e in cases[1].corrected] == [first.id]
    assert [f.note for f in cases[1].follow_ups] == ["Called", "Visited"]
