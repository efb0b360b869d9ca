"""Member lists: prefix search, filters, sorting, keyset pages, the CSV rows, and search that uses an index."""

import random
import re
from datetime import date

import pytest
from faker import Faker
from sqlalchemy import text
from sqlalchemy.dialects import postgresql

from hallweb.db.keyset import Window, encode_cursor
from hallweb.db.search_keys import phone_key, search_key
from hallweb.extensions import db
from hallweb.members import services
from hallweb.members.employment import add_job, end_job
from hallweb.members.queries import (
    PER_PAGE,
    MemberFilters,
    list_count_statement,
    list_members,
    list_statement,
    members_for_export,
    next_card_number,
)
from tests.factories import classification_id, insert_members, make_employer, make_member


@pytest.fixture
def staff(make):
    return make.user("staff")


def found(q="", **filters):
    return {m.id for m in list_members(MemberFilters(q=q, **filters)).items}


# --- search ---------------------------------------------------------------------------------------------------


@pytest.fixture
def people(app):
    return {
        "parks": make_member(first_name="Rosa", last_name="Parks", card_number="ZX-4471", email="rp@example.org"),
        "smith": make_member(first_name="Rosa", last_name="Smith", card_number="QA-1000", email="rosie@example.org"),
        "jose": make_member(first_name="José", last_name="Núñez", card_number="QA-2000", email="jn@example.org"),
        "chavez": make_member(
            first_name="Cesar", last_name="Chávez", card_number="LB-0001", email="huelga@example.org"
        ),
    }


def ids(people, *names):
    return {people[n].id for n in names}


def test_search_matches_the_start_of_a_last_name(people):
    assert found("par") == ids(people, "parks")
    assert found("Smith") == ids(people, "smith")


def test_search_matches_the_start_of_a_first_name(people):
    assert found("ros") == ids(people, "parks", "smith")
    assert found("ces") == ids(people, "chavez")


def test_search_matches_the_start_of_a_card_number_in_any_case(people):
    assert found("zx-44") == ids(people, "parks")
    assert found("QA") == ids(people, "smith", "jose")


def test_search_matches_the_start_of_an_email(people):
    assert found("huelga@exa") == ids(people, "chavez")
    assert found("rosie") == ids(people, "smith")


def test_search_ignores_case_and_accents_both_ways(people):
    assert found("jose") == ids(people, "jose")
    assert found("JOSÉ") == ids(people, "jose")
    assert found("nunez") == ids(people, "jose")
    assert found("Chav") == found("chÁv") == ids(people, "chavez")


def test_every_word_of_a_search_must_match(people):
    assert found("rosa par") == ids(people, "parks")
    assert found("par rosa") == ids(people, "parks")
    assert found("rosa zzz") == set()


def test_search_matches_prefixes_not_the_middle_of_a_word(people):
    assert found("arks") == set()
    assert found("4471") == set()


def test_a_last_comma_first_search_matches_the_start_of_each_name(people):
    bea = make_member(first_name="Bea", last_name="Smithson")
    rosa_ramos = make_member(first_name="Smith", last_name="Ramos")
    assert found("Smith, R") == ids(people, "smith")
    assert found("smith, b") == {bea.id}
    assert found("smith,") == ids(people, "smith") | {bea.id}
    assert found(", ros") == ids(people, "parks", "smith")
    assert found("Núñez, Jo") == found("nunez,JOSE") == ids(people, "jose")
    assert found("Smith, Rosa, Maria") == set()
    assert found("ramos smith") == found("Ramos, Smith") == {rosa_ramos.id}
    assert found("smith, ramos") == set()


@pytest.mark.parametrize(
    ("phone", "key"),
    [
        ("555-867-5309", "5558675309"),
        ("+1 (555) 867-5309", "5558675309"),
        ("1.555.867.5309 ext. 12", "5558675309"),
        ("555 0100 x4", "5550100"),
        ("+44 20 7946 0958", "442079460958"),
        ("", None),
        (None, None),
    ],
)
def test_a_phone_number_is_kept_as_its_digits_for_search(app, phone, key):
    assert phone_key(phone) == key
    assert make_member(phone=phone).phone_key == key


def test_a_search_that_is_not_a_phone_number_does_not_look_at_phones(app):
    member = make_member(last_name="Rivera", phone="555-867-5309")
    assert MemberFilters(q="555 867").phone_digits() == "555867"
    assert MemberFilters(q="555x867").phone_digits() == MemberFilters(q="55").phone_digits() == ""
    assert found("555-86") == {member.id}
    assert found("riv 555") == set()


def test_an_empty_or_blank_search_lists_everyone(people):
    assert found("") == found("   ") == ids(people, *people)


# --- filters --------------------------------------------------------------------------------------------------


def test_filter_by_status(app):
    active = make_member(status="active")
    retired = make_member(status="retired")
    assert found(status="retired") == {retired.id}
    assert found(status="active") == {active.id}


