import logging

from flask import Blueprint
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from hallweb.extensions import db
from hallweb.web.access import public, signed_in
from hallweb.web.htmx import render

bp = Blueprint("home", __name__)


log = logging.getLogger(__name__)


@bp.route("/")
@signed_in
def index():
    return render("home/index.html")


@bp.route("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as err:
        log.warning("health check: database unreachable: %s", err)
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
