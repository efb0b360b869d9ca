"""Classification rules: an admin adds one or retires it; members and jobs keep theirs."""

import re

from sqlalchemy import func, select

from hallweb.audit import services as audit
from hallweb.auth.models import User
from hallweb.classifications.models import Classification
from hallweb.errors import Conflict, DomainError
from hallweb.extensions import db


def add_classification(*, actor: User, name: str) -> Classification:
    """Add a classification at the end of the list; its code is derived from the name."""
    name = " ".join(name.split())
    code = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:40]
    if not code:
        raise DomainError("Give the classification a name with letters or digits.", field="name")
    taken = db.session.scalar(
        select(Classification.id).where(
            (Classification.code == code) | (func.lower(Classification.name) == name.lower())
        )
    )
    if taken is not None:
        raise Conflict("A classification with this name already exists.", field="name")
    last = db.session.scalar(select(func.max(Classification.sort_order))) or 0
    classification = Classification(code=code, name=name, sort_order=last + 1, active=True)
    db.session.add(classification)
    db.session.flush()
    audit.record(actor, "classification.created", classification, {"name": [None, name], "code": [None, code]})
    return classification


def set_classification_active(classification: Classification, *, actor: User, active: bool) -> None:
    """Retire (or bring back) a classification: retired ones leave the pick lists; members keep theirs."""
    if classification.active == active:
        return
    audit.record(actor, "classification.updated", classification, {"active": [classification.active, active]})
    classification.active = active
    db.session.flush()
