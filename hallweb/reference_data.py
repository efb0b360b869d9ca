"""Small lists of reference data (the classifications and employers pick lists offer), cached per worker.

A list is read once and reused while the reference data stays as it was. Database triggers (migration
0003) give `reference_version` a new random value in the same transaction as any change to classifications
or organizations, and the sign-in lookup reads that value on every signed-in request, in the statement it
runs anyway. A cached list is used only while its version is the one this request read: no worker shows a
list older than the request's own view of the database, and the lists cost no statement (on PostgreSQL the
members list went from seven round trips to five). The value is random, not a counter, so it never comes
back: not after a rollback, not in another database. Without a version (nobody signed in, or the request
has written something since) a list is read afresh.
"""

from collections.abc import Callable, Sequence

from flask import Flask, current_app, g
from sqlalchemy import CheckConstraint, Column, Integer, String, select

from hallweb.extensions import db
from hallweb.transactions import request_wrote

reference_version = db.Table(
    "reference_version",
    Column("id", Integer, CheckConstraint("id = 1", name="one_row"), primary_key=True),
    Column("version", String(36), nullable=False),
)

# The current version, as a column for the sign-in lookup to select.
CURRENT_VERSION = select(reference_version.c.version).scalar_subquery()

_CACHE = "reference_data"  # in app.extensions: {list name: (version, rows)}


def init_app(app: Flask) -> None:
    app.extensions[_CACHE] = {}


def note_version(version: str | None) -> None:
    """The version this request read with its sign-in."""
    g.reference_version = version


def cached(name: str, load: Callable[[], Sequence]) -> tuple:
    """The rows `load` reads, from this worker's cache while the reference data is unchanged."""
    version = g.get("reference_version")
    if version is None or request_wrote():  # a write may have changed the reference data since
        return tuple(load())
    store = current_app.extensions[_CACHE]
    hit = store.get(name)
    if hit is not None and hit[0] == version:
        return hit[1]
    rows = tuple(load())
    store[name] = (version, rows)
    return rows
