"""Members list: search (page and fragment), sorting, filters kept in the URL, the keyset pager."""

import pytest

from hallweb.db.keyset import encode_cursor
from hallweb.extensions import db
from hallweb.members.services import archive_member
from hallweb.organizations.models import OrganizationKind
from hallweb.organizations.services import archive_organization
from tests.factories import bulk_members, classification_ids, give_job, ids_of_members, make_employer, make_member
from tests.html import (
    element,
    element_by_id,
    form_values,
    input_value,
    link_href,
    row_ids,
    select_options,
    starts_with_element,
    text_of,
)
from tests.web.helpers import query_of, text

# List and search: page or fragment


def test_member_list_is_a_full_page_holding_the_member_table(client, login_as):
    login_as("staff")
    member = make_member(first_name="Eugene", last_name="Debs")
    response = client.get("/members/")
    html = text(response)
    assert response.status_code == 200
    assert "<html" in html
    assert 'id="member-filters"' in html
    assert f'id="member-{member.id}"' in element(html, "member-table")
    assert "HX-Request" in response.vary


def test_search_under_htmx_returns_only_the_member_table(client, login_as):
    login_as("staff")
    member = make_member(first_name="Eugene", last_name="Debs")
    response = client.hx_get("/members/?q=deb")
    html = text(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="member-filters"' not in html
    assert starts_with_element(html, "section", "member-table")
    assert f'id="member-{member.id}"' in html
    assert "HX-Request" in response.vary


def test_page_and_fragment_draw_the_same_table(client, login_as):
    login_as("staff")
    make_member(last_name="Debs")
    page = text(client.get("/members/?q=de"))
    fragment = text(client.hx_get("/members/?q=de"))
    assert element(page, "member-table") == element(fragment, "member-table")


def test_search_by_the_start_of_a_last_name_narrows_the_list(client, login_as):
    login_as("staff")
    parks = make_member(first_name="Rosa", last_name="Parks")
    parsons = make_member(first_name="Lucy", last_name="Parsons")
    debs = make_member(first_name="Eugene", last_name="Debs")

    assert set(row_ids(text(client.hx_get("/members/?q=par")))) == {parks.id, parsons.id}
    assert row_ids(text(client.hx_get("/members/?q=Parso"))) == [parsons.id]
    assert row_ids(text(client.get("/members/?q=deb"))) == [debs.id]


def test_search_matches_card_number_and_email_prefixes(client, login_as):
    login_as("staff")
    by_card = make_member(card_number="ZX4471")
    by_email = make_member(email="quill.writer@example.org")
    make_member()
    assert row_ids(text(client.hx_get("/members/?q=zx44"))) == [by_card.id]
    assert row_ids(text(client.hx_get("/members/?q=quill"))) == [by_email.id]


def test_search_in_the_lists_own_last_comma_first_form(client, login_as):
    login_as("staff")
    smith_bob = make_member(first_name="Bob", last_name="Smith")
    smith_alice = make_member(first_name="Alice", last_name="Smith")
    smithers_bea = make_member(first_name="Bea", last_name="Smithers")
    bonner = make_member(first_name="Smith", last_name="Bonner")  # "smith b" as two words would find him
    make_member(first_name="Bob", last_name="Jones")

    def found(q):
        return row_ids(text(client.hx_get("/members/", query_string={"q": q})))

    assert found("Smith, B") == [smith_bob.id, smithers_bea.id]
    assert found("smith ,b") == found("SMITH,  b") == [smith_bob.id, smithers_bea.id]
    assert found("Smith, Bo") == [smith_bob.id]
    assert found("Smith,") == [smith_alice.id, smith_bob.id, smithers_bea.id]
    assert found(", Bea") == [smithers_bea.id]
    assert bonner.id in found("smith b")
    html = text(client.get("/members/?q=Smith%2C+B"))
    assert row_ids(html) == [smith_bob.id, smithers_bea.id]
    assert element_by_id(html, "member-status").text == "2 members match"


@pytest.fixture
def phones(app):
    """Members with phone numbers written in several ways, and one whose card number is all digits."""
    return {
        "jenny": make_member(last_name="Jenny", phone="555-867-5309"),
        "abroad": make_member(last_name="Abroad", phone="+1 (555) 867-1234"),
        "dots": make_member(last_name="Dots", phone="555.123.4567 x 22"),
        "card": make_member(last_name="Card", card_number="5558", phone=None),
        "none": make_member(last_name="Nophone", phone=None),
    }


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("555 867", ["abroad", "jenny"]),
        ("(555) 867-5309", ["jenny"]),
        ("555.867.53", ["jenny"]),
        ("+1 555 867", ["abroad", "jenny"]),
        ("1-555-867-12", ["abroad"]),
        ("5551234567", ["dots"]),
        ("555", ["abroad", "card", "dots", "jenny"]),  # the card number starts with 555 too
        ("5558", ["abroad", "card", "jenny"]),
        ("867 5309", []),  # the start of the number, as names are searched by their start
        ("55", ["card"]),  # too few digits for a phone number: only the card number starts with them
    ],
)
def test_search_finds_phone_numbers_typed_in_any_format(client, login_as, phones, q, expected):
    login_as("staff")
    html = text(client.hx_get("/members/", query_string={"q": q}))
    by_name = [phones[k].id for k in expected]  # the names sort as the keys do
    assert row_ids(html) == by_name
    status = element_by_id(html, "member-status").text
    assert status.startswith(f"{len(expected)} member") if expected else status.startswith("No member")


