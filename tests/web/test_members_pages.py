"""Members pages: list and search (page and fragment), keyset pager, CSV, create and edit, contact details in
place, archive and restore, employment, History."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from hallweb.audit.models import AuditLog
from hallweb.db.keyset import encode_cursor
from hallweb.extensions import db
from hallweb.members.models import Employment, Member
from hallweb.members.services import archive_member, update_member
from hallweb.organizations.models import OrganizationKind
from hallweb.organizations.services import archive_organization
from tests import factories
from tests.factories import bulk_members, classification_ids, give_job, ids_of_members, make_employer, make_member
from tests.html import element, field_errors, input_value, link_href, row_ids, select_options, starts_with_element
from tests.web.helpers import location, query_of, signed_in_client, text


def fresh(member: Member) -> Member:
    """The member as stored now (the requests wrote through their own sessions)."""
    db.session.expire_all()
    return db.session.get(Member, member.id)


def profile_data(member: Member, **changes) -> dict:
    """The full create/edit form as the browser would post it for this member."""
    data = {
        "card_number": member.card_number,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "date_of_birth": member.date_of_birth.isoformat() if member.date_of_birth else "",
        "email": member.email or "",
        "phone": member.phone or "",
        "address_line1": member.address_line1 or "",
        "address_line2": member.address_line2 or "",
        "city": member.city or "",
        "state": member.state or "",
        "postal_code": member.postal_code or "",
        "classification_id": str(member.classification_id),
        "status": member.status,
        "initiation_date": "",
        "home_local": member.home_local or "",
        "notes": member.notes or "",
        "version": str(member.version),
    }
    data.update(changes)
    return data


def new_member_data(**changes) -> dict:
    data = {
        "card_number": "N1001",
        "first_name": "Lucy",
        "last_name": "Parsons",
        "date_of_birth": "1961-03-08",
        "email": "lucy@example.org",
        "phone": "555-867-5309",
        "classification_id": str(classification_ids()[0]),
        "status": "active",
    }
    data.update(changes)
    return data


def hx_trigger_events(response) -> dict:
    return json.loads(response.headers.get("HX-Trigger", "{}"))


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


def test_search_with_no_match_says_so(client, login_as):
    login_as("staff")
    make_member(last_name="Debs")
    html = text(client.hx_get("/members/?q=nobodyhere"))
    assert row_ids(html) == []
    assert "No member matches this search." in html


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
    assert query_of(link_href(html, "Download this list (CSV)")) == args


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


# Create and edit


def test_new_member_form_is_a_page_and_a_fragment(client, login_as):
    login_as("staff")
    page = text(client.get("/members/new"))
    fragment = text(client.hx_get("/members/new"))
    assert "<html" in page and 'id="member-form"' in page
    assert "<html" not in fragment and starts_with_element(fragment, "form", "member-form")


def test_creating_a_member_redirects_to_the_member_page(client, login_as):
    login_as("staff")
    response = client.post("/members/new", data=new_member_data())
    assert response.status_code == 303
    member = db.session.scalar(select(Member).where(Member.card_number == "N1001"))
    assert member is not None and member.email == "lucy@example.org"
    assert location(response) == f"/members/{member.id}"
    page = text(client.get(location(response)))
    assert "Lucy Parsons" in page and "Member Lucy Parsons added." in page


def test_creating_a_member_under_htmx_redirects_with_hx_redirect(client, login_as):
    login_as("staff")
    response = client.hx_post("/members/new", data=new_member_data())
    member = db.session.scalar(select(Member).where(Member.card_number == "N1001"))
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == f"/members/{member.id}"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "Enter an email address"),
        ({"phone": "call me"}, "phone", "Enter a phone number"),
        ({"date_of_birth": (date.today() + timedelta(days=1)).isoformat()}, "date_of_birth", "future"),
        ({"card_number": "dup-7"}, "card_number", "Another member already has this card number."),
        ({"email": "Taken@Example.org"}, "email", "Another member already uses this email address."),
        ({"last_name": ""}, "last_name", "required"),
    ],
)
def test_invalid_new_member_rerenders_the_form_with_422_and_the_error_beside_the_field(
    client, login_as, changes, field, message
):
    login_as("staff")
    make_member(card_number="DUP-7", email="taken@example.org")
    before = db.session.scalar(select(db.func.count(Member.id)))

    page = client.post("/members/new", data=new_member_data(**changes))
    assert page.status_code == 422
    assert "<html" in text(page)
    assert message in field_errors(text(page), field)
    assert 'aria-invalid="true"' in text(page)

    fragment = client.hx_post("/members/new", data=new_member_data(**changes))
    assert fragment.status_code == 422
    assert starts_with_element(text(fragment), "form", "member-form")
    assert message in field_errors(text(fragment), field)
    assert input_value(text(fragment), "first_name") == "Lucy"  # the user's input is kept

    db.session.expire_all()
    assert db.session.scalar(select(db.func.count(Member.id))) == before


def test_editing_a_member_saves_and_redirects(client, login_as):
    login_as("staff")
    member = make_member(first_name="Eugen", last_name="Debs")
    form = text(client.get(f"/members/{member.id}/edit"))
    assert input_value(form, "version") == "1"
    response = client.post(f"/members/{member.id}/edit", data=profile_data(member, first_name="Eugene"))
    assert response.status_code == 303
    assert location(response) == f"/members/{member.id}"
    stored = fresh(member)
    assert stored.first_name == "Eugene" and stored.version == 2


def test_edit_from_a_stale_version_is_refused_naming_the_changed_fields(client, login_as):
    login_as("staff")
    member = make_member(first_name="Eugene", last_name="Debs", phone="555-000-1111")
    opened = text(client.get(f"/members/{member.id}/edit"))
    stale_version = input_value(opened, "version")

    # meanwhile someone else changes the phone and the city
    update_member(member, actor=None, expected_version=member.version, phone="555-222-3333", city="Terre Haute")
    db.session.commit()

    response = client.post(
        f"/members/{member.id}/edit",
        data=profile_data(member, version=stale_version, phone="555-000-1111", city="", first_name="Gene"),
    )
    html = text(response)
    assert response.status_code == 422
    assert "Someone else changed this record while you were editing it (city, phone)" in html
    stored = fresh(member)
    assert (stored.first_name, stored.phone, stored.city) == ("Eugene", "555-222-3333", "Terre Haute")
    assert stored.version == 2
    assert input_value(html, "version") == "2"  # saving again is a deliberate overwrite


def test_stale_edit_by_a_second_browser_is_refused(app, client, login_as):
    staff = login_as("staff")
    member = make_member(first_name="Eugene", last_name="Debs")
    other = signed_in_client(app, staff)
    data = profile_data(member)
    assert other.post(f"/members/{member.id}/edit", data={**data, "home_local": "Local 9"}).status_code == 303

    response = client.hx_post(f"/members/{member.id}/edit", data={**data, "notes": "mine"})
    assert response.status_code == 422
    assert starts_with_element(text(response), "form", "member-form")
    assert "(home local)" in text(response)
    stored = fresh(member)
    assert (stored.home_local, stored.notes) == ("Local 9", None)


# Contact details, click to edit


def test_contact_edit_link_under_htmx_returns_the_form_in_place_of_the_panel(client, login_as):
    login_as("staff")
    member = make_member(phone="555-111-2222")
    detail = text(client.get(f"/members/{member.id}"))
    assert f'hx-get="/members/{member.id}/contact/edit"' in element(detail, f"member-{member.id}-contact")

    response = client.hx_get(f"/members/{member.id}/contact/edit")
    html = text(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert starts_with_element(html, "form", f"member-{member.id}-contact")
    assert input_value(html, "phone") == "555-111-2222"
    assert input_value(html, "version") == str(member.version)


def test_contact_edit_opened_directly_is_a_full_page(client, login_as):
    login_as("staff")
    member = make_member()
    html = text(client.get(f"/members/{member.id}/contact/edit"))
    assert "<html" in html and f'<form id="member-{member.id}-contact"' in html


def test_saving_contact_details_under_htmx_returns_the_panel_and_triggers_member_changed(client, login_as):
    login_as("staff")
    member = make_member()
    response = client.hx_post(
        f"/members/{member.id}/contact",
        data={"phone": "555-867-5309", "city": "Terre Haute", "state": "IN", "version": str(member.version)},
    )
    html = text(response)
    assert response.status_code == 200
    assert starts_with_element(html, "section", f"member-{member.id}-contact")
    assert "555-867-5309" in html and "Terre Haute" in html
    assert "member-changed" in hx_trigger_events(response)
    stored = fresh(member)
    assert (stored.phone, stored.city, stored.version) == ("555-867-5309", "Terre Haute", 2)


def test_saving_contact_details_without_htmx_redirects_to_the_member_page(client, login_as):
    login_as("staff")
    member = make_member()
    response = client.post(f"/members/{member.id}/contact", data={"phone": "555-867-5309", "version": "1"})
    assert response.status_code == 303
    assert location(response) == f"/members/{member.id}"
    assert fresh(member).phone == "555-867-5309"


def test_invalid_contact_details_return_the_form_with_422(client, login_as):
    login_as("staff")
    member = make_member(phone="555-111-2222")
    response = client.hx_post(f"/members/{member.id}/contact", data={"phone": "call me", "version": "1"})
    html = text(response)
    assert response.status_code == 422
    assert starts_with_element(html, "form", f"member-{member.id}-contact")
    assert "Enter a phone number" in field_errors(html, "phone")
    assert input_value(html, "phone") == "call me"
    assert fresh(member).phone == "555-111-2222"


def test_stale_contact_save_is_refused(client, login_as):
    login_as("staff")
    member = make_member()
    update_member(member, actor=None, expected_version=1, phone="555-222-3333")
    db.session.commit()
    response = client.hx_post(f"/members/{member.id}/contact", data={"phone": "555-999-0000", "version": "1"})
    assert response.status_code == 422
    assert "(phone)" in text(response)
    assert fresh(member).phone == "555-222-3333"


# Archive and restore


def test_staff_archive_a_member_which_hides_them_from_the_list(client, login_as):
    login_as("staff")
    member = make_member(last_name="Debs")
    response = client.post(f"/members/{member.id}/archive")
    assert response.status_code == 303
    assert location(response) == f"/members/{member.id}"
    assert fresh(member).is_archived
    assert member.id not in row_ids(text(client.get("/members/")))
    assert member.id in row_ids(text(client.get("/members/?archived=include")))
    page = text(client.get(f"/members/{member.id}"))
    assert "This member is archived" in page
    assert f"/members/{member.id}/restore" not in page  # staff cannot restore, so no button


def test_restore_is_for_admins_only(app, client, login_as):
    login_as("staff")
    member = make_member(last_name="Debs")
    archive_member(member, actor=None)
    db.session.commit()

    assert client.post(f"/members/{member.id}/restore").status_code == 403
    assert fresh(member).is_archived

    admin = signed_in_client(app, factories.user("admin"))
    assert f"/members/{member.id}/restore" in text(admin.get(f"/members/{member.id}"))
    response = admin.post(f"/members/{member.id}/restore")
    assert response.status_code == 303
    assert not fresh(member).is_archived
    assert member.id in row_ids(text(client.get("/members/")))


# Employment


@pytest.fixture
def employed(app):
    """A member without a job and an employer."""
    return make_member(first_name="Rosa", last_name="Parks"), make_employer("Acme Electric")


def job_data(employer, start="2024-02-01"):
    return {"employer_id": str(employer.id), "classification_id": str(classification_ids()[1]), "start_date": start}


def employment_panel_with_form(client, member, url: str, action: str) -> str:
    """GET url asks for a form of the employment panel: under htmx the panel alone, otherwise the whole page
    with the form in the panel. Returns the fragment."""
    fragment = text(client.hx_get(url))
    assert "<html" not in fragment
    assert starts_with_element(fragment, "section", f"member-{member.id}-employment")
    assert f'action="{action}"' in fragment

    page = text(client.get(url))
    assert "<html" in page
    assert f'action="{action}"' in element(page, f"member-{member.id}-employment")
    return fragment


def test_add_job_form_is_a_fragment_under_htmx_and_a_page_otherwise(client, login_as, employed):
    login_as("staff")
    member, employer = employed
    jobs = f"/members/{member.id}/jobs"
    fragment = employment_panel_with_form(client, member, f"{jobs}/new", jobs)
    assert "Acme Electric" in fragment


def test_adding_a_job_returns_the_employment_panel_and_triggers_member_changed(client, login_as, employed):
    login_as("staff")
    member, employer = employed
    response = client.hx_post(f"/members/{member.id}/jobs", data=job_data(employer))
    html = text(response)
    assert response.status_code == 200
    assert starts_with_element(html, "section", f"member-{member.id}-employment")
    assert "Acme Electric" in html and "current" in html
    assert f'hx-get="/members/{member.id}/jobs/end"' in html  # the current job can now be ended
    assert "member-changed" in hx_trigger_events(response)
    jobs = db.session.scalars(select(Employment).where(Employment.member_id == member.id)).all()
    assert [(j.employer_id, j.start_date, j.end_date) for j in jobs] == [(employer.id, date(2024, 2, 1), None)]


def test_adding_a_job_without_htmx_redirects_to_the_member_page(client, login_as, employed):
    login_as("staff")
    member, employer = employed
    response = client.post(f"/members/{member.id}/jobs", data=job_data(employer))
    assert response.status_code == 303
    assert location(response) == f"/members/{member.id}"


def test_second_open_job_is_refused_with_the_message_in_the_employment_panel(client, login_as, employed):
    login_as("staff")
    member, employer = employed
    give_job(member, make_employer("Old Works"), start=date(2023, 1, 1))

    response = client.hx_post(f"/members/{member.id}/jobs", data=job_data(employer))
    html = text(response)
    assert response.status_code == 422
    assert starts_with_element(html, "section", f"member-{member.id}-employment")
    assert "already has a current job" in field_errors(html, "start_date")
    assert f'action="/members/{member.id}/jobs/end"' in html  # the way out is offered beside it
    assert db.session.scalar(select(db.func.count(Employment.id)).where(Employment.member_id == member.id)) == 1

    page = client.post(f"/members/{member.id}/jobs", data=job_data(employer))
    assert page.status_code == 422
    assert "already has a current job" in element(text(page), f"member-{member.id}-employment")


def test_the_end_job_form_is_shown_only_when_asked_for(client, login_as, employed):
    login_as("staff")
    member, employer = employed
    give_job(member, employer, start=date(2023, 1, 1))
    panel = element(text(client.get(f"/members/{member.id}")), f"member-{member.id}-employment")
    assert f'hx-get="/members/{member.id}/jobs/end"' in panel
    assert f'action="/members/{member.id}/jobs/end"' not in panel and 'name="end_date"' not in panel

    url = f"/members/{member.id}/jobs/end"
    fragment = employment_panel_with_form(client, member, url, url)
    assert f'value="{date.today().isoformat()}"' in fragment  # ends today unless told otherwise


def test_without_a_current_job_there_is_no_end_form_to_ask_for(client, login_as, employed):
    login_as("staff")
    member, _ = employed
    fragment = text(client.hx_get(f"/members/{member.id}/jobs/end"))
    assert 'name="end_date"' not in fragment
    assert f'hx-get="/members/{member.id}/jobs/new"' in fragment


def test_ending_the_current_job(client, login_as, employed):
    login_as("staff")
    member, employer = employed
    give_job(member, employer, start=date(2023, 1, 1))
    response = client.hx_post(f"/members/{member.id}/jobs/end", data={"end_date": "2024-06-30"})
    html = text(response)
    assert response.status_code == 200
    assert starts_with_element(html, "section", f"member-{member.id}-employment")
    assert "2024-06-30" in html
    assert f"/members/{member.id}/jobs/new" in html  # a new job can be added now
    assert "member-changed" in hx_trigger_events(response)
    job = db.session.scalar(select(Employment).where(Employment.member_id == member.id))
    db.session.refresh(job)
    assert job.end_date == date(2024, 6, 30)


def test_ending_a_job_before_it_started_is_refused_in_the_panel(client, login_as, employed):
    login_as("staff")
    member, employer = employed
    give_job(member, employer, start=date(2023, 1, 1))
    response = client.hx_post(f"/members/{member.id}/jobs/end", data={"end_date": "2022-12-31"})
    assert response.status_code == 422
    assert "cannot end earlier" in field_errors(text(response), "end_date")


# History


def test_history_panel_shows_this_members_audit_rows(client, login_as):
    staff = login_as("staff")
    member = make_member(last_name="Debs")
    other = make_member(last_name="Parks")
    client.post(f"/members/{member.id}/contact", data={"phone": "555-867-5309", "version": "1"})
    client.post(f"/members/{other.id}/contact", data={"phone": "555-000-0000", "version": "1"})

    page = text(client.get(f"/members/{member.id}"))
    panel = element(page, f"member-{member.id}-history")
    assert "member.created" in panel
    assert "member.contact_updated" in panel
    assert staff.email in panel
    assert "555-867-5309" in panel
    assert "555-000-0000" not in panel  # the other member's change

    rows = db.session.scalars(
        select(AuditLog.id).where(AuditLog.entity_type == "members", AuditLog.entity_id == member.id)
    ).all()
    assert sorted(row_ids(panel, "audit")) == sorted(rows)


def test_history_panel_refreshes_as_a_fragment(client, login_as):
    login_as("staff")
    member = make_member()
    response = client.hx_get(f"/members/{member.id}/history")
    html = text(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert starts_with_element(html, "section", f"member-{member.id}-history")
    assert 'hx-trigger="member-changed from:body"' in html
    assert "member.created" in html


def test_the_history_panel_refreshing_in_the_background_leaves_the_flash_message_alone(client, login_as):
    login_as("staff")
    member = make_member(first_name="Mary", last_name="Harris")
    client.hx_post(f"/members/{member.id}/contact", data={"phone": "555-867-5309", "version": member.version})
    refresh = client.hx_get(f"/members/{member.id}/history")
    assert refresh.status_code == 200
    assert f'id="member-{member.id}-history"' in text(refresh)
    assert 'id="flashes"' not in text(refresh)  # it would wipe "Contact details saved." off the page
    assert 'id="flashes"' in text(client.hx_get(f"/members/{member.id}/contact/edit"))  # an action's swap clears it


def test_staff_link_an_account_to_a_member_by_its_email(client, login_as):
    login_as("staff")
    member = make_member(first_name="Ella", last_name="Reeve")
    account = factories.user("member")
    unknown = client.post(f"/members/{member.id}/link", data={"email": "nobody@example.org"})
    assert unknown.status_code == 303
    assert "No account uses this email address." in text(client.get(f"/members/{member.id}"))
    assert fresh(member).user_id is None

    linked = client.post(f"/members/{member.id}/link", data={"email": account.email.upper()})
    assert linked.status_code == 303
    assert fresh(member).user_id == account.id
    row = db.session.scalar(
        select(AuditLog).where(AuditLog.action == "member.user_linked", AuditLog.entity_id == member.id)
    )
    assert row.changes["user"] == [None, account.email]
