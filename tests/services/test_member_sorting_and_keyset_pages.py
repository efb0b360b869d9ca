"""Member list order and keyset pages: sorting both ways, walking pages forward and back, searched pages,
malformed cursors."""

import pytest

from hallweb.db.keyset import encode_cursor
from hallweb.members.queries import PER_PAGE, MemberFilters, list_members
from tests.factories import make_member
from tests.services.member_helpers import found

# --- sorting and keyset pages ---------------------------------------------------------------------------------


def name_order(members):
    return [m.id for m in sorted(members, key=lambda m: (m.last_name_key, m.first_name_key, m.id))]


def card_order(members):
    return [m.id for m in sorted(members, key=lambda m: (m.card_number, m.id))]


def test_sorting_by_name_and_card_number_in_both_directions(app):
    members = [
        make_member(first_name="Ann", last_name="Baker", card_number="C-3"),
        make_member(first_name="Bob", last_name="Adams", card_number="C-1"),
        make_member(first_name="Al", last_name="Baker", card_number="C-4"),
        make_member(first_name="Émile", last_name="Adams", card_number="C-2"),
    ]
    bob, emile, al, ann = members[1], members[3], members[2], members[0]

    def listed(sort):
        return [m.id for m in list_members(MemberFilters(sort=sort)).items]

    assert listed("name") == [bob.id, emile.id, al.id, ann.id]
    assert listed("-name") == [ann.id, al.id, emile.id, bob.id]
    assert listed("card") == [bob.id, emile.id, ann.id, al.id]
    assert listed("-card") == [al.id, ann.id, emile.id, bob.id]
    assert listed("no-such-sort") == listed("name")


@pytest.fixture
def crowd(app):
    """120 members with many equal names, so the id has to break ties between pages."""
    firsts, lasts = ["Ann", "Bo", "Cy"], ["Diaz", "Díaz", "Evans", "Fox", "Gray"]
    return [make_member(first_name=firsts[i % 3], last_name=lasts[i % 5]) for i in range(120)]


def walk_forward(filters):
    pages = [list_members(filters)]
    while pages[-1].has_next:
        assert len(pages) < 10, "the walk does not end"
        pages.append(list_members(filters, after=pages[-1].next_cursor))
    return pages


def walk_backward(filters):
    pages = [list_members(filters, last=True)]
    while pages[-1].has_prev:
        assert len(pages) < 10, "the walk does not end"
        pages.append(list_members(filters, before=pages[-1].prev_cursor))
    return pages


EXPECTED_ORDER = {
    "name": name_order,
    "-name": lambda ms: name_order(ms)[::-1],
    "card": card_order,
    "-card": lambda ms: card_order(ms)[::-1],
}


@pytest.mark.parametrize("sort", ["name", "-name", "card", "-card"])
def test_walking_forward_page_by_page_yields_every_member_once_in_order(crowd, sort):
    pages = walk_forward(MemberFilters(sort=sort))

    walked = [m.id for page in pages for m in page.items]
    assert walked == EXPECTED_ORDER[sort](crowd)
    assert [len(p.items) for p in pages] == [PER_PAGE, PER_PAGE, 20]
    assert (pages[0].has_prev, pages[0].prev_cursor) == (False, None)
    assert (pages[-1].has_next, pages[-1].next_cursor) == (False, None)
    assert all(p.has_prev and p.prev_cursor for p in pages[1:])


@pytest.mark.parametrize("sort", ["name", "-card"])
def test_walking_backward_from_the_last_page_yields_every_member_once_in_reverse(crowd, sort):
    pages = walk_backward(MemberFilters(sort=sort))

    walked_back = [m.id for page in pages for m in reversed(page.items)]
    assert walked_back == EXPECTED_ORDER[sort](crowd)[::-1]
    assert [len(p.items) for p in pages] == [PER_PAGE, PER_PAGE, 20]
    assert (pages[0].has_next, pages[0].next_cursor) == (False, None)
    assert (pages[-1].has_prev, pages[-1].prev_cursor) == (False, None)


def test_previous_page_of_the_second_page_is_the_first_page(crowd):
    first = list_members(MemberFilters())
    second = list_members(MemberFilters(), after=first.next_cursor)
    back = list_members(MemberFilters(), before=second.prev_cursor)
    assert [m.id for m in back.items] == [m.id for m in first.items]
    assert back.has_next and not back.has_prev


@pytest.fixture
def searched_crowd(app):
    """130 members, 120 of whom "lee" starts only one field of: 50 the last name, 40 the first name, 20 the
    card number, 10 the email; the other 10 match nothing. A search is a union of one branch per column, so
    its pages must merge the branches (other last names sort before and after "Lee", other cards around
    "LEE-")."""
    people = []
    for i in range(130):
        kind = i % 13
        around = "a" if i % 2 else "f"  # "Lea…" sorts before "Lee…", "Lef…" after
        fields = {
            "first_name": "Bo",
            "last_name": f"Le{around}{i:03d}",
            "card_number": f"{'K' if i % 2 else 'M'}-{i:04d}",
        }
        if kind < 5:
            fields["last_name"] = f"Lee{i:03d}"
        elif kind < 9:
            fields["first_name"] = "Leelah"
        elif kind < 11:
            fields["card_number"] = f"LEE-{i:04d}"
        elif kind == 11:
            fields["email"] = f"leen{i}@example.org"
        else:
            fields |= {"first_name": "Ann", "last_name": f"Mac{i:03d}", "email": f"mac{i}@example.org"}
        people.append(make_member(**fields))
    return people


@pytest.mark.parametrize("sort", ["name", "-name", "card", "-card"])
def test_search_pages_walk_every_match_once_in_order_whichever_column_it_matched(searched_crowd, sort):
    matches = [m for m in searched_crowd if not m.last_name.startswith("Mac")]
    assert len(matches) == 120 and sum(m.last_name_key.startswith("lee") for m in matches) == 50
    filters = MemberFilters(q="lee", sort=sort)

    forward = [m.id for page in walk_forward(filters) for m in page.items]
    backward = [m.id for page in walk_backward(filters) for m in reversed(page.items)]

    assert forward == EXPECTED_ORDER[sort](matches)
    assert backward == forward[::-1]


def test_a_search_with_more_words_narrows_every_branch(searched_crowd):
    leelahs = [m for m in searched_crowd if m.first_name == "Leelah"]
    assert [m.id for m in list_members(MemberFilters(q="lee leelah")).items] == name_order(leelahs)
    assert found("leelah lee") == {m.id for m in leelahs}
    assert found("lee mac") == set()


def test_pages_respect_the_filters(crowd):
    pages = walk_forward(MemberFilters(q="diaz"))  # "Diaz" and "Díaz": 48 members, one page
    assert len(pages) == 1
    assert [m.id for m in pages[0].items] == name_order([m for m in crowd if m.last_name_key == "diaz"])


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "!!!",
        "",
        encode_cursor(["diaz"]),
        encode_cursor(["diaz", "ann", "1"]),
        encode_cursor([1, 2, 3]),
        encode_cursor(["diaz", "ann", True]),
    ],
)
def test_a_malformed_cursor_gives_the_first_page(crowd, cursor):
    first = [m.id for m in list_members(MemberFilters()).items]
    for page in (list_members(MemberFilters(), after=cursor), list_members(MemberFilters(), before=cursor)):
        assert [m.id for m in page.items] == first
        assert not page.has_prev
