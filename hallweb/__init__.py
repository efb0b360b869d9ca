"""hallweb: the web application a union local runs its hall on."""

import logging

from flask import Flask, g, request
from sqlalchemy import event
from werkzeug.middleware.proxy_fix import ProxyFix

from hallweb import config
from hallweb.db import transactions
from hallweb.extensions import csrf, db, mail, migrate


def create_app(overrides: dict | None = None) -> Flask:
    """The only wiring: config, extensions, blueprints, errors, hooks, CLI."""
    app = Flask(__name__, template_folder="../templates", static_folder="../static", instance_relative_config=True)
    config.load(app, overrides)
    logging.basicConfig(level=logging.INFO)

    if app.config["PROXY_FIX_X_FOR"]:
        n = int(app.config["PROXY_FIX_X_FOR"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=0)

    from hallweb import models  # noqa: F401 - every model registered before anything queries

    db.init_app(app)
    transactions.init_app(app)  # after db.init_app: its teardown must run before Flask-SQLAlchemy's
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"), render_as_batch=True)
    csrf.init_app(app)
    mail.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _fix_sqlite(db.engine, busy_timeout_ms=int(app.config["SQLITE_BUSY_TIMEOUT_MS"]))

    from hallweb.auth import login

    login.init_app(app)

    from hallweb.web import routing

    routing.init_app(app)

    from hallweb.account.views import bp as account_bp
    from hallweb.admin.views import bp as admin_bp
    from hallweb.auth.views import bp as auth_bp
    from hallweb.benevolence.my_views import bp as my_benevolence_bp
    from hallweb.benevolence.views import bp as benevolence_bp
    from hallweb.certifications.views import bp as certifications_bp
    from hallweb.grievances.views import bp as grievances_bp
    from hallweb.home.views import bp as home_bp
    from hallweb.members.my_views import bp as me_bp
    from hallweb.members.views import bp as members_bp
    from hallweb.organizations.views import bp as organizations_bp
    from hallweb.organizing.blueprint import bp as organizing_bp
    from hallweb.training.views import bp as training_bp

    blueprints = (  # a new domain adds its blueprint here
        home_bp,
        auth_bp,
        account_bp,
        admin_bp,
        members_bp,
        me_bp,
        organizations_bp,
        training_bp,
        certifications_bp,
        benevolence_bp,
        my_benevolence_bp,
        organizing_bp,
        grievances_bp,
    )
    for bp in blueprints:
        app.register_blueprint(bp)

    from hallweb.web import ratelimit

    ratelimit.init_app(app)  # after the blueprints: it wraps the views that declare a limit
    _register_hooks(app)

    from hallweb.web import errors

    errors.register(app)

    from hallweb import cli

    cli.register(app)

    from hallweb.web import templating

    templating.register(app)

    if app.config.get("TESTING"):
        from jinja2 import StrictUndefined

        app.jinja_env.undefined = StrictUndefined
    return app


def _register_hooks(app: Flask) -> None:
    from hallweb import background
    from hallweb.web.access import enforce_access
    from hallweb.web.headers import add_security_headers

    @app.before_request
    def remember_client():
        g.client_ip = request.remote_addr

    app.before_request(enforce_access)
    app.after_request(add_security_headers)
    background.init_app(app)  # mail committed by the request is sent after the response


def _fix_sqlite(engine, *, busy_timeout_ms: int) -> None:
    """pysqlite on Python 3.11 handles BEGIN and SAVEPOINT itself, badly: let SQLAlchemy emit them. A
    transaction that will write begins with the write lock (see transactions.takes_write_lock), and waits
    up to the busy timeout for the writer before it."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {busy_timeout_ms:d}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if transactions.takes_write_lock() else "BEGIN")
