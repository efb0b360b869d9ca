"""Archived records: hidden from lists unless a filter asks for them (nothing is ever deleted)."""

ARCHIVED_CHOICES = {"": "Hide archived", "include": "Include archived", "only": "Only archived"}


def archived_condition(archived_at, choice: str):
    """The WHERE clause for a list's "Archived" filter on the column archived_at (None: no condition)."""
    if choice == "only":
        return archived_at.is_not(None)
    if choice == "include":
        return None
    return archived_at.is_(None)
