"""Member forms: shape only; uniqueness, versions and employment rules live in the services."""

from datetime import date

from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from hallweb.db.archiving import ARCHIVED_CHOICES
from hallweb.members.models import MemberStatus
from hallweb.members.queries import SORTS, MemberFilters
from hallweb.web.forms import (
    OPTIONAL_EMAIL,
    REQUIRED_EMAIL,
    ConfirmField,
    Form,
    Phone,
    VersionField,
    choices,
    int_or_none,
)

STATUS_PAIRS = [(s.value, s.value.capitalize()) for s in MemberStatus]


def not_in_future(form, field):
    if field.data and field.data > date.today():
        raise ValidationError("This date cannot be in the future.")


def contact_fields():
    """Phone and address fields, new instances each call (field order follows creation)."""
    return (
        StringField("Phone", [Optional(), Length(max=40), Phone()], render_kw={"autocomplete": "tel"}),
        StringField("Address", [Optional(), Length(max=200)], render_kw={"autocomplete": "address-line1"}),
        StringField("Address, line 2", [Optional(), Length(max=200)], render_kw={"autocomplete": "address-line2"}),
        StringField("City", [Optional(), Length(max=100)], render_kw={"autocomplete": "address-level2"}),
        StringField("State", [Optional(), Length(max=50)], render_kw={"autocomplete": "address-level1"}),
        StringField("ZIP code", [Optional(), Length(max=20)], render_kw={"autocomplete": "postal-code"}),
    )


class ContactForm(Form):
    phone, address_line1, address_line2, city, state, postal_code = contact_fields()
    version = VersionField()
    submit = SubmitField("Save")


class MemberForm(Form):
    card_number = StringField("Card number", [DataRequired(), Length(max=40)])
    first_name = StringField("First name", [DataRequired(), Length(max=100)])
    last_name = StringField("Last name", [DataRequired(), Length(max=100)])
    date_of_birth = DateField("Date of birth", [Optional(), not_in_future])
    email = EmailField("Email", OPTIONAL_EMAIL)
    phone, address_line1, address_line2, city, state, postal_code = contact_fields()
    classification_id = SelectField("Classification", coerce=int)
    status = SelectField("Status", choices=choices(STATUS_PAIRS), default=MemberStatus.ACTIVE.value)
    initiation_date = DateField("Initiation date", [Optional(), not_in_future])
    home_local = StringField("Home local", [Optional(), Length(max=40)])
    notes = TextAreaField("Notes", [Optional(), Length(max=5000)])
    submit = SubmitField("Save member")


class NewMemberForm(MemberForm):
    confirm_duplicate = ConfirmField()


class EditMemberForm(MemberForm):
    version = VersionField()


class JobForm(Form):
    # No employer is preselected (the first option is "Choose an employer…"): a job saved at the wrong employer
    # because the list opened on one is worse than a form that asks.
    employer_id = SelectField("Employer", [DataRequired(message="Choose an employer.")], coerce=int_or_none)
    classification_id = SelectField("Job classification", coerce=int)
    start_date = DateField("Start date", [DataRequired()])
    submit = SubmitField("Add job")


class EndJobForm(Form):
    end_date = DateField("End date", [DataRequired()], default=date.today)
    submit = SubmitField("End current job")


class LinkUserForm(Form):
    email = EmailField("Account email", REQUIRED_EMAIL, id="link-email")  # the page has other email fields
    submit = SubmitField("Link account")


class LinkRequestForm(Form):
    card_number = StringField("Card number", [DataRequired(), Length(max=40)])
    date_of_birth = DateField("Date of birth", [DataRequired(), not_in_future])
    submit = SubmitField("Ask to be linked")


class RejectLinkForm(Form):
    """One per pending request on the link requests page (prefix "reject-<id>", so ids stay unique)."""

    reason = StringField("Reason, emailed to the member", [DataRequired(), Length(max=500)])
    submit = SubmitField("Reject")


class EmailChangeForm(Form):
    email = EmailField("New email address", REQUIRED_EMAIL)
    also_sign_in = BooleanField(
        "Also use this address to sign in",
        description="Unticked, you keep signing in with the address you use now.",
    )
    submit = SubmitField("Send a confirmation link")


class MemberFilterForm(Form):
    """The list's search and filters, read from the URL; a bad value is ignored, never an error."""

    class Meta:
        csrf = False

    q = StringField("Search", [Optional(), Length(max=100)])  # drawn as a search box by members/index.html
    status = SelectField("Status", choices=choices([("", "Any status"), *STATUS_PAIRS]), validate_choice=False)
    classification_id = SelectField("Classification", coerce=int_or_none, validate_choice=False)
    employer_id = SelectField("Current employer", coerce=int_or_none, validate_choice=False)
    archived = SelectField("Archived", choices=choices(ARCHIVED_CHOICES.items()), validate_choice=False)
    sort = HiddenField()

    def filters(self) -> MemberFilters:
        return MemberFilters(
            q=(self.q.data or "").strip()[:100],
            status=self.status.data if self.status.data in {s.value for s in MemberStatus} else "",
            classification_id=self.classification_id.data,
            employer_id=self.employer_id.data,
            archived=self.archived.data if self.archived.data in ARCHIVED_CHOICES else "",
            sort=self.sort.data if self.sort.data in SORTS else "name",
        )
