"""The signed-in sessions page: each browser listed, revoking one or all others, sign-out ends a copied cookie."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from hallweb.db.db_types import utcnow
from tests.html import rows_by_id
from tests.web.helpers import is_signed_in, location, signed_in_client, text


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


@pytest.mark.parametrize("refused_at", ["the update", "the commit"])
def test_a_session_touch_the_database_refuses_does_not_fail_the_request(app, client, login_as, monkeypatch, refused_at):
    """SQLite answers "database is locked" when another worker wrote between our read and our write: at the
    UPDATE, or at the COMMIT."""

    from sqlalchemy import event
    from sqlalchemy.exc import OperationalError

    from hallweb.auth.models import UserSession
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
