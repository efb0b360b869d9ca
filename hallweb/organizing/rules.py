"""Checks shared by the organizing services: dates that make sense, a target employer, a member."""

from datetime import date, timedelta

from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.members.models import Member
from hallweb.organizations.models import EMPLOYER_KINDS, Organization

EARLIEST = date(1970, 1, 1)
MAX_COUNT = 100_000  # workers at one site: more is a slip of the keyboard (and would overflow the column)


def past_date(value, field: str, what: str) -> date:
    """A date of something that happened: not after tomorrow (the viewer's day may be ahead of the server's),
    not before 1970 (a slip: 0202 for 2022)."""
    if not isinstance(value, date):
        raise DomainError(f"Enter the date {what}.", field=field)
    if value > date.today() + timedelta(days=1):
        raise DomainError(f"The date {what} cannot be in the future.", field=field)
    if value < EARLIEST:
        raise DomainError(f"Enter a date {what} after {EARLIEST:%Y}.", field=field)
    return value


def target_employer(employer_id) -> Organization:
    """A target: an employer (usually a non-union one) on file and not archived."""
    employer = db.session.get(Organization, employer_id) if isinstance(employer_id, int) else None
    if employer is None or employer.kind not in EMPLOYER_KINDS or employer.is_archived:
        raise DomainError("Choose a target employer from the list.", field="employer_id")
    return employer


def member_on_file(member_id, field: str, what: str) -> Member:
    member = db.session.get(Member, member_id) if isinstance(member_id, int) else None
    if member is None or member.is_archived:
        raise DomainError(f"Choose {what} from the list.", field=field)
    return member


def text(values: dict, key: str, *, required: str | None = None) -> str | None:
    """A text field stripped (None when blank); `required` is the message when it must be given."""
    value = values.get(key)
    value = (value.strip() or None) if isinstance(value, str) else None
    if value is None and required:
        raise DomainError(required, field=key)
    return value


def count(value, field: str, what: str) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DomainError(f"Enter the number of {what}: 0 or more.", field=field)
    if value > MAX_COUNT:
        raise DomainError(f"Enter at most {MAX_COUNT:,} {what}.", field=field)
    return value
