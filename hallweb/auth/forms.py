"""Sign-up, sign-in and password forms: shape only; the rules live in auth.services."""

from zoneinfo import available_timezones

from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length

from hallweb.auth.passwords import MIN_LENGTH
from hallweb.web.forms import REQUIRED_EMAIL, Form, MaxBytes

NEW_PASSWORD_HELP = f"At least {MIN_LENGTH} characters. A few unrelated words make a strong one."


def new_password_fields():
    password = PasswordField(
        "New password",
        [DataRequired(), Length(min=MIN_LENGTH), MaxBytes()],
        description=NEW_PASSWORD_HELP,
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Repeat the new password",
        [DataRequired(), EqualTo("password", message="The two passwords differ.")],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


class RegisterForm(Form):
    first_name = StringField("First name", [DataRequired(), Length(max=100)], render_kw={"autocomplete": "given-name"})
    last_name = StringField("Last name", [DataRequired(), Length(max=100)], render_kw={"autocomplete": "family-name"})
    email = EmailField("Email", REQUIRED_EMAIL, render_kw={"autocomplete": "email"})
    password, confirm = new_password_fields()
    submit = SubmitField("Create account")


class LoginForm(Form):
    email = EmailField("Email", REQUIRED_EMAIL, render_kw={"autocomplete": "username"})
    password = PasswordField("Password", [DataRequired(), MaxBytes()], render_kw={"autocomplete": "current-password"})
    remember = BooleanField("Keep me signed in", description="Not on a shared or public computer.")
    next = HiddenField()
    submit = SubmitField("Sign in")


class EmailForm(Form):
    email = EmailField("Email", REQUIRED_EMAIL, render_kw={"autocomplete": "email"})
    submit = SubmitField("Send")


class SetPasswordForm(Form):
    password, confirm = new_password_fields()
    submit = SubmitField("Set password")


class ChangePasswordForm(Form):
    current_password = PasswordField(
        "Current password", [DataRequired(), MaxBytes()], render_kw={"autocomplete": "current-password"}
    )
    password, confirm = new_password_fields()
    submit = SubmitField("Change password")


US_ZONES = {  # offered first, by the names people use
    "America/New_York": "Eastern (New York)",
    "America/Chicago": "Central (Chicago)",
    "America/Denver": "Mountain (Denver)",
    "America/Phoenix": "Mountain, no daylight saving (Phoenix)",
    "America/Los_Angeles": "Pacific (Los Angeles)",
    "America/Anchorage": "Alaska (Anchorage)",
    "Pacific/Honolulu": "Hawaii (Honolulu)",
    "America/Puerto_Rico": "Atlantic (Puerto Rico)",
}
TIMEZONE_CHOICES = [SelectChoice(zone, label, optgroup="United States") for zone, label in US_ZONES.items()] + [
    SelectChoice(zone, zone.replace("_", " "), optgroup="Every time zone")
    for zone in sorted(available_timezones() - US_ZONES.keys())
]


class ProfileForm(Form):
    first_name = StringField("First name", [DataRequired(), Length(max=100)], render_kw={"autocomplete": "given-name"})
    last_name = StringField("Last name", [DataRequired(), Length(max=100)], render_kw={"autocomplete": "family-name"})
    timezone = SelectField("Time zone", choices=TIMEZONE_CHOICES, description="Dates and times are shown in this zone.")
    submit = SubmitField("Save")