def test_filter_by_classification(app):
    journeyman = make_member(classification_id=classification_id("journeyman_wireman"))
    foreman = make_member(classification_id=classification_id("foreman"))
    assert found(classification_id=classification_id("foreman")) == {foreman.id}
    assert found(classification_id=classification_id("journeyman_wireman")) == {journeyman.id}


def test_filter_by_employer_counts_only_the_current_job(app, staff):
    acme, bolt = make_employer(name="Acme Electric"), make_employer(name="Bolt Power")
    at_acme, moved_to_bolt, jobless = make_member(), make_member(), make_member()
    add_job(
        at_acme, actor=staff, employer_id=acme.id, classification_id=classification_id(), start_date=date(2023, 1, 2)
    )
    add_job(
        moved_to_bolt,
        actor=staff,
        employer_id=acme.id,
        classification_id=classification_id(),
        start_date=date(2020, 1, 6),
    )
    end_job(moved_to_bolt, actor=staff, end_date=date(2022, 12, 30))
    add_job(
        moved_to_bolt,
        actor=staff,
        employer_id=bolt.id,
        classification_id=classification_id(),
        start_date=date(2023, 1, 2),
    )

    assert found(employer_id=acme.id) == {at_acme.id}
    assert found(employer_id=bolt.id) == {moved_to_bolt.id}
    assert found() == {at_acme.id, moved_to_bolt.id, jobless.id}


def test_filters_combine_with_search_and_archived(app, staff):
    kept = make_member(last_name="Lewis", status="active")
    make_member(last_name="Lewis", status="inactive")
    gone = make_member(last_name="Lewis", status="active")
    services.archive_member(gone, actor=staff)

    assert found("lew", status="active") == {kept.id}
    assert found("lew", status="active", archived="include") == {kept.id, gone.id}
    assert found("lew", archived="only") == {gone.id}


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


# --- CSV rows -------------------------------------------------------------------------------------------------


def test_export_yields_every_matching_member_with_the_current_employer_name(app, staff):
    acme, bolt = make_employer(name="Acme Electric"), make_employer(name="Bolt Power")
    crowd = [make_member(last_name=f"Export{i:03d}") for i in range(130)]  # more than a page
    make_member(last_name="Unrelated")
    add_job(
        crowd[0], actor=staff, employer_id=acme.id, classification_id=classification_id(), start_date=date(2023, 1, 2)
    )
    add_job(
        crowd[1], actor=staff, employer_id=bolt.id, classification_id=classification_id(), start_date=date(2020, 1, 6)
    )
    end_job(crowd[1], actor=staff, end_date=date(2022, 12, 30))  # an ended job is no current employer

    rows = list(members_for_export(MemberFilters(q="export")))

    assert [member.id for member, _ in rows] == [m.id for m in crowd]
    employers = {member.id: employer for member, employer in rows}
    assert employers[crowd[0].id] == "Acme Electric"
    assert employers[crowd[1].id] is None
    assert employers[crowd[2].id] is None


def test_export_applies_filters_and_sort(app, staff):
    acme = make_employer(name="Acme Electric")
    first, second, other = make_member(card_number="E-1"), make_member(card_number="E-2"), make_member()
    for member in (first, second):
        add_job(
            member, actor=staff, employer_id=acme.id, classification_id=classification_id(), start_date=date(2023, 1, 2)
        )

    rows = list(members_for_export(MemberFilters(employer_id=acme.id, sort="-card")))

    assert [(member.id, employer) for member, employer in rows] == [
        (second.id, "Acme Electric"),
        (first.id, "Acme Electric"),
    ]
    assert other.id not in {member.id for member, _ in rows}


# --- the search uses an index ---------------------------------------------------------------------------------


def bulk_members_with_real_names(count, *, phones=False):
    """`count` members in one bulk insert, named as people are (so the planner sees a real spread of prefixes);
    with `phones`, their phone numbers too, written in several ways."""
    fake = Faker("en_US")
    fake.seed_instance(11)
    rng = random.Random(5)
    formats = ("{}-{}-{}", "({}) {}-{}", "+1 {} {} {}", "{}.{}.{}")
    cid = classification_id()
    rows = []
    for i in range(count):
        first, last = fake.first_name(), fake.last_name()
        rows.append(
            {
                "card_number": f"B{i:07d}",
                "first_name": first,
                "last_name": last,
                "email": f"{search_key(first)}.{i}@example.net",
                "classification_id": cid,
            }
        )
        if phones:
            number = (rng.randint(200, 989), rng.randint(200, 999), f"{rng.randint(0, 9999):04d}")
            rows[-1]["phone"] = rng.choice(formats).format(*number)
    insert_members(rows)


