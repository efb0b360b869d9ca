"""Settings of the app's database connections (hallweb/config.py)."""

from sqlalchemy import text

from hallweb import config
from hallweb.extensions import db


def test_postgresql_connections_plan_prepared_statements_once(app):
    if db.session.get_bind().dialect.name == "postgresql":
        assert db.session.execute(text("SHOW plan_cache_mode")).scalar_one() == "force_generic_plan"
    else:
        assert "connect_args" not in app.config["SQLALCHEMY_ENGINE_OPTIONS"]  # SQLite would refuse them


def test_a_server_setting_keeps_the_other_connect_options():
    options = {"pool_pre_ping": True, "connect_args": {"options": "-c search_path=hall", "connect_timeout": 5}}
    merged = config._with_server_setting(options, "plan_cache_mode", "force_generic_plan")
    assert merged == {
        "pool_pre_ping": True,
        "connect_args": {"options": "-c search_path=hall -c plan_cache_mode=force_generic_plan", "connect_timeout": 5},
    }
    assert options["connect_args"]["options"] == "-c search_path=hall"  # the defaults are not changed in place
