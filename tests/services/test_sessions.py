"""Server-side sessions: what counts as live, revoking, and purging dead rows."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from hallweb.auth import services, sessions, tokens
from hallweb.auth.models import EmailToken, TokenPurpose, UserSession
from hallweb.db.db_types import utcnow
from hallweb.errors import NotFound
from hallweb.extensions import db
from tests.support import counted_statements


def start(user):
    return sessions.start_session(user, ip="192.0.2.1", user_agent="pytest")


def test_new_session_is_live_and_lasts_14_days_at_most(app, make):
    row, raw = start(make.user())
    assert sessions.find_live_session(raw).id == row.id
    assert abs(row.expires_at - row.created_at - timedelta(days=14)) < timedelta(seconds=5)


def test_unknown_or_missing_token_finds_no_session(app, make):
    start(make.user())
    assert sessions.find_live_session("no-such-token") is None
    assert sessions.find_live_session(None) is None


def test_revoked_session_is_not_live(app, make):
    row, raw = start(make.user())
    row.revoked_at = utcnow()
    assert sessions.find_live_session(raw) is None


def test_session_idle_longer_than_the_setting_is_not_live(app, make):
    row, raw = start(make.user())
    row.last_seen_at = utcnow() - timedelta(hours=12, minutes=1)
    assert sessions.find_live_session(raw) is None


def test_session_idle_less_than_the_setting_is_live_and_due_a_touch(app, make):
    row, raw = start(make.user())
    row.last_seen_at = utcnow() - timedelta(hours=11)
    live = sessions.find_live_session(raw)
    assert live.id == row.id and live.touch_due


def test_idle_limit_comes_from_settings(app, make, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_IDLE_HOURS", 2)
    row, raw = start(make.user())
    row.last_seen_at = utcnow() - timedelta(hours=3)
    assert sessions.find_live_session(raw) is None


def test_session_past_its_end_is_not_live_even_when_active(app, make):
    row, raw = start(make.user())
    row.created_at = utcnow() - timedelta(days=14, minutes=1)
    row.expires_at = utcnow() - timedelta(minutes=1)
    assert sessions.find_live_session(raw) is None


def test_revoking_another_users_session_is_not_found(app, make):
    owner, other = make.user(), make.user()
    row, raw = start(owner)
    with pytest.raises(NotFound):
        sessions.revoke_session(other, row.id, actor=other)
    assert sessions.find_live_session(raw).id == row.id


def test_revoking_own_session_ends_it(app, make):
    user = make.user()
    row, raw = start(user)
    sessions.revoke_session(user, row.id, actor=user)
    assert sessions.find_live_session(raw) is None


def test_revoke_other_sessions_keeps_the_one_in_use(app, make):
    user, bystander = make.user(), make.user()
    current, current_raw = start(user)
    others = [start(user)[1] for _ in range(2)]
    _, bystander_raw = start(bystander)

    assert sessions.revoke_other_sessions(user, keep_session_id=current.id) == 2

    assert sessions.find_live_session(current_raw).id == current.id
    assert [sessions.find_live_session(raw) for raw in others] == [None, None]
    assert sessions.find_live_session(bystander_raw) is not None


def test_purge_deletes_dead_sessions_and_spent_tokens_but_keeps_live_ones(app, make):
    user = make.user()
    live, _ = start(user)
    start(user)[0].revoked_at = utcnow()
    start(user)[0].expires_at = utcnow() - timedelta(seconds=1)
    start(user)[0].last_seen_at = utcnow() - timedelta(hours=13)
    tokens.issue_token(user, TokenPurpose.INVITE)  # spent by the next one
    live_token = tokens.issue_token(user, TokenPurpose.INVITE)
    tokens.consume_token(tokens.issue_token(user, TokenPurpose.VERIFY), TokenPurpose.VERIFY)
    tokens.issue_token(user, TokenPurpose.RESET)
    db.session.scalar(select(EmailToken).where(EmailToken.purpose == TokenPurpose.RESET)).expires_at = utcnow()
    db.session.commit()

    assert sessions.purge_expired() == (3, 3)
    db.session.commit()

    assert db.session.scalars(select(UserSession.id)).all() == [live.id]
    assert db.session.scalars(select(EmailToken.token_hash)).all() == [tokens.digest(live_token)]


def a_new_request():
    """What the next request's session starts from: nothing loaded."""
    db.session.commit()
    db.session.expunge_all()


def test_the_lookup_reads_the_user_and_the_roles_held_now_in_one_statement(app, make):
    user = make.user("staff", first_name="Ada", last_name="Lovelace")
    services.grant_role_by_name(user, "officer", actor=None, expires_at=utcnow() - timedelta(minutes=1))
    _, raw = start(user)
    user_id = user.id
    a_new_request()

    with counted_statements() as statements:
        live = sessions.find_live_session(raw)
        seen = (
            live.user.id,
            live.user.full_name,
            live.user.is_active,
            live.user.role_names(),
            live.user.has_role("staff"),
            live.user.has_role("officer"),
        )

    assert seen == (user_id, "Ada Lovelace", True, {"staff"}, True, False)  # the officer grant has expired
    assert len(statements) == 1
    assert live.user in db.session and not db.session.dirty  # a User of the session, nothing to write


def test_once_the_grants_are_loaded_they_answer_role_questions(app, make):
    user = make.user("staff")
    _, raw = start(user)
    a_new_request()
    signed_in = sessions.find_live_session(raw).user

    services.grant_role_by_name(signed_in, "officer", actor=None)  # loads and changes the grants

    assert signed_in.has_role("officer") and signed_in.role_names() == {"staff", "officer"}


def test_a_session_is_touched_at_most_once_a_minute(app, make):
    user = make.user()
    row, raw = start(user)
    row.last_seen_at = utcnow() - timedelta(minutes=2)
    row_id = row.id
    a_new_request()

    live = sessions.find_live_session(raw)
    assert live.touch_due
    sessions.touch(live)
    db.session.commit()

    stored = db.session.scalar(select(UserSession.last_seen_at).where(UserSession.id == row_id))
    assert utcnow() - stored < timedelta(seconds=10)
    assert not sessions.find_live_session(raw).touch_due
