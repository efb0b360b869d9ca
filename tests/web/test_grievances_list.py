"""The grievance list: search, filters, due soon and overdue, sort by next deadline, keyset pages, CSV."""

from datetime import timedelta

import pytest

from hallweb.extensions import db
from hallweb.hall_clock import hall_today
from tests.factories import make_employer, make_member, user
from tests.grievance_factories import make_grievance
from tests.html import element_by_id, parse, row_ids, text_of
from tests.web.helpers import text


def due_in(g, days: int):
    """Set the grievance's next deadline `days` calendar days from today (negative: past)."""
    g.next_deadline = hall_today() + timedelta(days=days)
    db.session.commit()
    return g


@pytest.fixture
def cases(app):
    acme = make_employer("Acme Electric")
    bolt = make_employer("Bolt Power")
    rosa = make_member(first_name="Rosa", last_name="Parker")
    rep = user("staff", first_name="Lee", last_name="Steward")
    overdue = due_in(make_grievance(member=rosa, employer=acme, article="Article 4 Overtime"), -3)
    soon = due_in(make_grievance(employer=bolt, article="Article 9 Safety", representative_id=rep.id), 0)
    later = due_in(make_grievance(employer=acme, policy=True, article="Article 12 Hiring"), 60)
    return {"acme": acme, "rosa": rosa, "rep": rep, "overdue": overdue, "soon": soon, "later": later}


def ids(html):
    return row_ids(html, "grievance")


def test_the_list_sorts_by_next_deadline_first_and_flags_them(client, login_as, cases):
    login_as("staff")
    html = text(client.get("/grievances/"))
    assert ids(html) == [cases["overdue"].id, cases["soon"].id, cases["later"].id]
    assert "flag-overdue" in element_by_id(html, f"grievance-{cases['overdue'].id}").attrs["class"]
    assert "flag-soon" in element_by_id(html, f"grievance-{cases['soon'].id}").attrs["class"]
    assert "class" not in element_by_id(html, f"grievance-{cases['later'].id}").attrs
    assert "The union (policy)" in text_of(element_by_id(html, f"grievance-{cases['later'].id}"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("due=overdue", ["overdue"]),
        ("due=soon", ["soon"]),
        ("q=park", ["overdue"]),  # the grievant's last name
        ("q=bolt", ["soon"]),  # the employer
        ("q=article 12", ["later"]),  # the article
        ("status=settled", []),
        ("step=1", ["overdue", "soon", "later"]),
        ("step=2", []),
    ],
)
def test_search_and_filters(client, login_as, cases, query, expected):
    login_as("officer")
    html = text(client.get(f"/grievances/?{query}"))
    assert ids(html) == [cases[name].id for name in expected]


def test_search_by_number_and_filters_by_employer_and_representative(client, login_as, cases):
    login_as("staff")
    assert ids(text(client.get(f"/grievances/?q={cases['soon'].number}"))) == [cases["soon"].id]
    assert ids(text(client.get("/grievances/?q=2026-0003"))) == [cases["later"].id]
    by_employer = ids(text(client.get(f"/grievances/?employer={cases['acme'].id}")))
    assert by_employer == [cases["overdue"].id, cases["later"].id]
    assert ids(text(client.get(f"/grievances/?representative={cases['rep'].id}"))) == [cases["soon"].id]


def test_the_search_fragment_is_the_table_only(client, login_as, cases):
    login_as("staff")
    response = client.hx_get("/grievances/?q=bolt")
    html = text(response)
    assert "<html" not in html and 'id="grievance-table"' in html
    assert response.headers["Vary"] == "HX-Request" or "HX-Request" in response.headers["Vary"]
    assert ids(html) == [cases["soon"].id]


@pytest.mark.parametrize(
    "query", ["after=%%%", "before=WyJ4Il0", "step=99999999999", "employer=-1", "sort=evil", "q=%00", "due=ever"]
)
def test_bad_list_arguments_show_the_list(client, login_as, cases, query):
    login_as("staff")
    assert client.get(f"/grievances/?{query}").status_code == 200


def test_pages_by_cursor(client, login_as, app):
    login_as("staff")
    employer = make_employer()
    made = [make_grievance(employer=employer, policy=True).id for _ in range(55)]
    first = text(client.get("/grievances/?sort=number"))
    assert ids(first) == made[:50]
    (next_link,) = parse(first).find_all("a", {"rel": "next"})
    assert ids(text(client.hx_get(next_link.attrs["href"]))) == made[50:]
    assert ids(text(client.get("/grievances/?sort=-number&last=1"))) == list(reversed(made))[5:]  # the last 50


def test_csv_has_the_filtered_list(client, login_as, cases):
    login_as("organizer")
    response = client.get(f"/grievances/export.csv?employer={cases['acme'].id}")
    assert response.mimetype == "text/csv"
    lines = text(response).strip().splitlines()
    assert lines[0].startswith("number,grievant,employer,article")
    assert len(lines) == 3
    assert cases["overdue"].number in lines[1] and "overdue" in lines[1]
    assert "The union (policy grievance)" in lines[2]


def test_the_home_page_counts_due_soon_and_overdue_with_links(client, login_as, cases):
    login_as("staff")
    html = text(client.get("/"))
    assert text_of(element_by_id(html, "home-grievances-overdue")) == "1 grievance overdue"
    assert element_by_id(html, "home-grievances-overdue").attrs["href"] == "/grievances/?due=overdue"
    assert text_of(element_by_id(html, "home-grievances-soon")) == "1 grievance due soon"


def test_only_a_running_deadline_is_shown_a_resolved_grievance_keeps_its_own_on_file(client, login_as, cases):
    login_as("staff")
    settled = cases["overdue"]
    settled.status = "settled"  # its next deadline stays on file, but no longer runs
    db.session.commit()
    shown = hall_today() - timedelta(days=3)
    listed = text_of(element_by_id(text(client.get("/grievances/")), f"grievance-{settled.id}"))
    assert shown.strftime("%m/%d/%Y") not in listed and "—" in listed and "Overdue" not in listed
    panel = text_of(
        element_by_id(text(client.get(f"/grievances/member/{cases['rosa'].id}")), f"grievance-{settled.id}")
    )
    assert shown.strftime("%m/%d/%Y") not in panel and "—" in panel
    later = text_of(element_by_id(text(client.get("/grievances/")), f"grievance-{cases['later'].id}"))
    assert (hall_today() + timedelta(days=60)).strftime("%m/%d/%Y") in later  # an open one shows its deadline