def test_phone_search_keeps_the_other_filters_and_the_csv_follows_it(client, login_as, phones):
    login_as("staff")
    retired = make_member(last_name="Retired", phone="(555) 867-0000", status="retired")
    html = text(client.get("/members/", query_string={"q": "555-867", "status": "retired"}))
    assert row_ids(html) == [retired.id]
    csv_url = link_href(element_by_id(html, "member-table"), "Download this member (CSV)")
    csv = text(client.get(csv_url))
    assert csv.count("\n") == 2 and "(555) 867-0000" in csv


def test_a_changed_phone_is_found_by_its_new_digits(client, login_as, phones):
    login_as("staff")
    jenny = phones["jenny"]
    response = client.post(f"/members/{jenny.id}/contact", data={"phone": "(212) 555-0199", "version": jenny.version})
    assert response.status_code == 303
    assert row_ids(text(client.hx_get("/members/?q=212+555"))) == [jenny.id]
    assert jenny.id not in row_ids(text(client.hx_get("/members/?q=555+867")))


def test_search_with_no_match_says_so(client, login_as):
    login_as("staff")
    make_member(last_name="Debs")
    html = text(client.hx_get("/members/?q=nobodyhere"))
    assert row_ids(html) == []
    assert "No member matches this search." in html


def test_a_status_line_outside_the_table_says_how_many_match(client, login_as):
    login_as("staff")
    for last in ("Parks", "Parsons", "Debs"):
        make_member(last_name=last)
    page = text(client.get("/members/"))
    status = element_by_id(page, "member-status")
    assert status.attrs["role"] == "status" and "hx-swap-oob" not in status.attrs
    assert status.text == "3 members match"
    table = element_by_id(page, "member-table")
    assert "aria-live" not in table.attrs and not table.find(attrs={"id": "member-status"})


@pytest.mark.parametrize(
    ("query", "says"),
    [("par", "2 members match"), ("parso", "1 member matches"), ("nobodyhere", "No member matches this search.")],
)
def test_a_search_updates_the_status_line_out_of_band(client, login_as, query, says):
    login_as("staff")
    for last in ("Parks", "Parsons", "Debs"):
        make_member(last_name=last)
    fragment = text(client.hx_get(f"/members/?q={query}"))
    assert starts_with_element(fragment, "section", "member-table")
    status = element_by_id(fragment, "member-status")
    # Only its text is replaced: the live region the page holds stays, so screen readers announce the change.
    assert status.attrs["hx-swap-oob"] == "innerHTML" and status.attrs["role"] == "status"
    assert status.text == says
    assert text_of(element_by_id(text(client.get(f"/members/?q={query}")), "member-status")) == says


@pytest.mark.parametrize(
    "query",
    [
        "classification_id=abc",
        "employer_id=xyz",
        "status=nonsense",
        "archived=maybe",
        "sort=bogus",
        "after=%25%25%25",
        "before=%25%25%25",
        "after=WyJ4Il0",  # a well-formed cursor of the wrong width
        f"after={encode_cursor(['a', 'b', 'not-an-id'])}",  # the right width, a string where the id goes
        f"sort=card&before={encode_cursor([7, 7])}",  # a number where the card number goes
        "last=yes",
    ],
)
def test_garbage_in_the_url_is_ignored_not_an_error(client, login_as, query):
    login_as("staff")
    member = make_member(last_name="Debs")
    for response in (client.get(f"/members/?{query}"), client.hx_get(f"/members/?{query}")):
        assert response.status_code == 200
        assert f'id="member-{member.id}"' in text(response)


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


# The URL keeps search, filters, sort and cursor


@pytest.fixture
def filtered_crowd(app):
    """55 members matching one search + filter combination (one of them archived), and near misses."""
    classification, other_classification = classification_ids()[:2]
    employer, other_employer = make_employer("Acme Electric"), make_employer("Brightline Power")
    matching = []
    for i in range(55):
        member = make_member(
            card_number=f"F{i:04d}",
            first_name="Fay",
            last_name=f"Fielding{i:02d}",
            status="retired",
            classification_id=classification,
        )
        give_job(member, employer)
        matching.append(member)
    archive_member(matching[7], actor=None)
    db.session.commit()
    misses = [
        make_member(card_number="F9001", last_name="Fieldwork", status="active", classification_id=classification),
        make_member(
            card_number="F9002", last_name="Fieldstone", status="retired", classification_id=other_classification
        ),
        make_member(card_number="F9003", last_name="Fielder", status="retired", classification_id=classification),
        make_member(card_number="F9004", last_name="Debs", status="retired", classification_id=classification),
    ]
    give_job(misses[1], employer)
    give_job(misses[2], other_employer)
    give_job(misses[3], employer)
    give_job(misses[0], employer)
    return {"matching": matching, "misses": misses, "classification": classification, "employer": employer}


