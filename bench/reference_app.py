"""The benchmark's reference pages: a bare Flask + Flask-SQLAlchemy + Jinja app on the hall's database.

No sign-in, no CSRF, no layout, no hooks: what the stack itself costs, to compare hallweb's pages with.

    /plain  a short string: the ceiling of Flask behind gunicorn on this machine
    /bare   the first 50 members by (last_name_key, first_name_key, id), an indexed query joined to
            their classification, rendered as a small table through a Jinja template

It reads HALLWEB_SQLALCHEMY_DATABASE_URI, the same database the hall is served from.
Serve it with `gunicorn --chdir bench reference_app:app`.
"""

import os
from datetime import datetime

from flask import Flask, render_template
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Classification(db.Model):
    __tablename__ = "classifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))


class Member(db.Model):
    """The columns the page shows (and those it filters and sorts on) of the hall's members table."""

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    card_number: Mapped[str] = mapped_column(String(40))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    first_name_key: Mapped[str] = mapped_column(String(120))
    last_name_key: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16))
    classification_id: Mapped[int] = mapped_column(ForeignKey("classifications.id"))
    archived_at: Mapped[datetime | None] = mapped_column(deferred=True)  # only filtered on, never loaded

    classification: Mapped[Classification] = relationship(lazy="joined")


app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["HALLWEB_SQLALCHEMY_DATABASE_URI"]
db.init_app(app)


@app.get("/plain")
def plain():
    return "ok"


@app.get("/bare")
def bare():
    members = db.session.scalars(
        select(Member)
        .where(Member.archived_at.is_(None))
        .order_by(Member.last_name_key, Member.first_name_key, Member.id)
        .limit(50)
    ).all()
    return render_template("bare.html", members=members)
