"""Admin forms: shape only."""

from datetime import date

from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from hallweb.admin.queries import USER_STATUSES
from hallweb.audit.describe import action_choices, record_type_choices
from hallweb.auth.forms import new_password_fields
from hallweb.auth.models import RoleName
from hallweb.web.forms import MAX_ID, REQUIRED_EMAIL, Form, choices

# SelectChoice, not (value, label) tuples: WTForms 3.3 deprecates tuples in a field's constructor.
ROLE_CHOICES = [SelectChoice(r.value, r.label) for r in RoleName]


class RoleCheckboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class InviteForm(Form):
    email = EmailField("Email", REQUIRED_EMAIL)
    first_name = StringField("First name", [DataRequired(), Length(max=100)])
    last_name = StringField("Last name", [DataRequired(), Length(max=100)])
    roles = RoleCheckboxes("Roles", choices=ROLE_CHOICES, default=["member"])
    submit = SubmitField("Send invitation")


class CreateUserForm(InviteForm):
    password, confirm = new_password_fields()
    submit = SubmitField("Create user")


class GrantRoleForm(Form):
    # Nothing preselected: granting a role is a choice made each time, never a default accepted by accident.
    role = SelectField(
        "Role", [DataRequired(message="Choose a role.")], choices=[SelectChoice("", "Choose a role…"), *ROLE_CHOICES]
    )
    expires_on = DateField("Expires on (optional)", [Optional()])
    submit = SubmitField("Grant role")


class SuspendForm(Form):
    message = StringField("Message shown to the user at sign-in", [DataRequired(), Length(max=500)])
    submit = SubmitField("Suspend")


class UserFilterForm(Form):
    class Meta:
        csrf = False

    q = StringField("Search", [Optional(), Length(max=100)], description="Start of a name or email")
    role = SelectField("Role", choices=[SelectChoice("", "Any role"), *ROLE_CHOICES], validators=[Optional()])
    status = SelectField(
        "Status",
        choices=[SelectChoice("", "Any status"), *(SelectChoice(v, label) for v, label in USER_STATUSES.items())],
        validators=[Optional()],
    )


# The dates the audit log can be searched between: no audit row is older, and a date past it would only
# overflow the day after (a 500) or mean "ever".
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


def audit_date(form, field):
    if field.data and not EARLIEST <= field.data <= LATEST:
        raise ValidationError(f"Enter a date between {EARLIEST:%Y} and {LATEST:%Y}.")


class AuditFilterForm(Form):
    """The audit log's filters. A mistyped value is left out of the search (and said next to its field);
    a date range that ends before it starts is refused (`range_refused`): no search answers it."""

    class Meta:
        csrf = False

    action = SelectField(
        "What happened",
        choices=choices([("", "Anything"), *action_choices()]),
        validators=[Optional()],
    )
    actor = StringField("Actor email starts with", [Optional(), Length(max=254)])
    # Any type may be asked for (one the log does not hold matches nothing).
    entity_type = SelectField(
        "Record type",
        [Optional(), Length(max=64)],
        choices=choices([("", "Any type"), *record_type_choices()]),
        validate_choice=False,
    )
    entity_id = IntegerField("Record id", [Optional(), NumberRange(min=1, max=MAX_ID)])
    since = DateField("From", [Optional(), audit_date])
    until = DateField("To", [Optional(), audit_date])

    range_refused = False

    def validate_since(self, field):
        since, until = field.data, self.until.data
        if since and until and EARLIEST <= until < since <= LATEST:
            self.range_refused = True
            raise ValidationError("The From date is after the To date.")


class ClassificationForm(Form):
    name = StringField(
        "New classification", [DataRequired(), Length(max=120)], description="For example: Teledata technician"
    )
    submit = SubmitField("Add classification")
