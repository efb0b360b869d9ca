"""Members CSV export: the list's search, filters and sort, with each member's current employer; the link to it."""

import csv
import io
from datetime import date

from hallweb.extensions import db
from hallweb.members.services import archive_member
from tests.factories import bulk_members, give_job, make_employer, make_member
from tests.html import element_by_id, link_href
from tests.web.helpers import query_of, text

# CSV


def get_csv(client, url):
    """The streamed CSV, read while the request's context is still there (the test client runs each request
    in its own contextvars context; buffered=True consumes the stream inside it)."""
    return client.get(url, buffered=True)


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text(response))))


def test_csv_export_lists_matching_members_with_their_current_employer(client, login_as):
    login_as("staff")
    acme = make_employer("Acme Electric")
    old = make_employer("Old Works")
    rosa = make_member(card_number="E100", first_name="Rosa", last_name="Parks", email="rosa@example.org")
    give_job(rosa, old, start=date(2015, 1, 1), end=date(2019, 12, 31))
    give_job(rosa, acme, start=date(2020, 1, 1))
    lucy = make_member(card_number="E200", first_name="Lucy", last_name="Parsons", status="retired")
    give_job(lucy, old, start=date(2010, 1, 1), end=date(2012, 1, 1))
    make_member(card_number="E300", first_name="Eugene", last_name="Debs")

    response = get_csv(client, "/members/export.csv?q=par")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "members.csv" in response.headers["Content-Disposition"]
    header = text(response).splitlines()[0].split(",")
    assert header[:6] == ["card_number", "last_name", "first_name", "classification", "status", "current_employer"]
    rows = csv_rows(response)
    assert [(r["card_number"], r["current_employer"]) for r in rows] == [("E100", "Acme Electric"), ("E200", "")]
    assert rows[0]["email"] == "rosa@example.org"


def test_csv_export_applies_the_filters_and_sort(client, login_as):
    login_as("staff")
    acme = make_employer("Acme Electric")
    retired = [make_member(card_number=f"R{i}", status="retired") for i in range(3)]
    give_job(retired[1], acme)
    make_member(card_number="R9", status="active")
    archived = make_member(card_number="R8", status="retired")
    archive_member(archived, actor=None)
    db.session.commit()

    rows = csv_rows(get_csv(client, "/members/export.csv?status=retired&sort=-card"))
    assert [r["card_number"] for r in rows] == ["R2", "R1", "R0"]
    rows = csv_rows(get_csv(client, f"/members/export.csv?status=retired&employer_id={acme.id}"))
    assert [r["card_number"] for r in rows] == ["R1"]
    rows = csv_rows(get_csv(client, "/members/export.csv?archived=only"))
    assert [(r["card_number"], r["archived"]) for r in rows] == [("R8", "yes")]


def test_csv_export_of_an_empty_search_is_just_the_header(client, login_as):
    login_as("staff")
    make_member()
    response = get_csv(client, "/members/export.csv?q=nobodyhere")
    assert response.status_code == 200
    assert text(response).splitlines()[0].startswith("card_number,")
    assert csv_rows(response) == []


# The download link: in the table the search swaps, saying how many rows it holds


def test_csv_link_in_the_searched_table_downloads_exactly_the_matches(client, login_as):
    login_as("staff")
    bulk_members(40)
    garcias = [make_member(first_name=f, last_name="Garcia") for f in ("Ana", "Luis")]
    make_member(first_name="Garcia", last_name="Lorca")  # a first name: matches the search too
    fragment = text(client.hx_get("/members/?q=garcia"))
    table = element_by_id(fragment, "member-table")
    link = link_href(table, "Download these 3 members (CSV)")
    assert query_of(link) == {"q": "garcia"}
    rows = csv_rows(get_csv(client, link))
    assert sorted((r["last_name"], r["first_name"]) for r in rows) == [
        ("Garcia", "Ana"),
        ("Garcia", "Luis"),
        ("Lorca", "Garcia"),
    ]
    assert {r["card_number"] for r in rows} >= {m.card_number for m in garcias}


def test_csv_link_keeps_the_sort_and_filters_and_names_one_member(client, login_as):
    login_as("staff")
    make_member(card_number="S1", status="retired")
    make_member(card_number="S2", status="active")
    html = text(client.get("/members/?status=retired&sort=-card"))
    link = link_href(element_by_id(html, "member-table"), "Download this member (CSV)")
    assert query_of(link) == {"status": "retired", "sort": "-card"}
    assert [r["card_number"] for r in csv_rows(get_csv(client, link))] == ["S1"]


def test_unfiltered_csv_link_counts_every_member(client, login_as):
    login_as("staff")
    bulk_members(60)
    html = text(client.get("/members/"))
    assert link_href(element_by_id(html, "member-table"), "Download these 60 members (CSV)").endswith("/export.csv")
    assert len(csv_rows(get_csv(client, "/members/export.csv"))) == 60


def test_no_csv_link_when_nothing_matches(client, login_as):
    login_as("staff")
    make_member()
    html = text(client.hx_get("/members/?q=nobodyhere"))
    assert "(CSV)" not in html
