"""Access declarations: every endpoint has one, and each is enforced for anonymous, role-less and admin users."""

import pytest
from flask import url_for
from werkzeug.routing import AnyConverter, IntegerConverter

from hallweb import create_app
from hallweb.auth.models import RoleName, UserSession
from hallweb.extensions import db
from hallweb.web.access import access_of
from tests.html import element_by_id
from tests.support import Client
from tests.web.helpers import location, query_of, sharing_test_transaction, signed_in_client, text

MISSING_ID = 2_000_000_000  # no row has it (and it fits PostgreSQL's integer)

# Changing this list is a deliberate act: every other endpoint needs a signed-in user.
PUBLIC_ENDPOINTS = {
    "static",
    "home.healthz",
    "auth.register",
    "auth.verify",
    "auth.resend_verification",
    "auth.login",
    "auth.forgot",
    "auth.reset",
    "auth.accept_invite",
    "training.verify",  # an employer checks a transcript by its code
}


def dummy_value(converter):
    if isinstance(converter, IntegerConverter):
        return MISSING_ID
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    return "x"


def endpoints(app):
    return sorted({rule.endpoint for rule in app.url_map.iter_rules()})


def requests_for(app, predicate):
    """(endpoint, method, url) for each rule whose access matches predicate; dummy values for its arguments."""
    found = []
    with app.test_request_context():
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            access = access_of(rule.endpoint)
            if access is None or not predicate(access):
                continue
            values = {name: dummy_value(conv) for name, conv in rule._converters.items()}
            method = "GET" if "GET" in rule.methods else "POST"
            found.append((rule.endpoint, method, url_for(rule.endpoint, **values)))
    assert found, "no endpoint matched"
    return found


def test_every_endpoint_declares_who_may_open_it(app):
    undeclared = [endpoint for endpoint in endpoints(app) if access_of(endpoint) is None]
    assert undeclared == [], f"endpoints without an access declaration: {undeclared}"


def test_an_endpoint_without_a_declaration_is_closed_even_to_admins(app, base_config, make):
    fresh = create_app(base_config)
    fresh.add_url_rule("/undeclared", "undeclared", lambda: "secret")
    with sharing_test_transaction(fresh):
        fresh.test_client_class = Client
        admin = make.user(RoleName.ADMIN)
        anonymous = fresh.test_client().get("/undeclared")
        signed_in = signed_in_client(fresh, admin).get("/undeclared")
    assert anonymous.status_code == signed_in.status_code == 403
    assert "secret" not in text(signed_in)


def test_only_the_sign_in_and_email_link_pages_are_public(app):
    public = {endpoint for endpoint in endpoints(app) if access_of(endpoint) and access_of(endpoint).public}
    assert public == PUBLIC_ENDPOINTS


def test_admin_pages_are_declared_for_admins_only(app):
    admin_endpoints = [e for e in endpoints(app) if e.startswith("admin.")]
    assert admin_endpoints
    for endpoint in admin_endpoints:
        assert access_of(endpoint).roles == (RoleName.ADMIN,), endpoint


def test_anonymous_requests_to_private_endpoints_are_sent_to_sign_in(app, client):
    for endpoint, method, url in requests_for(app, lambda a: not a.public):
        response = client.open(url, method=method, buffered=True)
        assert response.status_code == 303, (endpoint, response.status_code)
        assert location(response).startswith("/auth/login"), endpoint
        if method == "GET":
            assert query_of(location(response)).get("next") == url, endpoint
        else:  # a POST cannot be replayed after sign-in: no next
            assert "next" not in query_of(location(response)), endpoint


def test_anonymous_htmx_requests_get_hx_redirect_to_sign_in_instead_of_a_swap(app, client):
    for endpoint, method, url in requests_for(app, lambda a: not a.public):
        if method != "GET":
            continue  # a form on screen: see the next test
        response = client.open(url, method=method, headers={"HX-Request": "true"}, buffered=True)
        assert response.status_code == 200, (endpoint, response.status_code)
        assert "Location" not in response.headers, endpoint
        assert response.headers["HX-Redirect"].startswith("/auth/login"), endpoint
        assert "<html" not in text(response), endpoint


