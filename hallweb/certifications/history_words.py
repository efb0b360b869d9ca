"""How the change history speaks of certifications."""

from sqlalchemy import String, case
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from hallweb.audit.phrasing import created
from hallweb.audit.vocabulary import Vocabulary
from hallweb.certifications.models import TYPE_LABELS, Certification

_LABELS = {t.value: label for t, label in TYPE_LABELS.items()}


class shown_day(FunctionElement):
    """A date column as formats.day writes it (12/03/2026), by the database: a record's name in the history is
    read in SQL (audit.queries.names_of), for every row of a page at once."""

    type = String()
    inherit_cache = True


@compiles(shown_day)
def _iso_day(element, compiler, **kw):  # any other database: ISO text
    return f"CAST({compiler.process(element.clauses, **kw)} AS VARCHAR)"


@compiles(shown_day, "postgresql")
def _postgresql_day(element, compiler, **kw):
    return f"to_char({compiler.process(element.clauses, **kw)}, 'MM/DD/YYYY')"


@compiles(shown_day, "sqlite")
def _sqlite_day(element, compiler, **kw):
    return f"strftime('%m/%d/%Y', {compiler.process(element.clauses, **kw)})"


def _type_labelled(changes) -> dict:
    """The changes with the type's code ("cpr") as its label ("CPR"); said here, not as a vocabulary value
    of the field "type", which other records have too."""
    kind = changes.get("type")
    if kind is None:
        return dict(changes)
    labelled = [_LABELS.get(v, v) for v in kind] if isinstance(kind, list) else _LABELS.get(kind, kind)
    return {**changes, "type": labelled}


def _recorded(action, changes, w):
    return created(action, _type_labelled(changes), w)


def _updated(action, changes, w):
    return [w.action(action), *w.changes(_type_labelled(changes))]


def _renewed(action, changes, w):
    return ["Renewed: a new certificate replaces this one, which is kept as history"]


def _revoked(action, changes, w):
    reason = changes.get("revocation_reason")
    reason = reason[1] if isinstance(reason, list) else reason
    return [f"Revoked: {reason}" if reason else "Revoked"]


WORDS = Vocabulary(
    actions={
        "certification.recorded": "Certification recorded",
        "certification.updated": "Certification corrected",
        "certification.renewed": "Certification renewed",
        "certification.revoked": "Certification revoked",
    },
    groups={"certification.": "Any certification change"},
    record_types={"certifications": "Certification"},
    fields={
        "issue_date": "Issue date",
        "expiry_date": "Expiry date",
        "issuer": "Issuer",
        "certificate_number": "Certificate number",
        "revocation_reason": "Reason revoked",
        "renews_id": "Renews",
    },
    references={"renews_id": "certifications"},
    phrases={
        "certification.recorded": _recorded,
        "certification.updated": _updated,
        "certification.renewed": _renewed,
        "certification.revoked": _revoked,
    },
    names={
        "certifications": (
            Certification,
            case(_LABELS, value=Certification.type, else_=Certification.type)
            + " issued "
            + shown_day(Certification.issue_date),
        )
    },
    pages={"certifications": "certifications.detail"},
)
