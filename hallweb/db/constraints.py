"""Unique constraints the services check first; when two requests race past the check, the database
still refuses the second, and this turns its refusal into the same Conflict the check would have raised."""

from sqlalchemy.exc import IntegrityError

from hallweb.errors import Conflict
from hallweb.extensions import db

UNIQUE = {  # constraint name -> (form field, message)
    "uq_members_card_number": ("card_number", "Another member already has this card number."),
    "uq_members_email": ("email", "Another member already uses this email address."),
    "uq_members_user_id": ("email", "That account is already linked to another member."),
    "uq_users_email": ("email", "An account with this email already exists."),
}


def flush_unique() -> None:
    """Flush; a unique violation rolls the request's work back (the request has failed) and becomes a
    Conflict naming the field, so the form comes back with the message instead of a 500."""
    try:
        db.session.flush()
    except IntegrityError as err:
        db.session.rollback()
        text = str(err.orig)
        for name, (field, message) in UNIQUE.items():
            if name in text or name.removeprefix("uq_").replace("_", ".", 1) in text:
                raise Conflict(message, field=field) from None
        raise Conflict("This conflicts with a record saved meanwhile; reload and try again.") from None
