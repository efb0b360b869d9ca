"""Organizing forms: shape only (the services hold the rules; cards ≤ contacted is also said here, at once)."""

from datetime import date

from wtforms import DateField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from hallweb.organizing.models import OUTCOME_LABELS, TYPE_LABELS
from hallweb.organizing.queries import ActivityFilters
from hallweb.organizing.rules import EARLIEST, MAX_COUNT
from hallweb.web.forms import Form, VersionField, choices, int_or_none

TYPE_PAIRS = [(k.value, label) for k, label in TYPE_LABELS.items()]
OUTCOME_PAIRS = [(k.value, label) for k, label in OUTCOME_LABELS.items()]
LATEST = date(9998, 12, 31)


def sensible_date(form, field):
    if field.data and not (EARLIEST <= field.data <= LATEST):
        raise ValidationError(f"Enter a date after {EARLIEST:%Y}.")


class ActivityForm(Form):
    organizer_id = SelectField("Organizer", coerce=int_or_none, validate_choice=False)
    employer_id = SelectField("Target employer", coerce=int_or_none, validate_choice=False)
    activity_date = DateField("Date", [InputRequired(message="Enter the date of the activity."), sensible_date])
    activity_type = SelectField("Type", choices=choices(TYPE_PAIRS))
    outcome = SelectField("Outcome", choices=choices(OUTCOME_PAIRS))
    location = StringField("Location", [Optional(), Length(max=200)], description="Where it happened")
    workers_contacted = IntegerField(
        "Workers contacted", [InputRequired(), NumberRange(min=0, max=MAX_COUNT)], default=0, render_kw={"min": 0}
    )
    cards_signed = IntegerField(
        "Authorization cards signed",
        [InputRequired(), NumberRange(min=0, max=MAX_COUNT)],
        default=0,
        render_kw={"min": 0},
        description="No more than the workers contacted",
    )
    description = TextAreaField("What was done", [DataRequired(), Length(max=5000)])
    notes = TextAreaField("Notes", [Optional(), Length(max=5000)])
    submit = SubmitField("Save activity")

    def validate_cards_signed(self, field):
        contacted = self.workers_contacted.data
        if isinstance(field.data, int) and isinstance(contacted, int) and field.data > contacted:
            raise ValidationError(
                f"Cards signed ({field.data}) cannot be more than the workers contacted ({contacted})."
            )

    def with_choices(self, employers, organizers=None) -> "ActivityForm":
        """The pick lists; without organizers (an organizer logs as themself) the field is left out."""
        self.employer_id.choices = choices([("", "Choose an employer…"), *employers])
        if organizers is None:
            del self.organizer_id
        else:
            self.organizer_id.choices = choices([("", "Choose an organizer…"), *organizers])
        return self


class EditActivityForm(ActivityForm):
    version = VersionField()


class ActivityFilterForm(Form):
    """The list's filters. A mistyped date is left out of the search and said next to its field."""

    class Meta:
        csrf = False

    employer_id = SelectField("Employer", coerce=int_or_none, validate_choice=False)
    organizer_id = SelectField("Organizer", coerce=int_or_none, validate_choice=False)
    activity_type = SelectField("Type", choices=choices([("", "Any type"), *TYPE_PAIRS]), validate_choice=False)
    outcome = SelectField("Outcome", choices=choices([("", "Any outcome"), *OUTCOME_PAIRS]), validate_choice=False)
    since = DateField("From", [Optional(), sensible_date])
    until = DateField("To", [Optional(), sensible_date])

    def with_choices(self, employers, organizers) -> "ActivityFilterForm":
        self.employer_id.choices = choices([("", "Any employer"), *employers])
        self.organizer_id.choices = choices([("", "Any organizer"), *organizers])
        return self

    def filters(self) -> ActivityFilters:
        self.validate()
        return ActivityFilters(
            employer_id=self.employer_id.data,
            organizer_id=self.organizer_id.data,
            activity_type=self.activity_type.data if self.activity_type.data in dict(TYPE_PAIRS) else "",
            outcome=self.outcome.data if self.outcome.data in dict(OUTCOME_PAIRS) else "",
            since=self.since.data if not self.since.errors else None,
            until=self.until.data if not self.until.errors else None,
        )


class SaltApplicationForm(Form):
    salt_card_number = StringField(
        "Salt's card number",
        [DataRequired(), Length(max=40)],
        description="The member who applied, by union card number",
    )
    applied_on = DateField("Date applied", [InputRequired(message="Enter the date of the application."), sensible_date])
    posting = TextAreaField(
        "The posting",
        [DataRequired(), Length(max=5000)],
        description="The job applied for, where it was advertised, its reference",
    )
    availability = TextAreaField(
        "Availability", [DataRequired(), Length(max=2000)], description="When the salt could start and work"
    )
    submit = SubmitField("Record the application")


class CorrectionForm(SaltApplicationForm):
    reason = TextAreaField("What was wrong", [DataRequired(), Length(max=2000)], description="Kept with the correction")
    submit = SubmitField("Record the correction")


class FollowUpForm(Form):
    followed_up_on = DateField("Date", [InputRequired(message="Enter the date of the follow-up."), sensible_date])
    note = TextAreaField(
        "What was done", [DataRequired(), Length(max=5000)], description="A call, a visit, the employer's answer"
    )
    submit = SubmitField("Record the follow-up")
