"""Organizations list: search, kind filter, sorting, archived ones, the status line and CSV export."""

import csv
import io

import pytest

from hallweb.extensions import db
from hallweb.organizations.services import archive_organization
from tests.factories import make_employer
from tests.html import element, element_by_id, form_values, link_href, starts_with_element
from tests.web.helpers import query_of, text
from tests.web.organization_helpers import org_rows

# List, search, filter, CSV


def test_organization_list_is_a_page_and_search_a_fragment(client, login_as):
    login_as("organizer")
    acme = make_employer("Acme Electric")
    page = client.get("/organizations/")
    assert page.status_code == 200
    assert "<html" in text(page)
    assert f'id="organization-{acme.id}"' in element(text(page), "organization-table")

    fragment = client.hx_get("/organizations/?q=acm")
    assert fragment.status_code == 200
    assert "<html" not in text(fragment)
    assert starts_with_element(text(fragment), "section", "organization-table")
    assert org_rows(text(fragment)) == [acme.id]
    assert "HX-Request" in page.vary and "HX-Request" in fragment.vary


def test_search_by_the_start_of_the_name_narrows_the_list(client, login_as):
    login_as("staff")
    acme = make_employer("Acme Electric")
    acme_west = make_employer("Acme West Wiring")
    bright = make_employer("Brightline Power")
    assert set(org_rows(text(client.hx_get("/organizations/?q=acme")))) == {acme.id, acme_west.id}
    assert org_rows(text(client.hx_get("/organizations/?q=acme+w"))) == [acme_west.id]
    assert org_rows(text(client.hx_get("/organizations/?q=BRIGHT"))) == [bright.id]


def test_kind_filter_narrows_the_list_and_is_kept_in_sort_links(client, login_as):
    login_as("staff")
    signatory = make_employer("Acme Electric", kind="employer")
    non_union = make_employer("Acme Scab Co", kind="non_union")
    partner = make_employer("Apprentice Academy", kind="training_partner")
    html = text(client.get("/organizations/?kind=non_union"))
    assert org_rows(html) == [non_union.id]
    assert query_of(link_href(html, "Name")) == {"kind": "non_union", "sort": "-name"}
    assert query_of(link_href(html, "Download this organization (CSV)")) == {"kind": "non_union"}
    assert set(org_rows(text(client.hx_get("/organizations/?q=a")))) == {signatory.id, non_union.id, partner.id}


def test_the_status_line_says_how_many_organizations_match(client, login_as):
    login_as("staff")
    make_employer("Acme Electric")
    make_employer("Acme West Wiring")
    page = text(client.get("/organizations/"))
    assert element_by_id(page, "organization-status").attrs["role"] == "status"
    assert element_by_id(page, "organization-status").text == "2 organizations match"
    assert "aria-live" not in element_by_id(page, "organization-table").attrs
    for query, says in (("acme+w", "1 organization matches"), ("zzz", "No organization matches this search.")):
        status = element_by_id(text(client.hx_get(f"/organizations/?q={query}")), "organization-status")
        assert (status.attrs["hx-swap-oob"], status.text) == ("innerHTML", says)


def test_the_sort_a_header_chose_is_sent_with_the_next_search(client, login_as):
    login_as("staff")
    acme, acme_west = make_employer("Acme Electric"), make_employer("Acme West Wiring")
    page = text(client.get("/organizations/"))
    fragment = text(client.hx_get(link_href(page, "Name")))  # the header swaps only the table
    page = page.replace(element(page, "organization-table"), element(fragment, "organization-table"))
    submitted = form_values(page, "organization-filters")
    assert submitted["sort"] == "-name"
    assert org_rows(text(client.hx_get("/organizations/", query_string={**submitted, "q": "acme"}))) == [
        acme_west.id,
        acme.id,
    ]


@pytest.mark.parametrize("query", ["kind=spaceship", "archived=maybe", "sort=bogus", "after=%25%25", "before=x"])
def test_garbage_organization_filters_are_ignored(client, login_as, query):
    login_as("staff")
    acme = make_employer("Acme Electric")
    response = client.hx_get(f"/organizations/?{query}")
    assert response.status_code == 200
    assert org_rows(text(response)) == [acme.id]


def test_archived_organizations_are_hidden_unless_asked_for(client, login_as):
    login_as("staff")
    gone = make_employer("Acme Electric")
    archive_organization(gone, actor=None)
    db.session.commit()
    assert org_rows(text(client.hx_get("/organizations/"))) == []
    assert org_rows(text(client.hx_get("/organizations/?archived=only"))) == [gone.id]


def test_csv_export_lists_the_filtered_organizations(client, login_as):
    login_as("officer")
    make_employer("Acme Electric", kind="employer", phone="555-100-2000")
    make_employer("Brightline Power", kind="employer")
    make_employer("Apprentice Academy", kind="training_partner")
    response = client.get("/organizations/export.csv?kind=employer&sort=-name", buffered=True)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(text(response))))
    assert rows[0] == ["name", "kind", "phone", "email", "website", "address", "archived"]
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        ("Brightline Power", "employer", ""),
        ("Acme Electric", "employer", "555-100-2000"),
    ]


def test_csv_link_in_the_searched_table_downloads_exactly_the_matches(client, login_as):
    login_as("staff")
    make_employer("Acme Electric")
    make_employer("Acme West Wiring")
    make_employer("Brightline Power")
    fragment = text(client.hx_get("/organizations/?q=acme&sort=-name"))
    link = link_href(element_by_id(fragment, "organization-table"), "Download these 2 organizations (CSV)")
    assert query_of(link) == {"q": "acme", "sort": "-name"}
    rows = list(csv.DictReader(io.StringIO(text(client.get(link, buffered=True)))))
    assert [r["name"] for r in rows] == ["Acme West Wiring", "Acme Electric"]
    assert "(CSV)" not in text(client.hx_get("/organizations/?q=nothing"))


def test_csv_export_with_no_match_still_has_its_header(client, login_as):
    login_as("staff")
    response = client.get("/organizations/export.csv?q=nothing", buffered=True)
    assert text(response).splitlines() == ["name,kind,phone,email,website,address,archived"]
