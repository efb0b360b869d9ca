"""Template globals (hallweb/web/templating.py)."""

from flask import render_template_string, url_for


def test_fixed_url_is_url_for_built_once_per_script_root(app):
    template = "{{ fixed_url('members.index') }} {{ fixed_url('static', filename='app.css') }}"
    for script_root in ("", "/hall", ""):
        with app.test_request_context("/", base_url=f"http://hall.test{script_root}/"):
            expected = f"{url_for('members.index')} {url_for('static', filename='app.css')}"
            assert expected.startswith(f"{script_root}/members/")
            assert render_template_string(template) == expected


def test_the_layout_links_where_url_for_does(client, login_as):
    login_as("admin")
    html = client.get("/members/", base_url="http://localhost/hall/").get_data(as_text=True)
    for path in ("/hall/members/", "/hall/organizations/", "/hall/admin/users", "/hall/static/app.css"):
        assert f'href="{path}' in html
    assert 'href="/members/' not in html
