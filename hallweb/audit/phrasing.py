"""How a change is put into words: values as the screens show them, and the phrases every domain uses.

A phrase is `phrase(action, changes, words) -> list[str]`: the sentences of one audit row, what happened
first. Domains write their own in their `history_words.py` from the pieces here.
"""

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, tzinfo

from hallweb import formats
from hallweb.audit.vocabulary import Vocabulary

EMPTY = "(empty)"
NOT_FOUND = "(no longer on file)"
HIDDEN = frozenset({"version", "seed"})  # bookkeeping, not what changed; so is any other "*_id"
# A client's address is shown only in the IP column, to those who may see it (audit.policies).
PRIVATE = frozenset({"client"})
# Counts of things a change ended, as a sentence (nothing said when none were).
COUNTS = {
    "sessions_ended": ("Signed out of {n} session", "Signed out of {n} sessions"),
    "reset_links_ended": ("{n} unused password reset link ended", "{n} unused password reset links ended"),
    "pauses_ended": ("{n} sign-in pause lifted", "{n} sign-in pauses lifted"),
}

_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # audit rows hold dates as ISO text

Names = Mapping[tuple[str, int], str]


def new(v) -> object:
    """The value after a change ([old, new]), or the value recorded as it is."""
    return v[1] if isinstance(v, list) and len(v) == 2 else v


def old(v) -> object:
    return v[0] if isinstance(v, list) and len(v) == 2 else v


class Words:
    """Values as the screens show them: names for ids, dates as dates, times in the viewer's zone."""

    def __init__(self, vocabulary: Vocabulary, names: Names, zone: tzinfo):
        self.vocabulary = vocabulary
        self.names = names
        self.zone = zone

    def action(self, action: str) -> str:
        """What an action is called ("Member updated"); an unknown one in words ("Dues payment recorded")."""
        if action in self.vocabulary.actions:
            return self.vocabulary.actions[action]
        words = action.replace(".", " ").replace("_", " ").strip()
        return words[:1].upper() + words[1:]

    def field(self, key: str) -> str:
        return self.vocabulary.fields.get(key) or key.replace("_", " ").capitalize()

    def is_hidden(self, key: str) -> bool:
        return key in HIDDEN or key in PRIVATE or (key.endswith("_id") and key not in self.vocabulary.references)

    def value(self, key: str, value) -> str:
        if value is None or value == "":
            return EMPTY
        if isinstance(value, bool):
            return "yes" if value else "no"
        references = self.vocabulary.references
        if key in references and isinstance(value, int):
            return self.names.get((references[key], value), NOT_FOUND)
        if key in self.vocabulary.values:
            return self.vocabulary.values[key].get(value, str(value))
        if key == "status":
            return str(value).replace("_", " ").capitalize()
        if isinstance(value, datetime):
            return self.moment(value)
        if isinstance(value, date):
            return formats.day(value)
        if isinstance(value, str) and _DATETIME.match(value):
            try:
                return self.moment(datetime.fromisoformat(value))
            except ValueError:
                return value
        if isinstance(value, str) and _DATE.match(value):
            try:
                return formats.day(date.fromisoformat(value))
            except ValueError:
                return value
        return str(value)

    def moment(self, value: datetime) -> str:
        return formats.moment(value, self.zone)

    def change(self, key: str, value) -> str | None:
        """One field's sentence: "Phone changed from 555-0100 to 555-0199"; None for bookkeeping."""
        if self.is_hidden(key):
            return None
        label = self.field(key)
        if key in COUNTS:
            one, many = COUNTS[key]
            return (one if value == 1 else many).format(n=value) if isinstance(value, int) and value else None
        if not (isinstance(value, list) and len(value) == 2):
            return f"{label}: {self.value(key, value)}"
        before, after = value
        if before in (None, ""):
            return f"{label} set to {self.value(key, after)}"
        if after in (None, ""):
            return f"{label} cleared (was {self.value(key, before)})"
        return f"{label} changed from {self.value(key, before)} to {self.value(key, after)}"

    def listing(self, key: str, value) -> str | None:
        """A field of a new record: "Phone: 555-0100"."""
        if self.is_hidden(key):
            return None
        return f"{self.field(key)}: {self.value(key, new(value))}"

    def changes(self, changes: Mapping, skip: Iterable[str] = ()) -> list[str]:
        said = (self.change(k, v) for k, v in changes.items() if k not in skip)
        return [s for s in said if s]


def created(action, changes, w: Words) -> list[str]:
    """A new record: what it is called, then each field it was made with."""
    return [w.action(action), *(s for s in (w.listing(k, v) for k, v in changes.items()) if s)]


def archived(action, changes, w: Words) -> list[str]:
    return ["Archived"]


def restored(action, changes, w: Words) -> list[str]:
    return ["Restored"]


def plain(action, changes, w: Words) -> list[str]:
    """The action's name alone: what the row holds besides is bookkeeping (a session's id, a cleared date)."""
    return [w.action(action)]


def labelled_changes(action, changes, w: Words) -> list[str]:
    """The action's name, then its changed fields."""
    return [w.action(action), *w.changes(changes)]
