"""Shared test helpers for certifications: a certificate made through the service, dates around today."""

from datetime import timedelta

from hallweb.certifications.services import record_certification
from hallweb.extensions import db
from hallweb.hall_clock import hall_today


def days(n: int):
    """Today (where the hall is) plus n days."""
    return hall_today() + timedelta(days=n)


def certificate(member, *, kind="cpr", issued=None, expires="default", actor=None, **values):
    """A committed certificate; `expires` a date, None for none, or "default" for the type's usual validity."""
    extra = {} if expires == "default" else {"expiry_date": expires}
    cert = record_certification(member, actor=actor, type=kind, issue_date=issued or days(-10), **extra, **values)
    db.session.commit()
    return cert
