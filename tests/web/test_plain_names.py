"""Roles go by one name everywhere (auth.models.ROLE_LABELS); statuses are badges in one case."""

from tests.factories import make_member
from tests.html import element_by_id, rows_by_id, select_options, text_of
from tests.web.helpers import text

LABELS = ["Administrator", "Officer", "Office staff", "Organizer", "Instructor", "Member"]


def test_home_page_names_the_roles_held_by_their_display_names(client, login_as):
    login_as("member", "staff")
    assert "Your roles: Office staff, Member." in text(client.get("/"))


def test_admin_users_list_filter_and_detail_use_the_same_role_names(client, login_as, make):
    login_as("admin")
    user = make.user("staff", "instructor")
    listing = text(client.get("/admin/users"))
    row = rows_by_id(element_by_id(listing, "user-table"), "user")[user.id]
    assert row.find_all("td")[2].text == "Office staff, Instructor"
    assert [label for _, label, _ in select_options(listing, "role")] == ["Any role", *LABELS]

    detail = text(client.get(f"/admin/users/{user.id}"))
    granted = [r.find("td").text for r in rows_by_id(element_by_id(detail, "user-panel"), "grant").values()]
    assert granted == ["Office staff", "Instructor"]
    assert [label for _, label, _ in select_options(detail, "role")] == ["Choose a role…", *LABELS]


def test_the_grant_role_form_starts_with_no_role_chosen_and_requires_one(client, login_as, make):
    login_as("admin")
    user = make.user()
    options = select_options(text(client.get(f"/admin/users/{user.id}")), "role")
    assert options[0][:2] == ("", "Choose a role…")
    assert not any(selected for *_, selected in options)
    response = client.post(f"/admin/users/{user.id}/roles", data={"role": ""})
    assert response.status_code == 422
    assert "Choose a role." in text(response)
    assert user.role_names() == set()


def test_member_statuses_are_badges_with_a_capital_first_letter_on_list_and_page(client, login_as):
    login_as("staff")
    member = make_member(status="retired")
    listing = text(client.get("/members/", query_string={"q": member.last_name}))
    row = rows_by_id(element_by_id(listing, "member-table"), "member")[member.id]
    assert "Retired" in [span.text for span in row.find_all("span") if "badge" in span.attrs.get("class", "")]
    page = text(client.get(f"/members/{member.id}"))
    heading = element_by_id(page, "main").find_all("h1")[0]
    assert text_of(heading.outer_html).endswith("Retired")
