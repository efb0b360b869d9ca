"""Grievance forms: shape only (the rules are the services')."""

from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from hallweb.grievances.models import OUTCOME_LABELS
from hallweb.grievances.queries import DUE_FILTERS, SORTS, STATUS_FILTERS, GrievanceFilters
from hallweb.grievances.transitions import Action
from hallweb.web.forms import Form, VersionField, choices, int_or_none

STEP_PAIRS = [(1, "Step 1"), (2, "Step 2"), (3, "Step 3 (e.g. a discharge)")]
OUTCOME_PAIRS = [("", "Choose the outcome…"), *((k.value, v) for k, v in OUTCOME_LABELS.items())]


class FileGrievanceForm(Form):
    is_policy = BooleanField("Policy grievance: the union is the grievant")
    card_number = StringField(
        "Grievant's card number", [Optional(), Length(max=40)], description="Leave empty for a policy grievance."
    )
    employer_id = SelectField("Employer", coerce=int_or_none, validate_choice=False)
    incident_date = DateField("Date of the incident", [DataRequired(message="Give the date of the incident.")])
    filed_date = DateField("Filed on", [DataRequired(message="Give the filing date.")])
    step = SelectField("Enters at", choices=choices(STEP_PAIRS), coerce=int_or_none, validate_choice=False)
    article = StringField(
        "Contract article", [DataRequired(), Length(max=120)], description="e.g. Article 4.2 Overtime"
    )
    violation = TextAreaField("What was violated", [DataRequired(), Length(max=10000)])
    remedy = TextAreaField("Remedy sought", [DataRequired(), Length(max=10000)])
    representative_id = SelectField("Representative", coerce=int_or_none, validate_choice=False)
    late_reason = TextAreaField(
        "Why it is filed late",
        [Optional(), Length(max=5000)],
        description="Needed only when the filing deadline has passed.",
    )
    submit = SubmitField("File the grievance")


class EditGrievanceForm(Form):
    article = StringField("Contract article", [DataRequired(), Length(max=120)])
    violation = TextAreaField("What was violated", [DataRequired(), Length(max=10000)])
    remedy = TextAreaField("Remedy sought", [DataRequired(), Length(max=10000)])
    representative_id = SelectField("Representative", coerce=int_or_none, validate_choice=False)
    version = VersionField()
    submit = SubmitField("Save")


class ActionForm(Form):
    """Every move carries the version of the grievance the user saw."""

    version = VersionField()


class InvestigateForm(ActionForm):
    occurred_on = DateField("Started on", [DataRequired(message="Give the date.")])
    notes = TextAreaField("Notes", [Optional(), Length(max=10000)])
    submit = SubmitField("Start the investigation")


class MeetingForm(ActionForm):
    occurred_on = DateField("Meeting date", [DataRequired(message="Give the date.")])
    employer_attendees = TextAreaField("For the employer", [Optional(), Length(max=2000)])
    union_attendees = TextAreaField("For the union", [Optional(), Length(max=2000)])
    outcome = SelectField("Outcome", choices=choices(OUTCOME_PAIRS), validate_choice=False)
    notes = TextAreaField("Notes", [Optional(), Length(max=10000)])
    submit = SubmitField("Record the meeting")


class AnswerForm(ActionForm):
    occurred_on = DateField("Answer received on", [DataRequired(message="Give the date.")])
    notes = TextAreaField("What the employer answered", [DataRequired(), Length(max=10000)])
    submit = SubmitField("Record the answer")


class AppealForm(ActionForm):
    occurred_on = DateField("Appealed on", [DataRequired(message="Give the date.")])
    notes = TextAreaField("Notes", [Optional(), Length(max=10000)])
    submit = SubmitField("Appeal")


class ArbitrationForm(ActionForm):
    occurred_on = DateField("Demanded on", [DataRequired(message="Give the date.")])
    notes = TextAreaField("Notes", [Optional(), Length(max=10000)])
    submit = SubmitField("Demand arbitration")


class ExtensionForm(ActionForm):
    new_deadline = DateField("New deadline", [DataRequired(message="Give the new deadline.")])
    agreed_by = StringField("Agreed for the employer by", [DataRequired(), Length(max=200)])
    notes = TextAreaField("Why", [DataRequired(), Length(max=5000)])
    submit = SubmitField("Grant the extension")


class SettleForm(ActionForm):
    occurred_on = DateField("Settled on", [DataRequired(message="Give the date.")])
    amount = StringField("Amount (optional)", [Optional(), Length(max=20)], description="In dollars, e.g. 1,250.00")
    resolution = TextAreaField("Terms of the settlement", [DataRequired(), Length(max=10000)])
    submit = SubmitField("Settle")


class WithdrawForm(ActionForm):
    occurred_on = DateField("Withdrawn on", [DataRequired(message="Give the date.")])
    resolution = TextAreaField("Why it is withdrawn", [DataRequired(), Length(max=10000)])
    submit = SubmitField("Withdraw")


class CloseForm(ActionForm):
    occurred_on = DateField("Closed on", [DataRequired(message="Give the date.")])
    resolution = TextAreaField("Resolution", [Optional(), Length(max=10000)], description="Kept if already settled.")
    submit = SubmitField("Close")


ACTION_FORMS = {
    Action.INVESTIGATE: InvestigateForm,
    Action.MEETING: MeetingForm,
    Action.ANSWER: AnswerForm,
    Action.APPEAL: AppealForm,
    Action.ARBITRATION: ArbitrationForm,
    Action.EXTENSION: ExtensionForm,
    Action.SETTLE: SettleForm,
    Action.WITHDRAW: WithdrawForm,
    Action.CLOSE: CloseForm,
}


class GrievanceFilterForm(Form):
    class Meta:
        csrf = False

    q = StringField("Search", [Optional(), Length(max=100)], description="Number, grievant, employer or article")
    status = SelectField("Status", choices=choices(STATUS_FILTERS.items()), validate_choice=False)
    step = SelectField("Step", validate_choice=False)
    employer = SelectField("Employer", validate_choice=False)
    representative = SelectField("Representative", validate_choice=False)
    due = SelectField("Deadline", choices=choices(DUE_FILTERS.items()), validate_choice=False)
    sort = HiddenField()

    def filters(self) -> GrievanceFilters:
        step = int_or_none(self.step.data)
        return GrievanceFilters(
            q=(self.q.data or "").strip()[:100],
            status=self.status.data if self.status.data in STATUS_FILTERS else "",
            step=step if step in (1, 2, 3, 4) else None,
            employer=int_or_none(self.employer.data),
            representative=int_or_none(self.representative.data),
            due=self.due.data if self.due.data in DUE_FILTERS else "",
            sort=self.sort.data if self.sort.data in SORTS else "deadline",
        )


class HolidayForm(Form):
    day = DateField("Date", [DataRequired(message="Give the date.")])
    name = StringField("Name", [DataRequired(), Length(max=120)])
    submit = SubmitField("Add the holiday")


class FederalHolidaysForm(Form):
    year = SelectField("Year", coerce=int_or_none, validate_choice=False)
    submit = SubmitField("Add the federal holidays")