def search_sql(q, window=Window.FIRST):
    """The SQL of a page of the list for search q, as list_members runs it, with the values inlined."""
    filters = MemberFilters(q=q)
    stmt = list_statement(filters.shape(), window).params(
        filters.params(), cursor_0="smith", cursor_1="ann", cursor_2=1
    )
    return str(stmt.compile(dialect=db.session.get_bind().dialect, compile_kwargs={"literal_binds": True}))


@pytest.mark.parametrize("window", [Window.FIRST, Window.AFTER, Window.LAST])
def test_search_uses_an_index_on_members_in_every_branch(app, window):
    bulk_members_with_real_names(2000)
    dialect = db.session.get_bind().dialect.name
    sql = search_sql("smi", window)
    assert "'smi'" in sql  # the prefix range really is in the statement

    if dialect == "sqlite":
        db.session.execute(text("ANALYZE"))
        plan = [row[3] for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]
        on_members = [line for line in plan if " members" in line]
        assert len(on_members) == 4, plan  # last name, first name, card number, email
        assert all(line.startswith("SEARCH members USING") and "INDEX" in line for line in on_members), plan
        assert not any(line.startswith("SCAN members") for line in plan), plan
    else:
        db.session.execute(text("ANALYZE members"))
        plan = "\n".join(row[0] for row in db.session.execute(text(f"EXPLAIN {sql}")))
        assert "Seq Scan on members" not in plan, plan
        scans = re.findall(r"Bitmap Heap Scan on members|Index (?:Only )?Scan(?: Backward)? using \w+ on members", plan)
        assert len(scans) == 4, plan


@pytest.mark.parametrize("window", list(Window))
@pytest.mark.parametrize("q", ["", "smi ann"])
def test_a_list_statement_sends_only_filter_and_cursor_values_as_parameters(app, window, q):
    """The page size and sort expressions are written into PostgreSQL's SQL: it reuses one plan for a
    prepared statement only if the plan does not hinge on its parameters, as a LIMIT parameter does."""
    filters = MemberFilters(q=q)
    compiled = list_statement(filters.shape(), window).compile(dialect=postgresql.dialect())
    cursor = {f"cursor_{i}" for i in range(3)} if window in (Window.AFTER, Window.BEFORE) else set()
    assert set(compiled.params) == set(filters.params()) - {"status", "classification_id", "employer_id"} | cursor
    assert "LIMIT 51" in str(compiled)


def bulk_members_with_phones(count):
    """bulk_members_with_real_names(), with phone numbers written as people write them."""
    bulk_members_with_real_names(count, phones=True)


def plan_of(sql) -> list[str]:
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("ANALYZE"))
        return [row[3] for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]
    db.session.execute(text("ANALYZE members"))
    return [row[0] for row in db.session.execute(text(f"EXPLAIN {sql}"))]


def reads_members_by_index_only(plan) -> bool:
    if db.session.get_bind().dialect.name == "sqlite":
        on_members = [line for line in plan if " members" in line]
        return bool(on_members) and all(line.startswith("SEARCH members USING") for line in on_members)
    return "Seq Scan on members" not in "\n".join(plan)


@pytest.mark.parametrize("window", [Window.FIRST, Window.AFTER, Window.LAST])
def test_a_phone_search_adds_a_branch_that_reads_the_phone_index(app, window):
    bulk_members_with_phones(2000)
    plan = plan_of(search_sql("555 86", window))
    assert reads_members_by_index_only(plan), plan
    assert any("ix_members_phone_key" in line for line in plan), plan


@pytest.mark.parametrize("q", ["", "smi", "smi ann", "555 867", "(555) 867-5309", "Smith, J", "smith,"])
@pytest.mark.parametrize("window", [Window.FIRST, Window.AFTER])
def test_the_count_of_a_search_reads_indexes_not_every_member(app, q, window):
    bulk_members_with_phones(2000)
    filters = MemberFilters(q=q)
    stmt = list_count_statement(filters.shape(), window).params(
        filters.params(), cursor_0="smith", cursor_1="ann", cursor_2=1
    )
    sql = str(stmt.compile(dialect=db.session.get_bind().dialect, compile_kwargs={"literal_binds": True}))
    plan = plan_of(sql)
    if q:
        assert reads_members_by_index_only(plan), plan
    assert db.session.execute(text(sql)).one()[0] == len(list(members_for_export(filters)))


@pytest.mark.parametrize("window", [Window.FIRST, Window.AFTER, Window.LAST])
def test_a_last_comma_first_search_reads_a_range_of_an_index(app, window):
    bulk_members_with_real_names(2000)
    plan = plan_of(search_sql("Smith, J", window))
    assert reads_members_by_index_only(plan), plan


def test_next_card_number_follows_the_newest_cards_format_and_keeps_its_width(app):
    make_member(card_number="L0998")
    make_member(card_number="L0999")
    assert next_card_number() == "L1000"
    make_member(card_number="9")
    assert next_card_number() == "10"
