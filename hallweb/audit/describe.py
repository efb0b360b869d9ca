"""Change history in the office's words: an audit row's action and changes as plain sentences.

Pure: no database, no request. Each domain's words live in its `history_words.py` (merged here);
names of the records an audit row points at by id (a classification, an employer, a user) come in
`names`, loaded once for all the rows of a page (hallweb/audit/queries.py).
"""

from collections.abc import Iterable, Mapping
from datetime import UTC, tzinfo

from hallweb.audit.phrasing import Names, Words
from hallweb.audit.vocabulary import Vocabulary, merged
from hallweb.auth import history_words as accounts
from hallweb.benevolence import history_words as benevolence
from hallweb.certifications import history_words as certifications
from hallweb.classifications import history_words as classifications
from hallweb.grievances import history_words as grievances
from hallweb.members import history_words as members
from hallweb.organizations import history_words as organizations
from hallweb.organizing import history_words as organizing
from hallweb.training import history_words as training


def _demo_loaded(action, changes, w):
    counts = ", ".join(f"{changes[k]} {k}" for k in ("members", "organizations", "jobs") if k in changes)
    return [f"Demo data loaded: {counts}" if counts else "Demo data loaded"]


COMMON = Vocabulary(  # fields many records have, and the demo data
    actions={"seed.demo_loaded": "Demo data loaded"},
    groups={"seed.": "Any demo data event"},
    fields={
        "name": "Name",
        "title": "Title",
        "code": "Code",
        "email": "Email",
        "phone": "Phone",
        "address": "Address",
        "status": "Status",
        "notes": "Notes",
        "reason": "Reason",
        "message": "Message",
        "active": "In use",
        "start_date": "Start date",
        "end_date": "End date",
        "archived_at": "Archived",
    },
    phrases={"seed.demo_loaded": _demo_loaded},
)

# Every domain's words; a new domain adds its history_words here.
DOMAINS = (
    COMMON,
    members.WORDS,
    organizations.WORDS,
    classifications.WORDS,
    accounts.WORDS,
    training.WORDS,
    certifications.WORDS,
    benevolence.WORDS,
    organizing.WORDS,
    grievances.WORDS,
)
VOCABULARY = merged(*DOMAINS)

# Every action the services record is in ACTIONS (tests/services/test_audit_describe.py).
ACTIONS = VOCABULARY.actions
ACTION_GROUPS = VOCABULARY.groups
RECORD_TYPES = VOCABULARY.record_types


def action_label(action: str) -> str:
    """What an action is called ("Member updated"); an unknown one in words ("Dues payment recorded")."""
    return Words(VOCABULARY, {}, UTC).action(action)


def record_type_label(entity_type: str | None) -> str:
    if not entity_type:
        return ""
    return RECORD_TYPES.get(entity_type) or entity_type.replace("_", " ").capitalize()


def references(rows: Iterable, *, with_records: bool = False) -> set[tuple[str, int]]:
    """The (table, id) of every record the rows name by id: what `names` must hold to describe them.
    With `with_records`, the records the rows are about as well (the audit log names them)."""
    refs, named = VOCABULARY.references, VOCABULARY.names
    wanted = set()
    for row in rows:
        for key, value in (row.changes or {}).items():
            if key in refs:
                for v in value if isinstance(value, list) else [value]:
                    if isinstance(v, int) and not isinstance(v, bool):
                        wanted.add((refs[key], v))
        if with_records and row.entity_type in named and row.entity_id is not None:
            wanted.add((row.entity_type, row.entity_id))
    return wanted


def describe(action: str, changes: Mapping | None, names: Names | None = None, zone: tzinfo = UTC) -> list[str]:
    """An audit row as sentences, what happened first: ["Contact details updated", "Phone changed from
    555-0100 to 555-0199"]. Ids are named from `names` ({(table, id): name}); bookkeeping (versions, ids
    of jobs and contacts) is left out; times are shown in `zone`."""
    words = Words(VOCABULARY, names or {}, zone)
    changes = changes or {}
    phrase = VOCABULARY.phrases.get(action)
    if phrase is not None:
        return [s for s in phrase(action, changes, words) if s]
    return [words.action(action), *words.changes(changes)]


def action_choices() -> list[tuple[str, str]]:
    """(value, label) for the audit log's action filter, group by group: "any" of the group, then its actions."""
    offered = []
    for prefix, any_of_them in ACTION_GROUPS.items():
        offered.append((prefix, any_of_them))
        offered.extend((a, label) for a, label in ACTIONS.items() if a.startswith(prefix))
    return offered


def record_type_choices() -> list[tuple[str, str]]:
    return list(RECORD_TYPES.items())
