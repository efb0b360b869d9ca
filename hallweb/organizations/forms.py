"""Organization and contact forms: shape only."""

from wtforms import (
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, Length, Optional

from hallweb.db.archiving import ARCHIVED_CHOICES
from hallweb.organizations.models import KIND_LABELS
from hallweb.organizations.queries import SORTS, OrganizationFilters
from hallweb.web.forms import OPTIONAL_EMAIL, ConfirmField, Form, Phone, VersionField, choices

KIND_PAIRS = [(k.value, label) for k, label in KIND_LABELS.items()]


class OrganizationForm(Form):
    name = StringField("Name", [DataRequired(), Length(max=200)])
    kind = SelectField("Kind", choices=choices(KIND_PAIRS))
    phone = StringField("Phone", [Optional(), Length(max=40), Phone()])
    email = EmailField("Email", OPTIONAL_EMAIL)
    website = URLField(
        "Website", [Optional(), URL(message="Enter a web address like https://example.org."), Length(max=200)]
    )
    address = TextAreaField("Address", [Optional(), Length(max=1000)])
    notes = TextAreaField("Notes", [Optional(), Length(max=5000)])
    submit = SubmitField("Save organization")


class NewOrganizationForm(OrganizationForm):
    confirm_duplicate = ConfirmField()


class EditOrganizationForm(OrganizationForm):
    version = VersionField()


class ContactForm(Form):
    name = StringField("Name", [DataRequired(), Length(max=200)])
    title = StringField("Title", [Optional(), Length(max=120)])
    email = EmailField("Email", OPTIONAL_EMAIL)
    phone = StringField("Phone", [Optional(), Length(max=40), Phone()])
    submit = SubmitField("Save contact")


class OrganizationFilterForm(Form):
    class Meta:
        csrf = False

    q = StringField("Search", [Optional(), Length(max=100)], description="Start of the name")
    kind = SelectField("Kind", choices=choices([("", "Any kind"), *KIND_PAIRS]), validate_choice=False)
    archived = SelectField("Archived", choices=choices(ARCHIVED_CHOICES.items()), validate_choice=False)
    sort = HiddenField()

    def filters(self) -> OrganizationFilters:
        return OrganizationFilters(
            q=(self.q.data or "").strip()[:100],
            kind=self.kind.data if self.kind.data in dict(KIND_PAIRS) else "",
            archived=self.archived.data if self.archived.data in ARCHIVED_CHOICES else "",
            sort=self.sort.data if self.sort.data in SORTS else "name",
        )
