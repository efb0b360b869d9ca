"""Writing audit rows, in the same transaction as the change they describe."""

from datetime import date, datetime, time
from decimal import Decimal

from flask import g, has_app_context

from hallweb.audit.models import AuditLog
from hallweb.extensions import db


def record(actor, action: str, entity=None, changes: dict | None = None, *, entity_type: str | None = None):
    """Add one audit row. `entity` is a mapped object (its table and id are kept), or None for events.

    The client's IP comes from `g.client_ip`, which the web layer sets per request (None in the CLI).
    """
    if entity is not None and entity.id is None:
        db.session.flush()  # so a new entity has its id
    row = AuditLog(
        actor_id=getattr(actor, "id", None),
        action=action,
        entity_type=entity_type or (entity.__tablename__ if entity is not None else None),
        entity_id=getattr(entity, "id", None),
        changes=_jsonable(changes or {}),
        ip=g.get("client_ip") if has_app_context() else None,
    )
    db.session.add(row)
    return row


def diff(obj, new_values: dict) -> dict:
    """Field-level {"field": [old, new]} for the values that differ from obj's."""
    return {k: [getattr(obj, k), v] for k, v in new_values.items() if getattr(obj, k) != v}


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, time):  # a time of day on the hall's clock (a session's start): 18:00, as typed
        return value.isoformat("minutes" if not (value.second or value.microsecond) else "auto")
    if isinstance(value, Decimal):
        return str(value)
    return value
