import logging

from flask import Blueprint
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from hallweb.extensions import db
from hallweb.home import dashboard
from hallweb.web.access import public, signed_in
from hallweb.web.htmx import render

bp = Blueprint("home", __name__)


log = logging.getLogger(__name__)


@bp.route("/")
@signed_in
def index():
    return render("home/index.html", cards=dashboard.cards_for(current_user))


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
