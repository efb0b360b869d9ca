"""Account pages over HTTP, following the links in the emails that reached the SMTP server."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from hallweb.auth.models import EmailToken, User
from hallweb.db.db_types import utcnow
from hallweb.extensions import db
from tests.html import element, element_by_id, field_errors, input_value, links, rows_by_id, text_of
from tests.web.helpers import NEW_PASSWORD, is_signed_in, location, path_of, query_of, sign_in, signed_in_client, text

GENERIC_FAILURE = "That email and password do not match an account."
LOCKED = "Too many failed attempts: this account is locked for now."
TOO_LONG = "Passwords can be at most 72 bytes long"


def registration(email: str, password: str = NEW_PASSWORD, **fields) -> dict:
    return {
        "first_name": "Nadia",
        "last_name": "Verhoeven",
        "email": email,
        "password": password,
        "confirm": password,
        **fields,
    }


def check_email_answer(response, email: str) -> str:
    """The on-screen answer, with the address it names replaced, so answers for two addresses compare equal."""
    assert response.status_code == 200, text(response)[:2000]
    return element(text(response), "check-email").replace(email, "EMAIL")


def form_errors(html: str) -> str:
    return text_of(element_by_id(html, "login-form"))


def user_by_email(email: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


# Registration and verification


def test_register_verify_by_emailed_link_sign_in_and_sign_out(client, mailbox):
    email = "nadia.verhoeven@example.org"

    assert client.get("/auth/register").status_code == 200
    answer = client.post("/auth/register", data=registration(email))
    assert answer.status_code == 200
    assert f"We have sent a message to <strong>{email}</strong>" in element(text(answer), "check-email")

    message = mailbox.last_to(email)
    assert "confirm your email address" in message["Subject"]
    link = mailbox.link_in(message, "/auth/verify/")
    assert link.startswith("http://hall.test/auth/verify/")  # from BASE_URL, not the request's host
    assert mailbox.link_in(message, "/auth/verify/") in mailbox.html_of(message)

    refused = client.post("/auth/login", data={"email": email, "password": NEW_PASSWORD})
    assert refused.status_code == 422
    assert "Verify your email address first" in text(refused)

    verified = client.get(path_of(link))
    assert verified.status_code == 303
    assert location(verified) == "/auth/login"
    assert user_by_email(email).email_verified_at is not None
    assert "welcome" in mailbox.last_to(email)["Subject"]
    assert "Your email address is confirmed" in text(client.get("/auth/login"))

    signed_in = client.post("/auth/login", data={"email": email, "password": NEW_PASSWORD})
    assert signed_in.status_code == 303
    assert location(signed_in) == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert "Welcome, Nadia" in text(home)

    signed_out = client.post("/auth/logout")
    assert signed_out.status_code == 303
    assert location(signed_out) == "/auth/login"
    after = client.get("/")
    assert after.status_code == 303
    assert location(after).startswith("/auth/login")
    assert query_of(location(after))["next"] == "/"


def test_registering_an_existing_email_gives_the_same_answer_and_tells_the_owner_by_email(client, mailbox, make):
    owner = make.user()
    new_answer = client.post("/auth/register", data=registration("someone.new@example.org"))
    repeat_answer = client.post("/auth/register", data=registration(owner.email.upper()))

    assert check_email_answer(repeat_answer, owner.email.upper()) == check_email_answer(
        new_answer, "someone.new@example.org"
    )
    notice = mailbox.last_to(owner.email)
    assert "someone tried to register" in notice["Subject"]
    assert "/auth/forgot" in mailbox.text_of(notice)
    count = db.session.scalar(select(func.count()).select_from(User).where(User.email == owner.email))
    assert count == 1
    sign_in(client, owner.email)  # the owner's password is untouched


def test_refused_registration_does_not_reveal_whether_the_email_is_taken(client, make):
    owner = make.user()
    weak = {"password": "password1234", "confirm": "password1234"}
    for_new = client.post("/auth/register", data=registration("nobody.yet@example.org", **weak))
    for_taken = client.post("/auth/register", data=registration(owner.email, **weak))
    assert for_new.status_code == for_taken.status_code == 422
    assert field_errors(text(for_new), "password") == field_errors(text(for_taken), "password")


def test_registration_with_a_73_byte_password_is_a_form_error(client):
    response = client.post("/auth/register", data=registration("long.pw@example.org", password="é" * 37))
    assert response.status_code == 422
    assert TOO_LONG in field_errors(text(response), "password")


def test_used_verify_link_shows_a_clear_page_with_a_resend_form(client, mailbox, make):
    user = make.user(verified=False)
    client.post("/auth/verify/resend", data={"email": user.email})
    link = path_of(mailbox.link_in(mailbox.last_to(user.email), "/auth/verify/"))
    assert client.get(link).status_code == 303

    again = client.get(link)
    assert again.status_code == 400
    assert "This link has already been used." in text(again)
    assert 'id="resend-form"' in text(again)


def test_expired_verify_link_shows_a_clear_page_and_the_resend_form_sends_a_working_link(client, mailbox, make):
    user = make.user(verified=False)
    client.post("/auth/verify/resend", data={"email": user.email})
    link = path_of(mailbox.link_in(mailbox.last_to(user.email), "/auth/verify/"))
    db.session.execute(
        update(EmailToken).where(EmailToken.user_id == user.id).values(expires_at=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()

    expired = client.get(link)
    assert expired.status_code == 400
    assert "This link has expired." in text(expired)
    resend_form = element(text(expired), "resend-form")
    assert 'action="/auth/verify/resend"' in resend_form

    mailbox.clear()
    assert client.post("/auth/verify/resend", data={"email": user.email}).status_code == 200
    fresh = path_of(mailbox.link_in(mailbox.last_to(user.email), "/auth/verify/"))
    assert fresh != link
    assert client.get(fresh).status_code == 303
    assert user_by_email(user.email).email_verified_at is not None


def test_unknown_verify_link_is_a_400_page(client):
    response = client.get("/auth/verify/not-a-real-token")
    assert response.status_code == 400
    assert "This link is not valid." in text(response)


def test_resend_gives_the_same_answer_for_unknown_and_unverified_emails(client, mailbox, make):
    user = make.user(verified=False)
    known = client.post("/auth/verify/resend", data={"email": user.email})
    unknown = client.post("/auth/verify/resend", data={"email": "no.such.person@example.org"})
    assert check_email_answer(known, user.email) == check_email_answer(unknown, "no.such.person@example.org")
    assert mailbox.to(user.email)
    assert mailbox.to("no.such.person@example.org") == []


# Sign-in


def test_sign_out_by_get_does_not_exist(client, login_as):
    login_as()
    response = client.get("/auth/logout")
    assert response.status_code == 405
    assert is_signed_in(client)


@pytest.mark.parametrize("email_of", [lambda user: user.email, lambda user: "nobody@example.org"])
def test_wrong_password_or_unknown_email_gets_one_generic_message_next_to_the_form(client, make, email_of):
    user = make.user()
    response = client.post("/auth/login", data={"email": email_of(user), "password": "not the password at all"})
    assert response.status_code == 422
    assert GENERIC_FAILURE in element(text(response), "login-form")
    assert input_value(text(response), "email") == email_of(user)
    assert not is_signed_in(client)


@pytest.mark.parametrize("password", ["a" * 73, "é" * 37, "x" * 500], ids=["73-ascii", "74-bytes-in-37-letters", "500"])
def test_over_long_password_at_sign_in_is_a_form_error_not_a_500(client, make, password):
    user = make.user()
    response = client.post("/auth/login", data={"email": user.email, "password": password})
    assert response.status_code == 422
    assert TOO_LONG in field_errors(text(response), "password")


def test_unverified_user_is_told_to_verify_and_offered_a_resend_link(client, mailbox, make):
    user = make.user(verified=False)
    response = client.post("/auth/login", data={"email": user.email, "password": make.PASSWORD})
    html = text(response)
    assert response.status_code == 422
    assert "Verify your email address first" in html
    resend = [
        link.attrs["href"]
        for link in links(element_by_id(html, "login-form"))
        if link.attrs["href"].startswith("/auth/verify/resend?email=")
    ]
    assert resend, "no resend link"

    page = client.get(resend[0])
    assert page.status_code == 200
    assert input_value(text(page), "email") == user.email
    client.post("/auth/verify/resend", data={"email": user.email})
    assert "confirm your email address" in mailbox.last_to(user.email)["Subject"]


def test_fifth_wrong_password_locks_the_account_and_the_page_says_so(client, make):
    user = make.user()
    for _ in range(4):
        response = client.post("/auth/login", data={"email": user.email, "password": "wrong password here"})
        assert GENERIC_FAILURE in text(response)
    locked = client.post("/auth/login", data={"email": user.email, "password": "wrong password here"})
    assert locked.status_code == 422
    assert LOCKED in text(locked)

    right_password = client.post("/auth/login", data={"email": user.email, "password": make.PASSWORD})
    assert right_password.status_code == 422
    assert LOCKED in text(right_password)


@pytest.mark.settings(LOGIN_MAX_FAILURES=2)
def test_lockout_threshold_is_a_setting(client, make):
    user = make.user()
    client.post("/auth/login", data={"email": user.email, "password": "wrong password here"})
    second = client.post("/auth/login", data={"email": user.email, "password": "wrong password here"})
    assert LOCKED in text(second)


def test_locked_account_page_says_locked(client, make):
    user = make.user(locked_until=utcnow() + timedelta(minutes=10))
    response = client.post("/auth/login", data={"email": user.email, "password": make.PASSWORD})
    assert response.status_code == 422
    assert LOCKED in form_errors(text(response))
    assert not is_signed_in(client)


def test_suspended_user_sees_the_suspension_message(client, make):
    message = "Your account is on hold until the dues audit ends. Call the office."
    user = make.user(suspended_at=utcnow(), suspension_message=message)
    response = client.post("/auth/login", data={"email": user.email, "password": make.PASSWORD})
    assert response.status_code == 422
    assert message in form_errors(text(response))
    assert not is_signed_in(client)


@pytest.mark.parametrize(
    ("next_value", "lands_on"),
    [
        ("/admin/users", "/admin/users"),
        ("/account/sessions?x=1", "/account/sessions?x=1"),
        ("//evil.example", "/"),
        ("https://evil.example", "/"),
        ("/\\evil", "/"),
        ("\\\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/\tevil", "/"),
    ],
    ids=[
        "local-path",
        "local-path-with-query",
        "protocol-relative",
        "absolute-url",
        "slash-backslash",
        "double-backslash",
        "javascript-scheme",
        "control-character",
    ],
)
def test_next_is_followed_only_to_a_path_on_this_site(client, make, next_value, lands_on):
    user = make.user("admin")
    response = client.post("/auth/login", data={"email": user.email, "password": make.PASSWORD, "next": next_value})
    assert response.status_code == 303
    assert response.headers["Location"] == lands_on


def test_next_from_the_sign_in_redirect_is_carried_through_the_form(client, make):
    user = make.user("admin")
    to_login = client.get("/admin/audit?action=user.")
    login_url = location(to_login)
    page = text(client.get(login_url))
    assert input_value(page, "next") == "/admin/audit?action=user."
    response = client.post(
        login_url, data={"email": user.email, "password": make.PASSWORD, "next": input_value(page, "next")}
    )
    assert response.headers["Location"] == "/admin/audit?action=user."


# Forgotten password


def test_forgot_password_reset_by_emailed_link_ends_every_session_and_clears_a_lockout(app, client, mailbox, make):
    user = make.user()
    other_browser = signed_in_client(app, user)
    user.locked_until = utcnow() + timedelta(minutes=20)  # a reset also clears a lockout
    db.session.commit()

    known = client.post("/auth/forgot", data={"email": user.email})
    unknown = client.post("/auth/forgot", data={"email": "no.account@example.org"})
    assert check_email_answer(known, user.email) == check_email_answer(unknown, "no.account@example.org")
    assert mailbox.to("no.account@example.org") == []

    message = mailbox.last_to(user.email)
    assert "reset your password" in message["Subject"]
    link = path_of(mailbox.link_in(message, "/auth/reset/"))
    form = client.get(link)
    assert form.status_code == 200
    assert 'id="set-password-form"' in text(form)

    done = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 303
    assert location(done) == "/auth/login"
    assert "every session is signed out" in text(client.get("/auth/login"))

    assert not is_signed_in(other_browser)
    old = client.post("/auth/login", data={"email": user.email, "password": make.PASSWORD})
    assert old.status_code == 422
    sign_in(client, user.email, NEW_PASSWORD)
    assert is_signed_in(client)


def test_reset_link_works_once(client, mailbox, make):
    user = make.user()
    client.post("/auth/forgot", data={"email": user.email})
    link = path_of(mailbox.link_in(mailbox.last_to(user.email), "/auth/reset/"))
    assert client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 303

    again = client.get(link)
    assert again.status_code == 400
    assert "This link has already been used." in text(again)
    assert 'href="/auth/forgot"' in element(text(again), "link-failed")


def test_weak_password_on_the_reset_page_is_refused_with_the_reason_and_the_link_still_works(client, mailbox, make):
    user = make.user()
    client.post("/auth/forgot", data={"email": user.email})
    link = path_of(mailbox.link_in(mailbox.last_to(user.email), "/auth/reset/"))

    weak = client.post(link, data={"password": "password1234", "confirm": "password1234"})
    assert weak.status_code == 422
    assert field_errors(text(weak), "password")

    assert client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 303


def test_expired_reset_link_is_a_clear_page(client, mailbox, make):
    user = make.user()
    client.post("/auth/forgot", data={"email": user.email})
    link = path_of(mailbox.link_in(mailbox.last_to(user.email), "/auth/reset/"))
    db.session.execute(
        update(EmailToken).where(EmailToken.user_id == user.id).values(expires_at=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()
    response = client.get(link)
    assert response.status_code == 400
    assert "This link has expired." in text(response)


# Signed-in account pages


def test_change_password_needs_the_current_one(client, login_as):
    login_as()
    assert client.get("/account/password").status_code == 200
    response = client.post(
        "/account/password",
        data={"current_password": "not my password at all", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 422
    assert "That is not your current password." in field_errors(text(response), "current_password")


def test_change_password_refuses_a_weak_new_one_with_the_reason(client, login_as, make):
    login_as()
    response = client.post(
        "/account/password",
        data={"current_password": make.PASSWORD, "password": "password1234", "confirm": "password1234"},
    )
    assert response.status_code == 422
    assert field_errors(text(response), "password")


def test_change_password_signs_out_other_sessions_and_keeps_this_one(app, client, login_as, make):
    user = login_as()
    other_browser = signed_in_client(app, user)
    response = client.post(
        "/account/password", data={"current_password": make.PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.status_code == 303
    assert location(response) == "/account/sessions"
    assert "Other sessions signed out: 1." in text(client.get("/account/sessions"))
    assert is_signed_in(client)
    assert not is_signed_in(other_browser)

    third = app.test_client()
    assert third.post("/auth/login", data={"email": user.email, "password": make.PASSWORD}).status_code == 422
    sign_in(third, user.email, NEW_PASSWORD)


def session_rows(html: str) -> dict[int, str]:
    return {session_id: row.outer_html for session_id, row in rows_by_id(html, "session").items()}


def test_sessions_page_lists_each_browser_and_marks_this_one(app, client, login_as):
    user = login_as()
    signed_in_client(app, user, user_agent="Firefox on the union laptop")
    rows = session_rows(text(client.get("/account/sessions")))
    assert len(rows) == 2
    assert sum("(this browser)" in row for row in rows.values()) == 1
    assert any("Firefox on the union laptop" in row for row in rows.values())
    assert all("127.0.0.1" in row for row in rows.values())


def test_revoking_a_session_signs_that_browser_out_on_its_next_request(app, client, login_as):
    user = login_as()
    other_browser = signed_in_client(app, user, user_agent="Phone")
    rows = session_rows(text(client.get("/account/sessions")))
    (other_id,) = [sid for sid, row in rows.items() if "Phone" in row]

    response = client.hx_post(f"/account/sessions/{other_id}/revoke")
    assert response.status_code == 200
    assert f'id="session-{other_id}"' not in text(response)
    assert "That session is signed out." in text(response)

    assert not is_signed_in(other_browser)
    assert is_signed_in(client)


def test_revoking_this_browsers_session_signs_it_out(client, login_as):
    login_as()
    rows = session_rows(text(client.get("/account/sessions")))
    (own_id,) = rows
    response = client.post(f"/account/sessions/{own_id}/revoke")
    assert response.status_code == 303
    assert location(response) == "/auth/login"
    assert not is_signed_in(client)


def test_sign_out_all_other_sessions(app, client, login_as):
    user = login_as()
    others = [signed_in_client(app, user, user_agent=f"Browser {n}") for n in range(2)]
    response = client.post("/account/sessions/revoke-others")
    assert response.status_code == 303  # a plain form post is redirected back to the list
    assert location(response) == "/account/sessions"
    page = client.get("/account/sessions")
    assert "Other sessions signed out: 2." in text(page)
    assert len(session_rows(text(page))) == 1
    assert [is_signed_in(b) for b in others] == [False, False]
    assert is_signed_in(client)


def test_copied_session_cookie_stops_working_after_sign_out(app, client, login_as):
    login_as()
    copy = app.test_client()
    cookie = client.get_cookie("hallweb_session")
    copy.set_cookie("hallweb_session", cookie.value)
    assert is_signed_in(copy)
    client.post("/auth/logout")
    assert not is_signed_in(copy)


# Invitations


def test_admin_invites_and_the_invitee_sets_a_password_and_signs_in(app, client, login_as, mailbox):
    login_as("admin")
    invited = client.post(
        "/admin/users/invite",
        data={
            "email": "ines.invited@example.org",
            "first_name": "Ines",
            "last_name": "Abara",
            "roles": ["member", "staff"],
        },
    )
    assert invited.status_code == 303
    assert re.fullmatch(r"/admin/users/\d+", location(invited))

    message = mailbox.last_to("ines.invited@example.org")
    assert "you are invited" in message["Subject"]
    link = path_of(mailbox.link_in(message, "/auth/invite/"))

    invitee = app.test_client()
    page = invitee.get(link)
    assert page.status_code == 200
    assert 'id="set-password-form"' in text(page)
    done = invitee.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 303
    assert location(done) == "/auth/login"

    sign_in(invitee, "ines.invited@example.org", NEW_PASSWORD)
    home = text(invitee.get("/"))
    assert "Welcome, Ines" in home
    assert "Your roles: member, staff." in home
    assert invitee.get(link).status_code == 400  # the link worked once


def test_invitee_cannot_sign_in_before_setting_a_password(app, client, login_as):
    login_as("admin")
    client.post(
        "/admin/users/invite",
        data={"email": "not.yet@example.org", "first_name": "Not", "last_name": "Yet", "roles": ["member"]},
    )
    anonymous = app.test_client()
    response = anonymous.post("/auth/login", data={"email": "not.yet@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 422
    assert GENERIC_FAILURE in text(response)


@pytest.mark.parametrize("refused_at", ["the update", "the commit"])
def test_a_session_touch_the_database_refuses_does_not_fail_the_request(app, client, login_as, monkeypatch, refused_at):
    """SQLite answers "database is locked" when another worker wrote between our read and our write: at the
    UPDATE, or at the COMMIT."""
    from datetime import timedelta

    from sqlalchemy import event, update
    from sqlalchemy.exc import OperationalError

    from hallweb.auth.models import UserSession
    from hallweb.db.db_types import utcnow
    from hallweb.extensions import db as database

    user = login_as("staff")
    database.session.execute(
        update(UserSession).where(UserSession.user_id == user.id).values(last_seen_at=utcnow() - timedelta(minutes=5))
    )
    database.session.commit()
    refused = []

    def refuse_once():
        if not refused:
            refused.append(True)
            raise OperationalError("UPDATE user_sessions ...", {}, Exception("database is locked"))

    def refuse_the_touch(conn, cursor, statement, *args):
        if refused_at == "the update" and statement.startswith("UPDATE user_sessions"):
            refuse_once()

    real_commit = type(database.session()).commit

    def commit(session):
        if refused_at == "the commit":
            refuse_once()
        return real_commit(session)

    monkeypatch.setattr(type(database.session()), "commit", commit)
    event.listen(database.engines[None], "before_cursor_execute", refuse_the_touch)
    try:
        response = client.get("/account/sessions")
    finally:
        event.remove(database.engines[None], "before_cursor_execute", refuse_the_touch)
    assert refused == [True]
    assert response.status_code == 200
    assert "Where you are signed in" in response.get_data(as_text=True)
