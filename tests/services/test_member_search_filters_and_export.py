"""Member list queries: what a search finds (prefixes, accents, phone numbers), the filters, and the CSV export's
rows."""

from datetime import date

import pytest

from hallweb.db.search_keys import phone_key
from hallweb.members import services
from hallweb.members.employment import add_job, end_job
from hallweb.members.queries import MemberFilters, members_for_export
from tests.factories import classification_id, make_employer, make_member
from tests.services.member_helpers import found

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
