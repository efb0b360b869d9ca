"""Classifications as pick lists offer them."""

from sqlalchemy import select

from hallweb.classifications.models import Classification
from hallweb.db.plain_rows import plain_rows
from hallweb.extensions import db

# Built once: a pick list is drawn on many pages.
_OPTIONS = (
    select(Classification.id, Classification.name)
    .where(Classification.active.is_(True))
    .order_by(Classification.sort_order)
)


def classification_options() -> list[tuple[int, str]]:
    """(id, name) of the classifications in use, for pick lists."""
    return plain_rows(_OPTIONS).all()


def all_classifications() -> list[Classification]:
    """Every classification, retired ones included, in the order pick lists show them."""
    return db.session.scalars(select(Classification).order_by(Classification.sort_order, Classification.id)).all()
