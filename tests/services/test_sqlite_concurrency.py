"""Concurrent writers wait their turn: on SQLite each writing request takes the write lock when its
transaction begins (BEGIN IMMEDIATE), so none fails with "database is locked" after reading a snapshot
another writer has made stale. Readers stay concurrent (WAL). Run on PostgreSQL too, where nothing of this is
needed, the same requests must give the same answers."""

from datetime import timedelta

import pytest
from sqlalchemy import event, update

from hallweb.auth import tokens
from hallweb.auth.models import TokenPurpose, UserSession
from hallweb.db.db_types import utcnow
from hallweb.extensions import db
from tests import factories
from tests.factories import make_member
from tests.live_app import at_once, scratch_app

WRITERS = 20


@pytest.fixture(scope="module")
def live_app(request, tmp_path_factory, smtp):
    with scratch_app(request, tmp_path_factory, smtp, "concurrency") as app:
        yield app


def users(app, n, *roles):
    with app.app_context():
        made = [factories.user(*roles) for _ in range(n)]
        return [u.email for u in made]


def signed_in_clients(app, emails):
    clients = []
    for email in emails:
        client = app.test_client()
        response = client.post("/auth/login", data={"email": email, "password": factories.PASSWORD})
        assert response.status_code == 303
        clients.append(client)
    return clients


def statuses(results) -> list:
    return [r if isinstance(r, Exception) else r.status_code for r in results]


def test_concurrent_sign_ins_all_succeed(live_app):
    emails = users(live_app, WRITERS)
    clients = [live_app.test_client() for _ in emails]
    results = at_once(
        *[
            lambda c=c, e=e: c.post("/auth/login", data={"email": e, "password": factories.PASSWORD})
            for c, e in zip(clients, emails, strict=True)
        ]
    )
    assert statuses(results) == [303] * WRITERS


def test_concurrent_edits_of_one_member_are_saved_or_refused_as_stale(live_app):
    clients = signed_in_clients(live_app, users(live_app, WRITERS, "staff"))
    with live_app.app_context():
        member = make_member(first_name="Lucy", last_name="Parsons")
        db.session.commit()
        member_id, version = member.id, member.version
        form = {
            "card_number": member.card_number,
            "last_name": "Parsons",
            "classification_id": member.classification_id,
            "status": member.status,
            "version": version,
        }
    results = at_once(
        *[
            lambda c=c, i=i: c.post(f"/members/{member_id}/edit", data={**form, "first_name": f"Lucy {i}"})
            for i, c in enumerate(clients)
        ]
    )
    answers = statuses(results)
    assert set(answers) <= {303, 409, 422}, answers
    assert answers.count(303) == 1, answers


def test_a_double_submit_saves_once_and_refuses_the_other(live_app):
    (client,) = signed_in_clients(live_app, users(live_app, 1, "staff"))
    with live_app.app_context():
        member = make_member()
        db.session.commit()
        url, version = f"/members/{member.id}/contact", member.version
    results = at_once(*[lambda: client.post(url, data={"city": "Chicago", "version": version})] * 2)
    answers = statuses(results)
    assert sorted(answers) in ([303, 409], [303, 422]), answers


def test_readers_and_writers_at_once_get_no_error(live_app):
    """Signed-in readers whose sessions are due a last-seen update write too, while others edit."""
    readers = signed_in_clients(live_app, users(live_app, WRITERS // 2, "staff"))
    writers = signed_in_clients(live_app, users(live_app, WRITERS // 2, "staff"))
    with live_app.app_context():
        db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=5)))
        members = [make_member() for _ in writers]
        db.session.commit()
        edits = [(f"/members/{m.id}/contact", {"city": "Flint", "version": m.version}) for m in members]
    results = at_once(
        *[lambda c=c: c.get("/members/") for c in readers],
        *[lambda c=c, e=e: c.post(e[0], data=e[1]) for c, e in zip(writers, edits, strict=True)],
    )
    assert statuses(results) == [200] * len(readers) + [303] * len(writers)


def test_emailed_links_opened_at_once_all_work(live_app):
    """Opening a verification link is a GET that writes: it waits for the lock like a form post."""
    with live_app.app_context():
        unverified = [factories.user(verified=False) for _ in range(WRITERS)]
        links = [f"/auth/verify/{tokens.issue_token(u, TokenPurpose.VERIFY)}" for u in unverified]
        db.session.commit()
    results = at_once(*[lambda link=link: live_app.test_client().get(link) for link in links])
    assert statuses(results) == [303] * WRITERS


def test_only_requests_that_may_write_begin_with_the_write_lock(live_app):
    (client,) = signed_in_clients(live_app, users(live_app, 1, "staff"))
    begun: list[str] = []

    def note(conn, cursor, statement, *args):
        if statement.startswith("BEGIN"):
            begun.append(statement)

    with live_app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        assert client.get("/members/").status_code == 200
        reading, begun[:] = list(begun), []
        assert client.post("/auth/logout").status_code == 303
        writing = list(begun)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    if engine.dialect.name == "sqlite":
        assert set(reading) == {"BEGIN"}
        assert set(writing) == {"BEGIN IMMEDIATE"}
    else:  # psycopg begins its transactions itself
        assert reading == writing == []
