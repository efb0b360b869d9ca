"""The words the change history uses for one domain's records, and the merge of every domain's.

Each domain says how its actions, fields and records are called in its own `history_words.py`;
hallweb/audit/describe.py merges them. A new domain adds its module to describe.DOMAINS.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Vocabulary:
    actions: Mapping[str, str] = field(default_factory=dict)  # "member.created": "Member added"
    groups: Mapping[str, str] = field(default_factory=dict)  # "member.": "Any member change" (the log's filter)
    record_types: Mapping[str, str] = field(default_factory=dict)  # table: "Member"
    fields: Mapping[str, str] = field(default_factory=dict)  # "card_number": "Card number"
    references: Mapping[str, str] = field(default_factory=dict)  # a field holding an id: the table it names
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # a field's coded values: labels
    phrases: Mapping[str, Callable] = field(default_factory=dict)  # actions that say more than their fields
    names: Mapping[str, tuple] = field(default_factory=dict)  # table: (model, its name as an SQL expression)
    pages: Mapping[str, str] = field(default_factory=dict)  # table: the endpoint of such a record's page


def merged(*vocabularies: Vocabulary) -> Vocabulary:
    """One vocabulary holding all of them; a word said twice is a mistake."""
    parts = {}
    for name in Vocabulary.__dataclass_fields__:
        merged_part: dict = {}
        for vocabulary in vocabularies:
            part = getattr(vocabulary, name)
            clash = merged_part.keys() & part.keys()
            if clash:
                raise ValueError(f"{name} said twice: {sorted(clash)}")
            merged_part.update(part)
        parts[name] = merged_part
    return Vocabulary(**parts)
