"""Outstanding reset links end when the account proves it knows its password: a sign-in or a password
change. A link lying in a mailbox should not outlive the reason it was asked for."""

import pytest
from sqlalchemy import select

from hallweb.audit.models import AuditLog
from hallweb.auth import services, tokens
from hallweb.auth.models import TokenPurpose
from hallweb.auth.tokens import TokenInvalid, find_token
from hallweb.extensions import db
from tests.factories import PASSWORD

NEW_PASSWORD = "plum orbit lantern quiver 47"


def sign_in(email, password=PASSWORD):
    return services.sign_in(email, password, ip="192.0.2.7", user_agent="pytest")


def assert_ended(raw):
    with pytest.raises(TokenInvalid):
        find_token(raw, TokenPurpose.RESET)
    with pytest.raises(TokenInvalid):
        services.reset_password(raw, NEW_PASSWORD)


def test_signing_in_ends_an_outstanding_reset_link(app, make):
    user = make.user()
    link = tokens.issue_token(user, TokenPurpose.RESET)
    sign_in(user.email)
    assert_ended(link)


def test_changing_the_password_ends_an_outstanding_reset_link(app, make):
    user = make.user()
    link = tokens.issue_token(user, TokenPurpose.RESET)
    services.change_password(user, PASSWORD, NEW_PASSWORD, keep_session_id=None)
    assert_ended(link)


def test_a_failed_sign_in_leaves_the_reset_link_working(app, make):
    user = make.user()
    link = tokens.issue_token(user, TokenPurpose.RESET)
    with pytest.raises(services.SignInFailed):
        sign_in(user.email, "not the right password")
    assert services.reset_password(link, NEW_PASSWORD) == user


def test_signing_in_leaves_other_users_and_other_kinds_of_link_alone(app, make):
    user, other = make.user(), make.user()
    others_link = tokens.issue_token(other, TokenPurpose.RESET)
    email_change = tokens.issue_token(user, TokenPurpose.EMAIL_CHANGE, new_email="new@example.org")
    sign_in(user.email)
    assert find_token(others_link, TokenPurpose.RESET).user == other
    assert find_token(email_change, TokenPurpose.EMAIL_CHANGE).user == user


def test_the_audit_rows_say_how_many_links_ended(app, make):
    user = make.user()
    tokens.issue_token(user, TokenPurpose.RESET)
    sign_in(user.email)
    tokens.issue_token(user, TokenPurpose.RESET)
    services.change_password(user, PASSWORD, NEW_PASSWORD, keep_session_id=None)
    rows = db.session.scalars(
        select(AuditLog)
        .where(AuditLog.entity_id == user.id, AuditLog.action.in_(["auth.signed_in", "auth.password_changed"]))
        .order_by(AuditLog.id)
    ).all()
    assert [(r.action, r.changes["reset_links_ended"]) for r in rows] == [
        ("auth.signed_in", 1),
        ("auth.password_changed", 1),
    ]
