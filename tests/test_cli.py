"""The command line: `flask users create`, `flask sessions purge`, `flask mail retry`."""

import re

from hallweb.auth import sessions
from hallweb.auth.passwords import check_password
from hallweb.auth.services import find_user_by_email
from hallweb.db.db_types import utcnow
from hallweb.extensions import db
from hallweb.outbox import services as outbox


def run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def test_users_create_reads_the_password_from_stdin_and_grants_every_role(app):
    result = run(
        app,
        "users",
        "create",
        "Chair@Example.org",
        "--role",
        "staff",
        "--role",
        "officer",
        "--password-stdin",
        input="a strong passphrase here\n",
    )

    assert result.exit_code == 0, result.output
    user = find_user_by_email("chair@example.org")
    assert user.email_verified_at is not None
    assert user.role_names() == {"staff", "officer"}
    assert check_password(user.password_hash, "a strong passphrase here")
    assert "password" not in result.output


def test_users_create_without_stdin_prints_a_generated_password_that_works(app):
    result = run(app, "users", "create", "clerk@example.org", "--role", "staff")

    assert result.exit_code == 0, result.output
    printed = re.search(r"^password: (\S+)$", result.output, re.MULTILINE).group(1)
    assert len(printed) >= 12
    assert check_password(find_user_by_email("clerk@example.org").password_hash, printed)


def test_users_create_refuses_a_weak_password_with_the_reason(app):
    result = run(app, "users", "create", "weak@example.org", "--password-stdin", input="password1234\n")

    assert result.exit_code != 0
    assert "very common password" in result.output
    assert find_user_by_email("weak@example.org") is None


def test_users_create_refuses_a_taken_email(app, make):
    taken = make.user()
    result = run(app, "users", "create", taken.email, "--password-stdin", input="a strong passphrase here\n")
    assert result.exit_code != 0
    assert "already exists" in result.output


def test_sessions_purge_prints_what_it_deleted(app, make):
    user = make.user()
    sessions.start_session(user, ip=None, user_agent=None)
    sessions.start_session(user, ip=None, user_agent=None)[0].revoked_at = utcnow()
    db.session.commit()

    result = run(app, "sessions", "purge")

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "purged 1 sessions and 0 tokens"
    assert len(sessions.live_sessions(user)) == 1


def test_mail_retry_sends_pending_messages_and_prints_the_count(app, mailbox):
    outbox.queue("late@example.org", "Waiting", "plain", "<p>html</p>")
    db.session.commit()  # committed but not delivered, as when the SMTP server was down

    result = run(app, "mail", "retry")

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "sent 1 message(s)"
    assert mailbox.last_to("late@example.org")["Subject"] == "Waiting"
    assert run(app, "mail", "retry").output.strip() == "sent 0 message(s)"
