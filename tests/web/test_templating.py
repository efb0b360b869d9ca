"""Template globals (hallweb/web/templating.py)."""

import pytest
from flask import render_template_string, url_for
from markupsafe import escape


def test_fixed_url_is_url_for_built_once_per_script_root(app):
    template = "{{ fixed_url('members.index') }} {{ fixed_url('static', filename='app.css') }}"
    for script_root in ("", "/hall", ""):
        with app.test_request_context("/", base_url=f"http://hall.test{script_root}/"):
            expected = f"{url_for('members.index')} {url_for('static', filename='app.css')}"
            assert expected.startswith(f"{script_root}/members/")
            assert render_template_string(template) == expected


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"q": "o'neil & sons/2", "status": None, "employer_id": 7},
        {"after": "WyJzbWl0aCIsImpvIiw0Ml0", "sort": "-card", "q": "é ü 100%"},
    ],
)
def test_query_url_is_url_for_of_an_endpoint_without_path_parameters(app, args):
    for script_root in ("", "/hall"):
        with app.test_request_context("/", base_url=f"http://hall.test{script_root}/"):
            rendered = render_template_string("{{ query_url('members.index', **args) }}", args=args)
            assert rendered == str(escape(url_for("members.index", **args)))


def test_the_layout_links_where_url_for_does(client, login_as):
    login_as("admin")
    html = client.get("/members/", base_url="http://localhost/hall/").get_data(as_text=True)
    for path in ("/hall/members/", "/hall/organizations/", "/hall/admin/users", "/hall/static/app.css"):
        assert f'href="{path}' in html
    assert 'href="/members/' not in html
