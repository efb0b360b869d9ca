"""Training forms: shape only (the rules are the services')."""

from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField, SubmitField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from hallweb.training.grading import ASSESSMENT_TYPES
from hallweb.training.models import ASSESSMENT_TYPE_LABELS
from hallweb.web.forms import Form, choices


class AssessmentForm(Form):
    name = StringField("Name", [DataRequired(), Length(max=120)])
    assessment_type = SelectField("Type", choices=choices([(t, ASSESSMENT_TYPE_LABELS[t]) for t in ASSESSMENT_TYPES]))
    points_possible = DecimalField("Points possible", [InputRequired(), NumberRange(min=0.01, max=10000)], places=2)
    due_on = DateField("Due", [Optional()])
    submit = SubmitField("Add assessment")


class SessionsForm(Form):
    """One session, or a weekly series of them."""

    course_id = SelectField("Course", coerce=int, validate_choice=False)
    cohort_id = SelectField("Cohort", coerce=int, validate_choice=False)
    instructor_id = SelectField("Instructor", coerce=int, validate_choice=False)
    first_date = DateField("Date (the first, for a series)", [InputRequired()])
    starts_at = TimeField("Starts", [InputRequired()])
    ends_at = TimeField("Ends", [InputRequired()])
    location = StringField("Location", [Optional(), Length(max=200)])
    weeks = IntegerField(
        "Weeks", [InputRequired(), NumberRange(min=1, max=52)], default=1, description="1 for a single session"
    )
    submit = SubmitField("Schedule")
