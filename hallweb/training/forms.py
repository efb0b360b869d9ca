"""Training forms: shape only (the rules are the services')."""

from wtforms import (
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from hallweb.db.archiving import ARCHIVED_CHOICES
from hallweb.training.grading import ASSESSMENT_TYPES
from hallweb.training.models import ASSESSMENT_TYPE_LABELS, COURSE_TYPE_LABELS, STATUS_LABELS, StudentStatus
from hallweb.training.queries import courses as course_list
from hallweb.training.queries import sessions as session_list
from hallweb.training.queries.courses import CourseFilters
from hallweb.training.queries.sessions import SessionFilters
from hallweb.training.queries.students import SORTS, StudentFilters
from hallweb.web.forms import Form, choices, int_or_none


class AssessmentForm(Form):
    name = StringField("Name", [DataRequired(), Length(max=120)])
    assessment_type = SelectField("Type", choices=choices([(t, ASSESSMENT_TYPE_LABELS[t]) for t in ASSESSMENT_TYPES]))
    points_possible = DecimalField("Points possible", [InputRequired(), NumberRange(min=0.01, max=10000)], places=2)
    due_on = DateField("Due", [Optional()])
    submit = SubmitField("Add assessment")


class SessionsForm(Form):
    """One session, or a weekly series of them."""

    course_id = SelectField("Course", coerce=int_or_none, validate_choice=False)
    cohort_id = SelectField("Cohort", coerce=int_or_none, validate_choice=False)
    instructor_id = SelectField("Instructor", coerce=int_or_none, validate_choice=False)
    first_date = DateField("Date (the first, for a series)", [InputRequired()])
    starts_at = TimeField("Starts", [InputRequired()])
    ends_at = TimeField("Ends", [InputRequired()])
    location = StringField("Location", [Optional(), Length(max=200)])
    weeks = IntegerField(
        "Weeks", [InputRequired(), NumberRange(min=1, max=52)], default=1, description="1 for a single session"
    )
    submit = SubmitField("Schedule")


STATUS_PAIRS = [(s.value, STATUS_LABELS[s.value]) for s in StudentStatus]


class StudentFilterForm(Form):
    class Meta:
        csrf = False

    q = StringField("Search", [Optional(), Length(max=100)], description="Start of a name or the student number")
    cohort = SelectField("Cohort", validate_choice=False)
    status = SelectField("Status", choices=choices([("", "Any status"), *STATUS_PAIRS]), validate_choice=False)
    archived = SelectField("Archived", choices=choices(ARCHIVED_CHOICES.items()), validate_choice=False)
    sort = HiddenField()

    def filters(self) -> StudentFilters:
        cohort = int_or_none(self.cohort.data)
        return StudentFilters(
            q=(self.q.data or "").strip()[:100],
            cohort=cohort,
            status=self.status.data if self.status.data in dict(STATUS_PAIRS) else "",
            archived=self.archived.data if self.archived.data in ARCHIVED_CHOICES else "",
            sort=self.sort.data if self.sort.data in SORTS else "name",
        )


class NewStudentForm(Form):
    card_number = StringField("Member's card number", [DataRequired(), Length(max=40)])
    cohort_id = SelectField("Cohort", coerce=int_or_none, validate_choice=False)
    status = SelectField("Status", choices=choices(STATUS_PAIRS), default="enrolled")
    submit = SubmitField("Add student")


class EnrollForm(Form):
    course_id = SelectField("Course", coerce=int_or_none, validate_choice=False)
    cohort_id = SelectField("Cohort", coerce=int_or_none, validate_choice=False)
    enrolled_on = DateField("Enrolled on", [InputRequired()])
    submit = SubmitField("Enrol")


class VerifyForm(Form):
    code = StringField(
        "Verification code", [DataRequired(), Length(max=40)], description="As printed on the transcript"
    )
    submit = SubmitField("Check")


def _date_or_none(value):
    from datetime import date

    try:
        parsed = date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
    return parsed if parsed and 1900 <= parsed.year <= 2200 else None


class SessionFilterForm(Form):
    class Meta:
        csrf = False

    course = SelectField("Course", validate_choice=False)
    cohort = SelectField("Cohort", validate_choice=False)
    instructor = SelectField("Instructor", validate_choice=False)
    since = StringField("From", [Optional()], render_kw={"type": "date"})
    until = StringField("To", [Optional()], render_kw={"type": "date"})
    sort = HiddenField()

    def filters(self) -> SessionFilters:
        return SessionFilters(
            course=int_or_none(self.course.data),
            cohort=int_or_none(self.cohort.data),
            instructor=int_or_none(self.instructor.data),
            since=_date_or_none(self.since.data),
            until=_date_or_none(self.until.data),
            sort=self.sort.data if self.sort.data in session_list.SORTS else session_list.DEFAULT_SORT,
        )


class CohortForm(Form):
    name = StringField("Name", [DataRequired(), Length(max=40)], description="Like 2026-Spring")
    start_date = DateField("Starts", [InputRequired()])
    end_date = DateField("Ends", [InputRequired()])
    submit = SubmitField("Add cohort")


class CourseForm(Form):
    code = StringField("Code", [DataRequired(), Length(max=20)], description="Like ELEC-101")
    title = StringField("Title", [DataRequired(), Length(max=200)])
    course_type = SelectField("Type", choices=choices([(k, v) for k, v in COURSE_TYPE_LABELS.items()]))
    hours = DecimalField("Hours", [InputRequired(), NumberRange(min=0.01, max=9999)], places=2)
    credits = IntegerField("Credits", [InputRequired(), NumberRange(min=0, max=100)], default=0)
    pass_mark = DecimalField("Pass mark (%)", [InputRequired(), NumberRange(min=0, max=100)], default=70, places=2)
    submit = SubmitField("Add course")


class EnrollCohortForm(Form):
    cohort_id = SelectField("Cohort", coerce=int_or_none, validate_choice=False)
    enrolled_on = DateField("Enrolled on", [InputRequired()])
    submit = SubmitField("Enrol the whole cohort")


class WeightsForm(Form):
    """A course's weight of each assessment type, in percent; they total 100."""

    version = HiddenField()
    submit = SubmitField("Save weights")


for _kind in ASSESSMENT_TYPES:
    setattr(
        WeightsForm,
        _kind,
        DecimalField(ASSESSMENT_TYPE_LABELS[_kind] + " (%)", [Optional(), NumberRange(min=0, max=100)], places=2),
    )


class CourseFilterForm(Form):
    class Meta:
        csrf = False

    q = StringField("Search", [Optional(), Length(max=20)], description="Start of the code")
    course_type = SelectField(
        "Type", choices=choices([("", "Any type"), *COURSE_TYPE_LABELS.items()]), validate_choice=False
    )
    archived = SelectField("Archived", choices=choices(ARCHIVED_CHOICES.items()), validate_choice=False)
    sort = HiddenField()

    def filters(self) -> CourseFilters:
        return CourseFilters(
            q=(self.q.data or "").strip()[:20],
            course_type=self.course_type.data if self.course_type.data in COURSE_TYPE_LABELS else "",
            archived=self.archived.data if self.archived.data in ARCHIVED_CHOICES else "",
            sort=self.sort.data if self.sort.data in course_list.SORTS else course_list.DEFAULT_SORT,
        )


class EditCourseForm(CourseForm):
    version = HiddenField()
    submit = SubmitField("Save course")


class StudentForm(Form):
    status = SelectField("Status", choices=choices(STATUS_PAIRS))
    cohort_id = SelectField("Cohort", coerce=int_or_none, validate_choice=False)
    version = HiddenField()
    submit = SubmitField("Save student")


class EditCohortForm(CohortForm):
    version = HiddenField()
    submit = SubmitField("Save cohort")


class SessionForm(Form):
    """One session's corrections; its course and cohort stay."""

    held_on = DateField("Date", [InputRequired()])
    starts_at = TimeField("Starts", [InputRequired()])
    ends_at = TimeField("Ends", [InputRequired()])
    instructor_id = SelectField("Instructor", coerce=int_or_none, validate_choice=False)
    location = StringField("Location", [Optional(), Length(max=200)])
    version = HiddenField()
    submit = SubmitField("Save session")


class EditAssessmentForm(AssessmentForm):
    version = HiddenField()
    submit = SubmitField("Save assessment")
