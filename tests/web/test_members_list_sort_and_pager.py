"""Members list sorting and keyset pager: sort headers, the sort kept while typing, Next, Previous, First, Last."""

import pytest

from tests.factories import bulk_members, ids_of_members, make_member
from tests.html import element, form_values, link_href, row_ids
from tests.web.helpers import query_of, text

# Sorting


def test_sorting_by_card_number_descending(client, login_as):
    login_as("staff")
    b = make_member(card_number="C200", last_name="Aaron")
    c = make_member(card_number="C300", last_name="Zeller")
    a = make_member(card_number="C100", last_name="Moss")

    assert row_ids(text(client.hx_get("/members/?sort=-card"))) == [c.id, b.id, a.id]
    assert row_ids(text(client.hx_get("/members/?sort=card"))) == [a.id, b.id, c.id]
    assert row_ids(text(client.hx_get("/members/"))) == [b.id, a.id, c.id]  # by name


def test_card_number_header_toggles_the_sort_direction(client, login_as):
    login_as("staff")
    make_member()
    ascending = text(client.hx_get("/members/?sort=card"))
    assert 'aria-sort="ascending"' in ascending
    assert query_of(link_href(ascending, "Card number"))["sort"] == "-card"
    descending = text(client.hx_get("/members/?sort=-card"))
    assert 'aria-sort="descending"' in descending
    assert query_of(link_href(descending, "Card number"))["sort"] == "card"


def swapped(page: str, fragment: str, element_id: str) -> str:
    """The page after htmx swapped the fragment's element in for the page's (outerHTML)."""
    return page.replace(element(page, element_id), element(fragment, element_id))


def test_typing_in_the_search_keeps_the_sort_a_header_chose(client, login_as):
    login_as("staff")
    b = make_member(card_number="N200", last_name="Keller")
    c = make_member(card_number="N300", last_name="Kane")
    a = make_member(card_number="N100", last_name="Kowalski")
    make_member(card_number="N400", last_name="Debs")
    page = text(client.get("/members/"))
    # The card number header is clicked twice: it swaps only the table, sorted by card number descending.
    page = swapped(page, text(client.hx_get(link_href(page, "Card number"))), "member-table")
    page = swapped(page, text(client.hx_get(link_href(page, "Card number"))), "member-table")
    submitted = form_values(page, "member-filters")
    assert submitted["sort"] == "-card"
    # Then "k" is typed: the form sends the sort the table holds, and the next table holds it again.
    fragment = text(client.hx_get("/members/", query_string={**submitted, "q": "k"}))
    assert row_ids(fragment) == [c.id, b.id, a.id]
    assert 'aria-sort="descending"' in fragment
    page = swapped(page, fragment, "member-table")
    assert form_values(page, "member-filters")["sort"] == "-card"


def test_the_filter_form_sends_the_sort_of_the_page_opened_without_javascript(client, login_as):
    login_as("staff")
    make_member()
    page = text(client.get("/members/?sort=card&status=active"))
    assert form_values(page, "member-filters") == {
        "q": "",
        "status": "active",
        "classification_id": "",
        "employer_id": "",
        "archived": "",
        "sort": "card",
    }


# Keyset pager


@pytest.fixture
def crowd(app):
    """120 members, Bulk0000 ... Bulk0119 (name order = number order)."""
    bulk_members(120)
    return ids_of_members("Bulk")


def test_first_page_holds_the_first_fifty_and_offers_next_and_last(client, login_as, crowd):
    login_as("staff")
    html = text(client.get("/members/"))
    assert row_ids(html) == crowd[:50]
    assert "Next" in element(html, "member-table") and ">Last<" in html
    assert 'rel="prev"' not in html


def test_next_links_walk_through_every_member_once(client, login_as, crowd):
    login_as("staff")
    html = text(client.hx_get("/members/"))
    seen = row_ids(html)
    for _ in range(5):
        if 'rel="next"' not in html:
            break
        html = text(client.hx_get(link_href(html, "Next")))
        seen += row_ids(html)
    assert seen == crowd
    assert len(row_ids(html)) == 20  # the third page is the short one


def test_last_link_shows_the_last_members_and_previous_goes_back(client, login_as, crowd):
    login_as("staff")
    first = text(client.get("/members/"))
    last = text(client.get(link_href(first, "Last")))
    assert row_ids(last) == crowd[-50:]
    assert 'rel="next"' not in last

    previous = text(client.hx_get(link_href(last, "Previous")))
    assert row_ids(previous) == crowd[20:70]
    assert row_ids(text(client.hx_get(link_href(previous, "First")))) == crowd[:50]


def test_previous_from_the_second_page_is_the_first_page(client, login_as, crowd):
    login_as("staff")
    second = text(client.hx_get(link_href(text(client.hx_get("/members/")), "Next")))
    assert row_ids(second) == crowd[50:100]
    back = text(client.hx_get(link_href(second, "Previous")))
    assert row_ids(back) == crowd[:50]
    assert 'rel="prev"' not in back


def test_a_short_list_has_no_pager_links(client, login_as):
    login_as("staff")
    make_member()
    html = text(client.get("/members/"))
    assert 'rel="next"' not in html and 'rel="prev"' not in html