def test_an_htmx_post_after_the_sign_in_ended_keeps_the_form_and_says_how_to_go_on(app, client):
    """No redirect (the page and what was typed would be lost): a 401 htmx does not swap, whose message app.js
    shows beside the form, with a link to sign in again that leads back to the page."""
    posts = [(e, url) for e, method, url in requests_for(app, lambda a: not a.public) if method == "POST"]
    assert posts
    for endpoint, url in posts:
        response = client.open(
            url,
            method="POST",
            headers={"HX-Request": "true", "HX-Current-URL": "http://localhost/members/9/edit"},
            buffered=True,
        )
        assert response.status_code == 401, (endpoint, response.status_code)
        assert "HX-Redirect" not in response.headers and "Location" not in response.headers, endpoint
        error = element_by_id(text(response), "error")
        assert error.attrs["data-error-message"].startswith("Your sign-in has ended"), endpoint
        assert "press Save again" in error.attrs["data-error-message"]
        assert error.attrs["data-error-link"] == "/auth/login?next=/members/9/edit", endpoint
        assert "data-stale-session" in error.attrs  # app.js fetches a fresh CSRF token before saving again
        assert "<html" not in text(response), endpoint


def test_a_plain_post_after_the_sign_in_ended_leads_back_to_the_page_of_the_form(client):
    response = client.post(
        "/members/9/edit", data={"last_name": "x"}, headers={"Referer": "http://localhost/members/9/edit"}
    )
    assert response.status_code == 303
    assert query_of(location(response))["next"] == "/members/9/edit"

    elsewhere = client.post("/members/9/edit", headers={"Referer": "https://evil.example/members/9/edit"})
    assert "next" not in query_of(location(elsewhere))


def test_expired_htmx_session_returns_to_the_page_the_user_was_on_not_the_fragment(client):
    response = client.hx_get("/admin/users?q=ab", headers={"HX-Current-URL": "http://localhost/admin/users?q=ab"})
    target = response.headers["HX-Redirect"]
    assert target.startswith("/auth/login?")
    assert query_of(target)["next"] == "/admin/users?q=ab"


def test_public_endpoints_answer_anonymous_users_without_a_redirect_to_sign_in(app, client):
    for endpoint, method, url in requests_for(app, lambda a: a.public):
        if endpoint == "static":
            url = "/static/app.js"
        response = client.open(url, method=method, buffered=True)
        response.close()
        redirected_to_login = response.status_code in (302, 303) and location(response).startswith("/auth/login")
        assert not redirected_to_login, endpoint
        assert response.status_code != 403, endpoint


def test_signed_in_user_without_the_role_gets_403_on_every_role_restricted_endpoint(app, client, make):
    restricted = requests_for(app, lambda a: not a.public and a.roles)
    # Every role but admin and the ones each endpoint allows: a user holding all of them still lacks the role.
    for endpoint, method, url in restricted:
        allowed = set(access_of(endpoint).roles)
        other_roles = [r for r in RoleName if r != RoleName.ADMIN and r not in allowed]
        user = make.user(*other_roles)
        browser = signed_in_client(app, user)
        response = browser.open(url, method=method, buffered=True)
        assert response.status_code == 403, (endpoint, response.status_code)
        assert "You do not have access to this page." in text(response)


@pytest.mark.parametrize("role", [r for r in RoleName if r != RoleName.ADMIN])
def test_member_of_any_other_role_cannot_open_the_users_page(login_as, client, role):
    login_as(role)
    assert client.get("/admin/users").status_code == 403
    assert client.hx_get("/admin/users").status_code == 403


def test_admin_passes_every_role_check(app, make):
    admin = make.user(RoleName.ADMIN)
    for endpoint, method, url in requests_for(app, lambda a: not a.public):
        browser = signed_in_client(app, admin)  # a fresh browser each time: one of these is sign-out
        response = browser.open(url, method=method, buffered=True)
        assert response.status_code != 403, (endpoint, text(response)[:500])
        assert response.status_code < 500, endpoint
        if endpoint != "auth.logout":  # sign-out sends you to sign in by design
            assert not (response.status_code == 303 and location(response).startswith("/auth/login")), endpoint


def test_signed_in_user_cannot_revoke_someone_elses_session(app, client, login_as, make):
    other = make.user()
    signed_in_client(app, other)
    other_session = db.session.scalars(db.select(UserSession).where(UserSession.user_id == other.id)).one()
    login_as()
    response = client.post(f"/account/sessions/{other_session.id}/revoke")
    assert response.status_code == 404
    db.session.refresh(other_session)
    assert other_session.revoked_at is None
