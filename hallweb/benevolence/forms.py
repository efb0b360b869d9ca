"""Benevolence forms: shape only (the services hold the rules)."""

from datetime import date

from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from hallweb.benevolence import rules
from hallweb.benevolence.models import (
    DECISION_LABELS,
    LEVEL_LABELS,
    PAYMENT_METHOD_LABELS,
    REASON_LABELS,
    STATUS_LABELS,
)
from hallweb.benevolence.queries import ApplicationFilters
from hallweb.web.forms import Form, VersionField, choices

REASON_PAIRS = [(k.value, label) for k, label in REASON_LABELS.items()]
STATUS_PAIRS = [(k.value, label) for k, label in STATUS_LABELS.items()]
LEVEL_PAIRS = [(k.value, label) for k, label in LEVEL_LABELS.items()]
DECISION_PAIRS = [(k.value, label) for k, label in DECISION_LABELS.items()]
METHOD_PAIRS = [(k.value, label) for k, label in PAYMENT_METHOD_LABELS.items()]
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


class MoneyField(StringField):
    """An amount in dollars and cents, typed as people write it ("1800", "$1,800.50"); data is a Decimal."""

    def process_formdata(self, valuelist):
        typed = (valuelist[0] if valuelist else "") or ""
        self.data = rules.parse_amount(typed) if typed.strip() else None
        if typed.strip() and self.data is None:
            raise ValueError("Enter an amount in dollars and cents, like 1,800.00.")

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return f"{self.data:,.2f}" if self.data is not None else ""


def sensible_date(form, field):
    if field.data and not EARLIEST <= field.data <= LATEST:
        raise ValidationError(f"Enter a date between {EARLIEST:%Y} and {LATEST:%Y}.")


class ApplicationForm(Form):
    reason = SelectField("Reason", choices=choices(REASON_PAIRS))
    description = TextAreaField(
        "What the help is for", [DataRequired(), Length(max=5000)], description="What happened, and what it costs."
    )
    amount_requested = MoneyField(
        "Amount requested",
        [InputRequired()],
        description="In dollars and cents, e.g. 1,800.00",
        render_kw={"inputmode": "decimal"},
    )
    submit = SubmitField("Save the draft")


class EditApplicationForm(ApplicationForm):
    version = VersionField()
    submit = SubmitField("Save changes")


class StaffApplicationForm(ApplicationForm):
    card_number = StringField("Member's card number", [DataRequired(), Length(max=40)])

    field_order = ("card_number", "reason", "description", "amount_requested")

    def __iter__(self):
        fields = {f.name: f for f in super().__iter__()}
        first = [fields.pop(name) for name in self.field_order]
        return iter([*first, *fields.values()])


class SubmitForm(Form):
    version = VersionField()
    submit = SubmitField("Submit for review")


class DecisionForm(Form):
    level = HiddenField()
    decision = RadioField("Decision", choices=choices(DECISION_PAIRS), validators=[InputRequired()])
    approved_amount = MoneyField(
        "Amount approved",
        [Optional()],
        description="When approving: leave empty for the amount requested (or what the level before approved).",
        render_kw={"inputmode": "decimal"},
    )
    comment = TextAreaField("Comment", [DataRequired(), Length(max=5000)], description="The applicant reads it.")
    version = VersionField()
    submit = SubmitField("Record the decision")


class OverrideForm(Form):
    reason = TextAreaField(
        "Why the caps do not apply", [DataRequired(), Length(max=2000)], description="Shown on the application."
    )
    version = VersionField()
    submit = SubmitField("Override the caps")


class PaymentForm(Form):
    paid_on = DateField("Paid on", [DataRequired(), sensible_date], default=date.today)
    method = RadioField("Paid by", choices=choices(METHOD_PAIRS), validators=[InputRequired()])
    reference = StringField(
        "Reference", [Optional(), Length(max=100)], description="Check number, transfer reference or creditor."
    )
    version = VersionField()
    submit = SubmitField("Record the payment")


class ReviewerForm(Form):
    user_id = SelectField("Officer", coerce=int, validate_choice=False)
    level = SelectField("Level", choices=choices(LEVEL_PAIRS))
    submit = SubmitField("Assign the level")

    def validate_user_id(self, field):
        if not field.data:
            raise ValidationError("Choose an officer.")


class ApplicationFilterForm(Form):
    """The list's filters; a mistyped value is left out of the search and said next to its field."""

    class Meta:
        csrf = False

    status = SelectField("Status", choices=choices([("", "Any status"), *STATUS_PAIRS]), validate_choice=False)
    reason = SelectField("Reason", choices=choices([("", "Any reason"), *REASON_PAIRS]), validate_choice=False)
    level = SelectField("Level awaited", choices=choices([("", "Any level"), *LEVEL_PAIRS]), validate_choice=False)
    since = DateField("Applied from", [Optional(), sensible_date])
    until = DateField("Applied until", [Optional(), sensible_date])
    least = MoneyField("Amount from", [Optional()], render_kw={"inputmode": "decimal"})
    most = MoneyField("Amount up to", [Optional()], render_kw={"inputmode": "decimal"})

    def filters(self) -> ApplicationFilters:
        self.validate()
        ok = lambda f: f.data if not f.errors else None  # noqa: E731
        return ApplicationFilters(
            status=self.status.data if self.status.data in dict(STATUS_PAIRS) else "",
            reason=self.reason.data if self.reason.data in dict(REASON_PAIRS) else "",
            level=self.level.data if self.level.data in dict(LEVEL_PAIRS) else "",
            since=ok(self.since),
            until=ok(self.until),
            least=ok(self.least),
            most=ok(self.most),
        )


class SummaryForm(Form):
    class Meta:
        csrf = False

    year = IntegerField("Year", [Optional()], render_kw={"inputmode": "numeric"})

    def chosen_year(self) -> int:
        self.validate()
        year = self.year.data if not self.year.errors else None
        chosen = year if isinstance(year, int) and 1900 <= year <= 2999 else date.today().year
        self.year.data, self.year.raw_data = chosen, [str(chosen)]  # the form shows the year shown
        return chosen
