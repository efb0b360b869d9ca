"""A live server on its own database and Debian's Chromium driven by Playwright."""

import os
import threading
from pathlib import Path

import axe_playwright_python
import flask_migrate
import pytest
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import delete
from werkzeug.serving import make_server

from hallweb import create_app
from hallweb.auth.accounts import create_user
from hallweb.extensions import db
from hallweb.members import employment
from hallweb.members.services import create_member, link_user
from hallweb.organizations.services import add_contact, create_organization
from tests.conftest import config_for
from tests.support import ScratchDatabase, free_port, require

CHROMIUM = os.environ.get("HALLWEB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
KEEP_TABLES = {"roles", "classifications"}  # seeded by the migrations


class LiveServer:
    def __init__(self, app, port):
        self.app = app
        self.url = f"http://127.0.0.1:{port}"
        self._server = make_server("127.0.0.1", port, app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()

    def stop(self):
        self._server.shutdown()
        self._thread.join(timeout=10)

    def clear_data(self):
        with self.app.app_context():
            for table in reversed(db.metadata.sorted_tables):
                if table.name not in KEEP_TABLES:
                    db.session.execute(delete(table))
            db.session.commit()


@pytest.fixture(scope="session")
def live_server(request, tmp_path_factory, smtp):
    scratch = ScratchDatabase(request.config.getoption("--db"), tmp_path_factory.mktemp("browser"), "browser")
    port = free_port()
    config = config_for(scratch.url, smtp.port)
    config.update(WTF_CSRF_ENABLED=True, BASE_URL=f"http://127.0.0.1:{port}")
    app = create_app(config)
    with app.app_context():
        flask_migrate.upgrade()
    server = LiveServer(app, port)
    server.start()
    yield server
    server.stop()
    with app.app_context():
        db.engine.dispose()
    scratch.drop()


@pytest.fixture(scope="session")
def chromium():
    require(Path(CHROMIUM).exists(), f"Chromium at {CHROMIUM}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server, mailbox):
    """A fresh browser context on a clean hall; fails the test on any CSP violation or page error."""
    live_server.clear_data()
    context = chromium.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    yield page
    context.close()
    assert problems == [], f"CSP violations or script errors: {problems}"


def check_accessibility(page):
    """No serious or critical axe-core violation, and every field has a visible label."""
    page.evaluate(AXE_SOURCE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{page.url}: {serious}"
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter(el => !['hidden', 'submit', 'button'].includes(el.type))
            .filter(el => {
                const label = el.closest('label') || (el.id && document.querySelector(`label[for="${el.id}"]`));
                return !label || label.offsetParent === null || !label.textContent.trim();
            })
            .map(el => el.name || el.id)"""
    )
    assert unlabelled == [], f"{page.url}: fields without a visible label: {unlabelled}"


PASSWORD = "brass lantern under orchard rain"


@pytest.fixture
def hall(live_server):
    """An admin, a member with an account, an employer with a contact; returns their ids."""
    with live_server.app.app_context():
        admin = create_user(
            actor=None,
            email="admin@example.org",
            first_name="Ada",
            last_name="Admin",
            roles=["admin"],
            password=PASSWORD,
        )
        member_user = create_user(
            actor=None,
            email="rosa@example.org",
            first_name="Rosa",
            last_name="Parks",
            roles=["member"],
            password=PASSWORD,
        )
        org = create_organization(actor=admin, name="Acme Electric", kind="employer", phone="555-867-5309")
        add_contact(org, actor=admin, name="Pat Foreman", title="Superintendent", email="pat@acme.example")
        member = create_member(
            actor=admin,
            card_number="C00001",
            first_name="Rosa",
            last_name="Parks",
            classification_id=1,
            email="rosa.parks@example.net",
        )
        employment.add_job(
            member, actor=admin, employer_id=org.id, classification_id=1, start_date=member.created_at.date()
        )
        link_user(member, actor=admin, user=member_user)
        db.session.commit()
        return {"admin": admin.id, "org": org.id, "member": member.id}


def sign_in(page, email):
    page.goto("/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