def test_next_page_link_keeps_search_filters_and_sort(client, login_as, filtered_crowd):
    login_as("staff")
    args = {
        "q": "fi",
        "status": "retired",
        "classification_id": str(filtered_crowd["classification"]),
        "employer_id": str(filtered_crowd["employer"].id),
        "archived": "include",
        "sort": "-card",
    }
    first = client.hx_get("/members/", query_string=args)
    first_html = text(first)
    by_card_desc = [m.id for m in reversed(filtered_crowd["matching"])]
    assert row_ids(first_html) == by_card_desc[:50]

    next_url = link_href(first_html, "Next")
    assert {k: v for k, v in query_of(next_url).items() if k != "after"} == args
    assert "after" in query_of(next_url)

    second_html = text(client.get(next_url))  # the link opened directly: a full page
    assert "<html" in second_html
    assert row_ids(second_html) == by_card_desc[50:]
    assert not set(row_ids(second_html)) & {m.id for m in filtered_crowd["misses"]}
    # the page's search form shows the same search and filters again
    assert input_value(second_html, "q") == "fi"


def test_filter_pick_lists_offer_what_is_in_use_with_the_chosen_option_selected(client, login_as):
    login_as("staff")
    chosen = make_employer("Brightline Power")
    acme = make_employer("Acme Electric")
    zephyr = make_employer("Zephyr Staffing", kind=OrganizationKind.NON_UNION)
    make_employer("Skills Center", kind=OrganizationKind.TRAINING_PARTNER)  # not an employer
    archive_organization(make_employer("Gone Glass Co"), actor=None)
    db.session.commit()
    classification = classification_ids()[1]
    html = text(client.get("/members/", query_string={"classification_id": classification, "employer_id": chosen.id}))

    assert select_options(html, "employer_id") == [
        ("", "Any employer", False),
        (str(acme.id), "Acme Electric", False),
        (str(chosen.id), "Brightline Power", True),
        (str(zephyr.id), "Zephyr Staffing", False),
    ]
    classifications = select_options(html, "classification_id")
    assert classifications[0] == ("", "Any classification", False)
    assert [value for value, _, selected in classifications if selected] == [str(classification)]
    assert [value for value, _, _ in classifications[1:]] == [str(i) for i in classification_ids()]

    unfiltered = text(client.get("/members/"))
    assert not any(selected for *_, selected in select_options(unfiltered, "employer_id"))
    assert not any(selected for *_, selected in select_options(unfiltered, "classification_id"))


def test_sort_links_and_csv_link_keep_the_filters(client, login_as, filtered_crowd):
    login_as("staff")
    args = {
        "q": "fi",
        "status": "retired",
        "classification_id": str(filtered_crowd["classification"]),
        "employer_id": str(filtered_crowd["employer"].id),
        "archived": "include",
    }
    html = text(client.get("/members/", query_string=args))
    assert query_of(link_href(html, "Card number")) == {**args, "sort": "card"}
    assert query_of(link_href(html, "Name")) == {**args, "sort": "-name"}
    assert query_of(link_href(html, "Download these 55 members (CSV)")) == args


def test_archived_members_are_hidden_unless_the_filter_asks_for_them(client, login_as, filtered_crowd):
    login_as("staff")
    archived = filtered_crowd["matching"][7]
    base = {"q": "fielding", "sort": "card"}
    assert archived.id not in row_ids(text(client.hx_get("/members/", query_string=base)))
    assert archived.id in row_ids(text(client.hx_get("/members/", query_string={**base, "archived": "include"})))
    assert row_ids(text(client.hx_get("/members/", query_string={**base, "archived": "only"}))) == [archived.id]


def test_status_classification_and_employer_filters_each_narrow_the_list(client, login_as, filtered_crowd):
    login_as("staff")
    fieldwork, fieldstone, fielder, debs = filtered_crowd["misses"]  # F9001 ... F9004: first by card, descending

    def ids(**filters):
        query = {"q": "field", "sort": "-card", **filters}
        return set(row_ids(text(client.hx_get("/members/", query_string=query))))

    assert {fieldwork.id, fieldstone.id, fielder.id} <= ids()
    assert debs.id not in ids()
    assert fieldwork.id not in ids(status="retired") and fieldstone.id in ids(status="retired")
    classification = filtered_crowd["classification"]
    assert fieldstone.id not in ids(classification_id=classification) and fielder.id in ids(
        classification_id=classification
    )
    employer = filtered_crowd["employer"].id
    assert fielder.id not in ids(employer_id=employer) and fieldwork.id in ids(employer_id=employer)


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
