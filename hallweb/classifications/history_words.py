"""How the change history speaks of classifications."""

from hallweb.audit.phrasing import created
from hallweb.audit.vocabulary import Vocabulary
from hallweb.classifications.models import Classification


def _updated(action, changes, w):
    active = changes.get("active")
    if isinstance(active, list) and len(active) == 2 and set(changes) == {"active"}:
        return ["Classification retired" if active[0] and not active[1] else "Classification back in use"]
    return [w.action(action), *w.changes(changes)]


WORDS = Vocabulary(
    actions={"classification.created": "Classification added", "classification.updated": "Classification updated"},
    groups={"classification.": "Any classification change"},
    record_types={"classifications": "Classification"},
    fields={"classification_id": "Classification"},
    references={"classification_id": "classifications"},
    phrases={"classification.created": created, "classification.updated": _updated},
    names={"classifications": (Classification, Classification.name)},
)
