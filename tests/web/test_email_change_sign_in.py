"""My record's "Change email": the member chooses whether the new address also becomes their sign-in address;
either way it takes effect only by the link sent to the new address."""

from hallweb.extensions import db
from hallweb.members.services import link_user
from tests import factories
from tests.factories import make_member
from tests.html import input_attrs
from tests.support import fresh, only_audit_row
from tests.web.helpers import location, path_of, sign_in, text


def linked(user, **fields):
    member = make_member(**fields)
    link_user(member, actor=None, user=user)
    db.session.commit()
    return member


def test_the_form_offers_the_choice_unticked(client, login_as):
    user = login_as("member")
    linked(user, email=user.email)
    box = input_attrs(text(client.get("/me/")), "also_sign_in")
    assert box["type"] == "checkbox" and "checked" not in box
    assert "Also use this address to sign in" in text(client.get("/me/"))


def test_without_the_box_only_the_record_changes(client, login_as, mailbox):
    user = login_as("member")
    member = linked(user, email=user.email)
    old_sign_in = user.email
    client.post("/me/email", data={"email": "rosa.new@example.org"})
    assert "Your email changes when you open it" in text(client.get("/me/"))
    client.get(path_of(mailbox.link_in(mailbox.last_to("rosa.new@example.org"), "/me/email/confirm/")))
    assert fresh(member).email == "rosa.new@example.org"
    assert fresh(user).email == old_sign_in
    assert mailbox.to(old_sign_in) == []  # nothing moved that its owner must hear of


def test_with_the_box_the_link_also_moves_the_sign_in_address(app, client, login_as, mailbox):
    user = login_as("member")
    member = linked(user, email=user.email)
    old_sign_in = user.email
    response = client.post("/me/email", data={"email": "Rosa.New@Example.org", "also_sign_in": "y"})
    assert response.status_code == 303
    assert "Your email and sign-in address change when you open it" in text(client.get("/me/"))
    assert fresh(user).email == old_sign_in  # not before the link is opened

    message = mailbox.last_to("rosa.new@example.org")
    assert "and to sign in with it" in mailbox.text_of(message)
    confirmed = client.get(path_of(mailbox.link_in(message, "/me/email/confirm/")))
    assert location(confirmed) == "/me/"
    assert "You sign in with it from now on." in text(client.get("/me/"))
    assert fresh(member).email == "rosa.new@example.org"
    assert fresh(user).email == "rosa.new@example.org"
    assert only_audit_row(user, "user.email_changed").changes["email"] == [old_sign_in, "rosa.new@example.org"]

    notice = mailbox.last_to(old_sign_in)  # the old address is told, in case it was not its owner
    assert "no longer signs in with" in mailbox.text_of(notice)
    assert "/me/email/confirm/" not in mailbox.text_of(notice)
    sign_in(app.test_client(), "rosa.new@example.org")  # the new address signs in


def test_a_sign_in_address_another_account_uses_is_refused_when_the_link_is_opened(client, login_as, mailbox):
    user = login_as("member")
    member = linked(user, email=user.email)
    factories.user(email="taken.account@example.org")
    response = client.post("/me/email", data={"email": "taken.account@example.org", "also_sign_in": "y"})
    assert response.status_code == 303  # the form does not tell which addresses have accounts
    link = path_of(mailbox.link_in(mailbox.last_to("taken.account@example.org"), "/me/email/confirm/"))
    client.get(link)
    page = text(client.get("/me/"))
    assert "Another account signs in with taken.account@example.org" in page
    assert fresh(user).email != "taken.account@example.org"
    assert fresh(member).email == user.email  # nothing changed


def test_the_latest_request_is_the_one_that_counts(client, login_as, mailbox):
    user = login_as("member")
    member = linked(user, email=user.email)
    client.post("/me/email", data={"email": "first@example.org", "also_sign_in": "y"})
    first = path_of(mailbox.link_in(mailbox.last_to("first@example.org"), "/me/email/confirm/"))
    client.post("/me/email", data={"email": "second@example.org"})
    client.get(first)
    assert fresh(member).email == user.email and fresh(user).email == user.email
