"""How the change history speaks of organizations and their contacts."""

from hallweb.audit.phrasing import archived, created, new, old, restored
from hallweb.audit.vocabulary import Vocabulary
from hallweb.organizations.models import KIND_LABELS, Organization


def _contact_added(action, changes, w):
    name = changes.get("contact") or new(changes.get("name"))
    rest = (w.listing(k, v) for k, v in changes.items() if k not in {"contact", "name"})
    return [f"Contact {w.value('name', name)} added", *(s for s in rest if s)]


def _contact_removed(action, changes, w):
    return [f"Contact {w.value('name', old(changes.get('name')))} removed"]


WORDS = Vocabulary(
    actions={
        "organization.created": "Organization added",
        "organization.updated": "Organization updated",
        "organization.archived": "Organization archived",
        "organization.restored": "Organization restored",
        "organization.contact_added": "Contact added",
        "organization.contact_updated": "Contact updated",
        "organization.contact_removed": "Contact removed",
    },
    groups={"organization.": "Any organization change"},
    record_types={"organizations": "Organization"},
    fields={"kind": "Kind", "website": "Website", "contact": "Contact", "organization_id": "Organization"},
    references={"organization_id": "organizations"},
    values={"kind": KIND_LABELS},
    phrases={
        "organization.created": created,
        "organization.archived": archived,
        "organization.restored": restored,
        "organization.contact_added": _contact_added,
        "organization.contact_removed": _contact_removed,
    },
    names={"organizations": (Organization, Organization.name)},
    pages={"organizations": "organizations.detail"},
)
