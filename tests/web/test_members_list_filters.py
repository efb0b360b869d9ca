"""Members list filters: status, classification, employer and archived, their pick lists, and the links that keep
them (pager, sort, CSV)."""

import pytest

from hallweb.extensions import db
from hallweb.members.services import archive_member
from hallweb.organizations.models import OrganizationKind
from hallweb.organizations.services import archive_organization
from tests.factories import classification_ids, give_job, make_employer, make_member
from tests.html import input_value, link_href, row_ids, select_options
from tests.web.helpers import query_of, text

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
