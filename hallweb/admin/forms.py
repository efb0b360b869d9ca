"""Admin forms: shape only."""

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
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from hallweb.admin.queries import USER_STATUSES
from hallweb.auth.forms import new_password_fields
from hallweb.auth.models import RoleName
from hallweb.web.forms import MAX_ID, REQUIRED_EMAIL, Form

# SelectChoice, not (value, label) tuples: WTForms 3.3 deprecates tuples in a field's constructor.
ROLE_CHOICES = [SelectChoice(r.value, r.value.capitalize()) for r in RoleName]


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
    role = SelectField("Role", choices=ROLE_CHOICES)
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


class AuditFilterForm(Form):
    class Meta:
        csrf = False

    action = StringField("Action starts with", [Optional(), Length(max=64)])
    actor = StringField("Actor email starts with", [Optional(), Length(max=254)])
    # Any type may be asked for (one the log does not hold matches nothing): its choices are read for the page only.
    entity_type = SelectField("Record type", [Optional(), Length(max=64)], validate_choice=False)
    entity_id = IntegerField("Record id", [Optional(), NumberRange(min=1, max=MAX_ID)])
    since = DateField("From", [Optional()])
    until = DateField("To", [Optional()])


class ClassificationForm(Form):
    name = StringField(
        "New classification", [DataRequired(), Length(max=120)], description="For example: Teledata technician"
    )
    submit = SubmitField("Add classification")
