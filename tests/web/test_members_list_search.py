"""Members list search: page and fragment, prefixes of names, card numbers, emails and phone numbers, the status
line, garbage in the URL."""

import pytest

from hallweb.db.keyset import encode_cursor
from tests.factories import make_member
from tests.html import element, element_by_id, link_href, row_ids, starts_with_element, text_of
from tests.web.helpers import text

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
