"""Certification forms: shape only; dates, defaults and who may are the services' rules."""

from flask import current_app
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from hallweb.certifications.models import TYPE_LABELS, StoredStatus
from hallweb.certifications.queries import SORTS, STATUSES, CertificationFilters
from hallweb.certifications.validity import EXPIRING_WINDOWS, VALIDITY_LABELS, Validity
from hallweb.web.forms import Form, VersionField, choices

TYPE_PAIRS = [(t.value, label) for t, label in TYPE_LABELS.items()]
STATUS_PAIRS = [(v.value, VALIDITY_LABELS[v]) for v in Validity]
EXPIRING_PAIRS = [(str(days), f"Within {days} days") for days in EXPIRING_WINDOWS]
EXPIRY_HELP = "Leave empty for the type's usual validity from the issue date."


def usual_validity() -> str:
    """The types' usual validity, as the setting has it: "CPR 2 years, First aid 2 years, ..."."""
    years = current_app.config.get("CERTIFICATION_VALIDITY_YEARS") or {}
    said = [
        f"{label} {n} year{'s' if n != 1 else ''}"
        for t, label in TYPE_LABELS.items()
        if isinstance(n := years.get(t.value), int) and n > 0
    ]
    return ("Usual validity: " + ", ".join(said) + "; other types do not expire.") if said else ""


class RecordForm(Form):
    card_number = StringField("Member's card number", [DataRequired(), Length(max=40)])
    # No type is preselected: a CPR card saved as OSHA 10 because the list opened on it is worse than a form
    # that asks.
    type = SelectField(
        "Type", [DataRequired(message="Choose a type.")], choices=choices([("", "Choose a type…"), *TYPE_PAIRS])
    )
    issue_date = DateField("Issue date", [DataRequired(message="Enter the date it was issued.")])
    expiry_date = DateField("Expiry date", [Optional()], description=EXPIRY_HELP)
    issuer = StringField("Issuer", [Optional(), Length(max=200)], description="Who issued it: a trainer, a school")
    certificate_number = StringField("Certificate number", [Optional(), Length(max=80)])
    pending = BooleanField("Pending: earned, the certificate not received yet")
    submit = SubmitField("Record certification")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.expiry_date.description = f"{EXPIRY_HELP} {usual_validity()}".strip()


class RenewForm(Form):
    issue_date = DateField("Issue date of the renewal", [DataRequired(message="Enter the date it was issued.")])
    expiry_date = DateField("Expiry date", [Optional()], description=EXPIRY_HELP)
    issuer = StringField("Issuer", [Optional(), Length(max=200)], description="Left empty: the same issuer")
    certificate_number = StringField("New certificate number", [Optional(), Length(max=80)])
    version = VersionField()
    submit = SubmitField("Renew certification")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.expiry_date.description = f"{EXPIRY_HELP} {usual_validity()}".strip()


class EditForm(Form):
    type = SelectField("Type", choices=choices(TYPE_PAIRS))
    status = SelectField(
        "Status", choices=choices([(StoredStatus.ACTIVE.value, "Active"), (StoredStatus.PENDING.value, "Pending")])
    )
    issue_date = DateField("Issue date", [DataRequired(message="Enter the date it was issued.")])
    expiry_date = DateField("Expiry date", [Optional()], description="Empty: it does not expire.")
    issuer = StringField("Issuer", [Optional(), Length(max=200)])
    certificate_number = StringField("Certificate number", [Optional(), Length(max=80)])
    version = VersionField()
    submit = SubmitField("Save certification")


class RevokeForm(Form):
    reason = TextAreaField("Reason", [DataRequired(message="Give the reason for revoking it."), Length(max=2000)])
    version = VersionField()
    submit = SubmitField("Revoke certification")


def _date_or_none(field):
    """A date filter read from the URL: one that does not parse is ignored, never an error."""
    return field.data if not field.errors and field.data else None


class CertificationFilterForm(Form):
    """The list's search and filters, read from the URL; a bad value is ignored, never an error."""

    class Meta:
        csrf = False

    q = StringField("Search", [Optional(), Length(max=100)])
    type = SelectField("Type", choices=choices([("", "Any type"), *TYPE_PAIRS]), validate_choice=False)
    status = SelectField("Status", choices=choices([("", "Any status"), *STATUS_PAIRS]), validate_choice=False)
    expiring = SelectField("Expiring", choices=choices([("", "Any time"), *EXPIRING_PAIRS]), validate_choice=False)
    issued_from = DateField("Issued from", [Optional()])
    issued_to = DateField("Issued to", [Optional()])
    expires_from = DateField("Expires from", [Optional()])
    expires_to = DateField("Expires to", [Optional()])
    sort = HiddenField()

    def filters(self) -> CertificationFilters:
        self.validate()  # parses the dates; a field that fails keeps its error and is left out
        expiring = self.expiring.data if self.expiring.data in {p[0] for p in EXPIRING_PAIRS} else None
        return CertificationFilters(
            q=(self.q.data or "").strip()[:100],
            type=self.type.data if self.type.data in dict(TYPE_PAIRS) else "",
            status=self.status.data if self.status.data in STATUSES else "",
            expiring=int(expiring) if expiring else None,
            issued_from=_date_or_none(self.issued_from),
            issued_to=_date_or_none(self.issued_to),
            expires_from=_date_or_none(self.expires_from),
            expires_to=_date_or_none(self.expires_to),
            sort=self.sort.data if self.sort.data in SORTS else "expiry",
        )
