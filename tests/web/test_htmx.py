"""Page or fragment, out-of-band flashes, redirects and 422 re-renders: the one htmx decision point."""

import json

import pytest
from flask import make_response

from hallweb.web.htmx import hx_trigger, is_partial, render
from tests.html import Element, element, field_errors, input_attrs, input_value, parse, starts_with_element
from tests.web.helpers import location, text


def oob_flashes(html: str) -> str:
    """The out-of-band #flashes region, which must sit inside a <template>."""
    for template in parse(html).find_all("template"):
        inside = [child for child in template.children if not (isinstance(child, str) and not child.strip())]
        match inside:
            case [Element(tag="div", attrs={"id": "flashes", "hx-swap-oob": "true"}) as flashes]:
                return flashes.outer_html
    raise AssertionError(f"no out-of-band #flashes inside <template> in:\n{html[-1500:]}")


@pytest.mark.parametrize(
    ("headers", "partial"),
    [
        ({}, False),
        ({"HX-Request": "true"}, True),
        ({"HX-Request": "false"}, False),
        ({"HX-Request": "true", "HX-Boosted": "true"}, False),
        ({"HX-Request": "true", "HX-History-Restore-Request": "true"}, False),
        ({"HX-Request": "true", "HX-Request-Type": "full"}, False),  # htmx 4
        ({"HX-Request": "true", "HX-Request-Type": "partial"}, True),
    ],
)
def test_is_partial_only_for_htmx_swaps(app, headers, partial):
    with app.test_request_context("/", headers=headers):
        assert is_partial() is partial


@pytest.mark.parametrize(("headers", "page"), [({}, True), ({"HX-Request": "true"}, False)])
def test_page_context_is_built_only_when_the_whole_page_is_sent(app, headers, page):
    built = []

    def page_context():
        built.append(True)
        return {"title": "From the page", "message": "from the page"}

    with app.test_request_context("/", headers=headers):
        html = text(
            render("errors/error.html", "errors/_error.html", page_context=page_context, title="Own", message="own")
        )
    assert built == ([True] if page else [])
    assert ("<html" in html) is page
    assert "<h1>Own</h1>" in html and "<p>own</p>" in html  # the view's own context wins over the page's


def test_plain_request_gets_the_whole_page(client):
    response = client.get("/auth/login")
    html = text(response)
    assert response.status_code == 200
    assert "<html" in html
    assert 'id="login-form"' in html
    assert "HX-Request" in response.vary


def test_htmx_request_gets_only_the_fragment(client):
    response = client.hx_get("/auth/login")
    html = text(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert "<h1>Sign in</h1>" not in html  # page text around the partial stays out
    assert starts_with_element(html, "form", "login-form")
    assert "HX-Request" in response.vary


def test_htmx_search_returns_only_the_user_table(client, login_as):
    login_as("admin")
    page = client.get("/admin/users")
    fragment = client.hx_get("/admin/users")
    assert "<html" in text(page) and 'id="user-table"' in text(page)
    assert "<html" not in text(fragment)
    assert starts_with_element(text(fragment), "section", "user-table")
    assert "HX-Request" in fragment.vary and "HX-Request" in page.vary
    # page and fragment draw the table from the same partial
    assert element(text(page), "user-table") == element(text(fragment), "user-table")


@pytest.mark.parametrize("header", ["HX-Boosted", "HX-History-Restore-Request"])
def test_boosted_and_history_restore_requests_get_the_full_page(client, login_as, header):
    login_as("admin")
    response = client.hx_get("/admin/users", headers={header: "true"})
    assert response.status_code == 200
    assert "<html" in text(response)
    assert "HX-Request" in response.vary


def test_flashes_are_sent_out_of_band_inside_a_template_after_a_swap(client, login_as):
    login_as()
    response = client.hx_post("/account/sessions/revoke-others")
    html = text(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert starts_with_element(html, "section", "sessions")
    assert "Other sessions signed out: 0." in oob_flashes(html)


def test_a_get_fragment_neither_carries_nor_takes_the_message_an_action_left(client, login_as):
    login_as()
    client.post("/account/sessions/revoke-others")  # a plain post: its message waits for the next page
    fragment = text(client.hx_get("/account/sessions"))  # a panel loading, in this tab or another
    assert 'id="flashes"' not in fragment
    assert "Other sessions signed out: 0." in element(text(client.get("/account/sessions")), "flashes")


def test_full_page_has_the_flashes_region_in_place_not_out_of_band(client, make):
    user = make.user()
    client.post("/auth/login", data={"email": user.email, "password": make.PASSWORD})
    client.post("/auth/logout")
    html = text(client.get("/auth/login"))
    flashes = element(html, "flashes")
    assert "You are signed out." in flashes
    assert "hx-swap-oob" not in flashes
    assert "<template>" not in html


def test_redirect_is_303_for_plain_requests(client, make):
    user = make.user()
    response = client.post("/auth/login", data={"email": user.email, "password": make.PASSWORD})
    assert response.status_code == 303
    assert location(response) == "/"
    assert "HX-Redirect" not in response.headers


def test_redirect_is_200_with_hx_redirect_under_htmx(client, make):
    user = make.user()
    response = client.hx_post("/auth/login", data={"email": user.email, "password": make.PASSWORD})
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == "/"
    assert "Location" not in response.headers
    assert text(response) == ""


REGISTRATION = {
    "first_name": "Rosalind",
    "last_name": "Okonkwo-Baptiste",
    "email": "rosalind.ob@example.org",
    "password": "password1234",
    "confirm": "password1234",
}


def test_form_errors_under_htmx_rerender_only_the_form_with_422_and_the_input_kept(client):
    response = client.hx_post("/auth/register", data=REGISTRATION)
    html = text(response)
    assert response.status_code == 422
    assert "<html" not in html
    assert starts_with_element(html, "form", "register-form")
    assert input_value(html, "first_name") == "Rosalind"
    assert input_value(html, "last_name") == "Okonkwo-Baptiste"
    assert input_value(html, "email") == "rosalind.ob@example.org"
    assert field_errors(html, "password")  # the reason is next to the field
    assert input_attrs(html, "password").get("aria-invalid") == "true"
    assert "password1234" not in html  # passwords are never sent back


def test_form_errors_without_javascript_get_the_whole_page_with_422_and_the_input_kept(client):
    response = client.post("/auth/register", data=REGISTRATION)
    html = text(response)
    assert response.status_code == 422
    assert "<html" in html
    assert input_value(element(html, "register-form"), "first_name") == "Rosalind"
    assert field_errors(html, "password")


def test_hx_trigger_merges_events_into_one_header(app):
    with app.test_request_context("/"):
        resp = make_response("")
        hx_trigger(resp, "dues-changed")
        hx_trigger(resp, "member-saved", {"id": 42})
        assert json.loads(resp.headers["HX-Trigger"]) == {"dues-changed": None, "member-saved": {"id": 42}}
