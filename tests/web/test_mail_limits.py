"""Mail cannot be used to flood an address or carry a stranger's words: limits on every sender, hall-only text."""

import pytest

from hallweb import create_app
from hallweb.auth.emails import send_welcome
from hallweb.auth.services import find_user_by_email
from hallweb.extensions import db
from hallweb.web.access import public
from hallweb.web.ratelimit import limits_of
from tests.support import Client, Mailbox
from tests.web.helpers import sharing_test_transaction, signed_in_client
from tests.web.test_members_access import linked

limits_on = pytest.mark.settings(RATELIMIT_ENABLED=True)

# Every view that can send mail. A view that sends mail without declaring a limit fails its own tests
# (see test_a_view_that_sends_mail_without_a_rate_limit_fails_in_tests), so this list cannot fall behind.
MAIL_SENDING = {
    "auth.register": "address",  # verification, or "account exists" to the address's owner
    "auth.resend_verification": "address",
    "auth.forgot": "address",
    "admin.invite_user": "user",
    "me.change_email": "user",
    "members.invite": "user",  # an invitation to the member's email on file
    "members.approve_link_request": "user",  # the answer, to the member who asked
    "members.reject_link_request": "user",
    "benevolence.submit": "user",  # the member is emailed at submission, decision and payment
    "benevolence.decide": "user",
    "benevolence.pay": "user",
    "my_benevolence.submit": "user",
}
ONE_PER_LINK = {
    "auth.verify",
    "me.confirm_email",
}  # its welcome message goes out once per single-use link: per client only

EVIL = "URGENT: pay at https://evil.example/now"
STRONG = "tangerine kayak on the glacier"


@pytest.mark.parametrize(("endpoint", "per_account"), sorted(MAIL_SENDING.items()))
def test_every_view_that_sends_mail_is_limited_per_client_and_per_account(app, endpoint, per_account):
    assert endpoint in {rule.endpoint for rule in app.url_map.iter_rules()}
    limits = limits_of(app.view_functions[endpoint])
    assert {(limit.per, "POST" in limit.methods) for limit in limits} >= {("client", True), (per_account, True)}


@pytest.mark.parametrize("endpoint", sorted(ONE_PER_LINK))
def test_opening_a_link_that_sends_mail_is_limited_per_client(app, endpoint):
    assert any(limit.per == "client" and "GET" in limit.methods for limit in limits_of(app.view_functions[endpoint]))


def test_a_view_that_sends_mail_without_a_rate_limit_fails_in_tests(app, base_config, make):
    other = create_app(base_config)
    user = make.user()

    @public
    def unlimited_mail():
        send_welcome(find_user_by_email(user.email))
        db.session.commit()
        return "sent"

    other.add_url_rule("/unlimited-mail", view_func=unlimited_mail, methods=["POST"])
    other.test_client_class = Client
    with sharing_test_transaction(other), pytest.raises(RuntimeError, match="sends mail but declares no rate limit"):
        other.test_client().post("/unlimited-mail")


@limits_on
def test_email_change_requests_are_cut_off_after_five_an_hour(app, client, make, mailbox):
    user = make.user("member")
    linked(user, email="rosa.old@example.org")
    member_client = signed_in_client(app, user)

    statuses = [member_client.post("/me/email", data={"email": f"target{i}@example.org"}).status_code for i in range(8)]

    assert statuses == [303] * 5 + [429] * 3
    assert len(mailbox.messages) == 5


@limits_on
def test_forgot_password_is_limited_per_address_whichever_client_asks(app, client, make, mailbox):
    user = make.user()
    statuses = [
        client.post("/auth/forgot", data={"email": user.email}, environ_base={"REMOTE_ADDR": f"10.0.0.{i}"}).status_code
        for i in range(7)
    ]
    assert statuses == [200] * 5 + [429] * 2
    assert len(mailbox.to(user.email)) == 5
    other = client.post("/auth/forgot", data={"email": "someone.else@example.org"})
    assert other.status_code == 200


@limits_on
@pytest.mark.settings(RATELIMIT_INVITE="2 per hour")
def test_invitations_are_limited_per_admin(app, make):
    admin = signed_in_client(app, make.user("admin"))
    statuses = [
        admin.post(
            "/admin/users/invite",
            data={"email": f"invitee{i}@example.org", "first_name": "In", "last_name": "Vitee", "roles": ["member"]},
        ).status_code
        for i in range(3)
    ]
    assert statuses == [303, 303, 429]


# Mail that can reach an address nobody has proved says only what the hall says


def sign_up_as_evil(app, client, make):
    data = {"first_name": EVIL, "last_name": EVIL, "email": "victim@example.org", "password": STRONG}
    client.post("/auth/register", data={**data, "confirm": STRONG})
    return "victim@example.org", "confirm your email address"


def account_exists_for_evil(app, client, make):
    make.user(verified=False, first_name=EVIL, email="victim@example.org")
    sign_up = {"first_name": "Ada", "last_name": "B", "email": "victim@example.org", "password": STRONG}
    client.post("/auth/register", data={**sign_up, "confirm": STRONG})
    return "victim@example.org", "someone tried to register"


def reset_for_evil(app, client, make):
    make.user(verified=False, first_name=EVIL, email="victim@example.org")
    client.post("/auth/forgot", data={"email": "victim@example.org"})
    return "victim@example.org", "reset your password"


def resend_for_evil(app, client, make):
    make.user(verified=False, first_name=EVIL, email="victim@example.org")
    client.post("/auth/verify/resend", data={"email": "victim@example.org"})
    return "victim@example.org", "confirm your email address"


def email_change_by_evil(app, client, make):
    user = make.user("member", first_name=EVIL)
    linked(user)
    signed_in_client(app, user).post("/me/email", data={"email": "victim@example.org"})
    return "victim@example.org", "confirm your new email address"


@pytest.mark.parametrize(
    "send", [sign_up_as_evil, account_exists_for_evil, reset_for_evil, resend_for_evil, email_change_by_evil]
)
def test_mail_to_an_unproved_address_carries_no_name_a_stranger_typed(app, client, make, mailbox, send):
    recipient, subject = send(app, client, make)

    message = mailbox.last_to(recipient)
    assert subject in message["Subject"]
    for body in (Mailbox.text_of(message), Mailbox.html_of(message)):
        assert "URGENT" not in body
        assert "evil.example" not in body
        assert "Hello," in body
        assert "Union Hall" in body


def test_welcome_and_invitation_still_greet_by_name(app, client, make, mailbox):
    admin = signed_in_client(app, make.user("admin"))
    admin.post(
        "/admin/users/invite",
        data={"email": "ines@example.org", "first_name": "Ines", "last_name": "Abara", "roles": ["member"]},
    )
    assert "Hello Ines," in Mailbox.text_of(mailbox.last_to("ines@example.org"))
