"""Grievance numbers GR-YYYY-NNNN: sequential per filing year, never reused, gapless under concurrency.

Each year has one counter row. Taking a number is one atomic statement (INSERT ... ON CONFLICT DO UPDATE ...
RETURNING): the row stays locked until the filing's transaction ends, so a second filing waits for the first
and gets the next number; if the filing fails, the counter rolls back with it and no number is lost. A unique
constraint on (filing year, sequence) stands behind it.
"""

import re

from sqlalchemy.dialects import postgresql, sqlite

from hallweb.extensions import db
from hallweb.grievances.models import GrievanceCounter

NUMBER = re.compile(r"^GR-(\d{4})-(\d{4,})$")


def format_number(year: int, sequence: int) -> str:
    """GR-2026-0042; a year's ten-thousandth grievance keeps all its digits (GR-2026-10000)."""
    if not (1 <= year <= 9999 and sequence >= 1):
        raise ValueError("a grievance number needs a four-digit year and a sequence from 1")
    return f"GR-{year:04d}-{sequence:04d}"


def take_sequence(year: int) -> int:
    """The next number of `year` (1 for its first grievance), counted in the caller's transaction."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    table = GrievanceCounter.__table__
    stmt = (
        dialect.insert(table)
        .values(year=year, last_number=1)
        .on_conflict_do_update(index_elements=[table.c.year], set_={"last_number": table.c.last_number + 1})
        .returning(table.c.last_number)
    )
    return db.session.execute(stmt).scalar_one()
