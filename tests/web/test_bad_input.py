"""No input produces a 500: garbage in URLs and forms gets a page, a form error or 'ignored'."""

import pytest

from hallweb.db.keyset import encode_cursor
from tests.factories import make_member

HUGE = "99999999999999999999"
NUL = "a\x00b"


@pytest.mark.parametrize(
    "url",
    [
        f"/members/?classification_id={HUGE}",
        f"/members/?employer_id={HUGE}",
        f"/members/export.csv?employer_id={HUGE}",
        "/members/?q=a%00b",
        "/members/export.csv?q=%00",
        f"/members/?after={encode_cursor(['a' + chr(0), 'b', 1])}",
        f"/admin/users?page={HUGE}",
        "/admin/users?page=-3&q=%00",
        f"/admin/audit?entity_id={HUGE}&page={HUGE}",
        "/admin/audit?since=2026-13-45&actor=%00",
        f"/admin/outbox?page={HUGE}",
        "/organizations/?q=%00&kind=%00",
    ],
)
def test_garbage_in_a_url_is_ignored_not_a_500(login_as, client, url):
    login_as("admin")
    response = client.get(url)
    assert response.status_code == 200


def test_nul_characters_typed_into_a_form_are_dropped(login_as, client):
    login_as("staff")
    member = make_member(first_name="Lucy", last_name="Parsons")
    response = client.post(
        f"/members/{member.id}/contact",
        data={"phone": "555-867-5309", "city": "Chi\x00cago", "version": member.version},
    )
    assert response.status_code == 303
    page = client.get(f"/members/{member.id}").get_data(as_text=True)
    assert "Chicago" in page


def test_a_nul_in_a_required_field_is_a_form_error_not_a_500(login_as, client):
    login_as("staff")
    response = client.post("/organizations/new", data={"name": "\x00", "kind": "employer"})
    assert response.status_code == 422
    assert 'id="name-errors"' in response.get_data(as_text=True)
