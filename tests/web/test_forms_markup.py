"""Every POST form is drawn by the forms macros: hx_form() for forms with fields, post_button() for one-button
actions. Each form posts to its action with and without JavaScript and swaps itself or its panel."""

import re
from pathlib import Path

import pytest

from hallweb.extensions import db
from hallweb.organizations.services import add_contact
from tests import factories
from tests.factories import give_job, make_employer, make_member
from tests.html import element_by_id, input_attrs
from tests.web.helpers import text

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_every_post_form_is_drawn_by_the_forms_macros():
    drawn_by_hand = []
    for path in TEMPLATES.rglob("*.html"):
        if path.parent.name == "_macros":
            continue
        for tag in re.findall(r"<form\b[^>]*>", path.read_text()):
            if 'method="post"' in tag and 'class="sign-out"' not in tag:  # the layout's one button, with a name
                drawn_by_hand.append(f"{path.relative_to(TEMPLATES)}: {tag}")
    assert not drawn_by_hand


@pytest.fixture
def hall(app):
    member = make_member()
    employer = make_employer("Acme Electric")
    give_job(member, employer)
    contact = add_contact(employer, actor=None, name="Dana Foreman")
    db.session.commit()
    return {"member": member.id, "employer": employer.id, "contact": contact.id, "user": factories.user("member").id}


# fragment url, form id, action, what the form swaps, (page url, fragment url) of its Cancel link
PANEL_FORMS = [
    ("/members/{member}/jobs/end", "end-job-form", "/members/{member}/jobs/end", "#member-{member}-employment", None),
    ("/members/{member}/jobs/new", "job-form", "/members/{member}/jobs", "#member-{member}-employment", None),
    ("/members/{member}", "link-form", "/members/{member}/link", "#member-{member}-account", None),
    (
        "/members/{member}/contact/edit",
        "member-{member}-contact",
        "/members/{member}/contact",
        "this",
        ("/members/{member}/contact", "/members/{member}/contact"),
    ),
    (
        "/organizations/{employer}/contacts",
        "contact-add-form",
        "/organizations/{employer}/contacts",
        "#organization-{employer}-contacts",
        None,
    ),
    (
        "/organizations/{employer}/contacts/{contact}/edit",
        "contact-{contact}-form",
        "/organizations/{employer}/contacts/{contact}/edit",
        "#organization-{employer}-contacts",
        ("/organizations/{employer}", "/organizations/{employer}/contacts"),
    ),
    ("/admin/users/{user}", "grant-form", "/admin/users/{user}/roles", "#user-panel", None),
    ("/admin/users/{user}", "suspend-form", "/admin/users/{user}/suspend", "#user-panel", None),
    ("/admin/classifications", "classification-form", "/admin/classifications", "#classifications", None),
]


@pytest.mark.parametrize(("url", "form_id", "action", "target", "cancel"), PANEL_FORMS)
def test_a_panel_form_posts_to_its_action_and_swaps_itself_or_its_panel(
    client, login_as, hall, url, form_id, action, target, cancel
):
    login_as("staff", "admin")
    form_id, action, target = (s.format(**hall) for s in (form_id, action, target))
    form = element_by_id(text(client.hx_get(url.format(**hall))), form_id)
    assert form.tag == "form"
    assert {k: form.attrs[k] for k in ("method", "action", "hx-post", "hx-target", "hx-swap")} == {
        "method": "post",
        "action": action,
        "hx-post": action,
        "hx-target": target,
        "hx-swap": "outerHTML",
    }
    # WTForms' submit input, with an id of its own (a page can show several forms)
    [submit] = form.find_all("input", {"type": "submit"})
    assert submit.attrs["id"] == f"{form_id}-submit"
    for label in form.find_all("label"):  # every field labelled, described by its error list
        described = form.find(attrs={"id": label.attrs["for"]}).attrs["aria-describedby"]
        assert f"{label.attrs['for']}-errors" in described.split()
    if cancel:
        page, fragment = (u.format(**hall) for u in cancel)
        [link] = [a for a in form.find_all("a") if a.text == "Cancel"]
        assert link.attrs == {
            "href": page,
            "data-cancel": "",  # Escape clicks it (app.js)
            "hx-get": fragment,
            "hx-target": target if target != "this" else f"#{form_id}",
            "hx-swap": "outerHTML",
        }
    # a form with a Cancel link is an inline editor: app.js moves focus into it and back to its opener
    assert ("data-inline-editor" in form.attrs) == bool(cancel)


def test_the_suspend_form_asks_before_posting(client, login_as, hall):
    login_as("admin")
    form = element_by_id(text(client.hx_get(f"/admin/users/{hall['user']}")), "suspend-form")
    assert form.attrs["hx-confirm"] == "Suspend this account and sign it out everywhere?"
    [submit] = form.find_all("input", {"type": "submit"})
    assert (submit.attrs["class"], submit.attrs["value"]) == ("button button-danger", "Suspend")


def test_a_form_sends_its_hidden_fields_through_wtforms(client, login_as, hall):
    login_as("staff")
    form = element_by_id(
        text(client.hx_get(f"/members/{hall['member']}/contact/edit")), f"member-{hall['member']}-contact"
    )
    assert input_attrs(form, "version") == {"id": "version", "name": "version", "type": "hidden", "value": "1"}
