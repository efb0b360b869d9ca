"""Members, employers and jobs for web tests, made through the services (so search keys and audit rows exist)."""

import re
from datetime import date
from itertools import count

from sqlalchemy import insert, select

from hallweb.classifications.models import Classification
from hallweb.db.search_keys import search_key
from hallweb.extensions import db
from hallweb.members import employment
from hallweb.members.models import Member
from hallweb.organizations.models import OrganizationKind
from tests import member_factories

_serial = count(1)


def classification_ids() -> list[int]:
    """The seeded classifications' ids, in their list order."""
    return list(db.session.scalars(select(Classification.id).order_by(Classification.sort_order)))


def make_member(**fields) -> Member:
    """A committed member (tests.member_factories.make_member) with plain placeholder values that searches
    in these tests will not hit by accident; every field can be given."""
    n = next(_serial)
    defaults = {
        "card_number": f"W{n:06d}",
        "first_name": "Pat",
        "last_name": f"Placeholder{n:05d}",
        "email": None,
        "date_of_birth": None,
        "phone": None,
    }
    member = member_factories.make_member(**{**defaults, **fields})
    db.session.commit()
    return member


def make_employer(name: str | None = None, kind: str = OrganizationKind.EMPLOYER, **fields):
    """A committed organization (tests.member_factories.make_employer)."""
    org = member_factories.make_employer(name=name, kind=kind, **fields)
    db.session.commit()
    return org


def give_job(member: Member, employer, start: date = date(2020, 1, 6), end: date | None = None):
    """A job (ended when `end` is given), committed."""
    job = employment.add_job(
        member, actor=None, employer_id=employer.id, classification_id=classification_ids()[0], start_date=start
    )
    if end is not None:
        employment.end_job(member, actor=None, end_date=end)
    db.session.commit()
    return job


def row_ids(html: str, prefix: str = "member") -> list[int]:
    """Ids of the table rows (<tr id="member-42">) in document order."""
    return [int(i) for i in re.findall(rf'<tr id="{prefix}-(\d+)"', html)]


def link_href(html: str, label: str) -> str:
    """The href of the pager or header link whose text is `label` (HTML entities in it unescaped)."""
    m = re.search(rf'<a href="([^"]+)"[^>]*>\s*{re.escape(label)}', html)
    assert m, f"no link labelled {label!r}"
    return m.group(1).replace("&amp;", "&")


def bulk_members(n: int, *, prefix: str = "Bulk", start: int = 0, **common) -> None:
    """n members named <prefix>0000, <prefix>0001 ... in one INSERT (fast; no audit rows), committed.

    Names and card numbers sort in the same order as the numbers; classifications take turns (so a lazy
    load per row would show up as extra queries, not hide behind one cached classification).
    """
    classifications = classification_ids()
    rows = []
    for i in range(start, start + n):
        last = f"{prefix}{i:04d}"
        rows.append(
            {
                "card_number": f"{prefix.upper()}{i:06d}",
                "first_name": "Sam",
                "last_name": last,
                "first_name_key": search_key("Sam"),
                "last_name_key": search_key(last),
                "classification_id": classifications[i % len(classifications)],
                "status": "active",
                **common,
            }
        )
    db.session.execute(insert(Member), rows)
    db.session.commit()


def ids_of_members(prefix: str) -> list[int]:
    """Ids of the members whose last name starts with prefix, in name order."""
    return list(
        db.session.scalars(
            select(Member.id).where(Member.last_name.startswith(prefix)).order_by(Member.last_name_key, Member.id)
        )
    )
