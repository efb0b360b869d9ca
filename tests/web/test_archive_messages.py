"""Archiving says what happens and who can undo it: hidden from lists, nothing deleted, an administrator
can restore it."""

from tests.factories import make_employer, make_member
from tests.web.helpers import text

NOTE = "An administrator can restore it."


def test_archiving_a_member_is_confirmed_and_reported_with_who_can_restore_it(client, login_as):
    login_as("staff")
    member = make_member(first_name="Eugene", last_name="Debs")
    page = text(client.get(f"/members/{member.id}"))
    assert f"Archive Eugene Debs? It is hidden from lists and nothing is deleted. {NOTE}" in page
    archived = text(client.post(f"/members/{member.id}/archive", follow_redirects=True))
    assert f"Eugene Debs is archived: hidden from lists, nothing deleted. {NOTE}" in archived
    assert text(client.get(f"/members/{member.id}")).count(NOTE) == 1  # the notice on the page itself


def test_archiving_an_organization_says_who_can_restore_it(client, login_as):
    login_as("staff")
    org = make_employer("Acme Electric")
    assert f"Archive Acme Electric? It is hidden from lists and nothing is deleted. {NOTE}" in text(
        client.get(f"/organizations/{org.id}")
    )
    archived = text(client.post(f"/organizations/{org.id}/archive", follow_redirects=True))
    assert f"Acme Electric is archived: hidden from lists, nothing deleted. {NOTE}" in archived


def test_administrators_see_the_restore_button_not_the_note(client, login_as):
    login_as("admin")
    member = make_member()
    client.post(f"/members/{member.id}/archive", follow_redirects=True)  # the flash is read
    page = text(client.get(f"/members/{member.id}"))
    assert f"/members/{member.id}/restore" in page and NOTE not in page
