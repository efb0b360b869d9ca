"""The base form and shared validators."""

import re
from dataclasses import dataclass
from datetime import date, time

from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import BooleanField, IntegerField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, StopValidation, ValidationError
from wtforms.widgets import HiddenInput

from hallweb.auth.passwords import MAX_BYTES
from hallweb.db.versioning import StaleEdit
from hallweb.extensions import db


class LengthFirst(Length):
    """Length that ends the field's validation when it fails: the validators after it (email syntax) never
    see over-long input, whose parsing would hold a worker."""

    def __call__(self, form, field):
        try:
            super().__call__(form, field)
        except ValidationError as err:
            raise StopValidation(str(err)) from err


EMAIL_SHAPE = [LengthFirst(max=254), Email(message="Enter an email address like name@example.org.")]
REQUIRED_EMAIL = [DataRequired(), *EMAIL_SHAPE]
OPTIONAL_EMAIL = [Optional(), *EMAIL_SHAPE]


def drop_nul(value):
    """NUL characters never belong in text, and PostgreSQL refuses them (a 500, were they let through)."""
    return value.replace("\x00", "") if isinstance(value, str) else value


class Form(FlaskForm):
    duplicate = None  # a record like the one being saved, set by PossibleDuplicate: shown with "Save anyway"

    class Meta:
        def bind_field(self, form, unbound_field, options):
            """Every field of every form drops NUL characters from what was typed."""
            filters = [*unbound_field.kwargs.get("filters", ()), drop_nul]
            return unbound_field.bind(form=form, **{**options, "filters": filters})

    def payload(self) -> dict:
        """The submitted values, without the CSRF token and buttons: what services take."""
        skip = {"csrf_token", "submit"}
        return {name: field.data for name, field in self._fields.items() if name not in skip}


class VersionField(IntegerField):
    """The version of the record the form was filled from, sent back hidden: the service refuses a stale edit."""

    widget = HiddenInput()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators or [DataRequired()], **kwargs)


class NoMarkup:
    """The widget of a field the form never draws: a button in the template sets it when the user asks."""

    field_flags = {"hidden": True}

    def __call__(self, field, **kwargs):
        return Markup("")


class ConfirmField(BooleanField):
    """A yes given by pressing a button the template draws only when it is asked for, e.g. "Save anyway"
    (name=confirm_duplicate value=1). The form draws nothing for it, so it is never sent by accident."""

    widget = NoMarkup()


class MaxBytes:
    """Refuse input longer than n bytes of UTF-8 (bcrypt reads only 72): a form error, never truncation."""

    def __init__(self, n: int = MAX_BYTES):
        self.n = n

    def __call__(self, form, field):
        if field.data and len(field.data.encode("utf-8")) > self.n:
            raise ValidationError(
                f"Passwords can be at most {self.n} bytes long (about {self.n} letters; fewer with accents or symbols)."
            )


class Phone:
    """A phone number as people write it: digits with spaces, dashes, dots, brackets, a leading + or an x."""

    pattern = re.compile(r"^\+?[0-9 ().\-]{7,30}(\s*(x|ext\.?)\s*[0-9]{1,6})?$", re.IGNORECASE)

    def __call__(self, form, field):
        value = (field.data or "").strip()
        if value and (not self.pattern.match(value) or sum(c.isdigit() for c in value) < 7):
            raise ValidationError("Enter a phone number like 555-867-5309 or +1 (555) 867-5309.")


MAX_ID = 2**31 - 1  # ids are 32-bit integers: a larger number would fail in the database, not match
MAX_PAGE = 100_000


def int_or_none(value):
    """Coerce for id filters read from a URL: a bad value means 'no filter', never an error page."""
    try:
        number = int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
    return number if number is not None and 1 <= number <= MAX_ID else None


def page_number(value) -> int:
    """A page number from a URL: anything that is not a sensible page is the first page."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= MAX_PAGE else 1


def choices(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs (WTForms 3.3 deprecates plain tuples)."""
    return [SelectChoice(value, label) for value, label in pairs]


def offer_stored_version(form, record, err=None) -> None:
    """After a refused edit: drop the half-done change and let the form carry the stored version, so saving
    again (after reading the message) is a deliberate choice. The user's input stays in the form, except
    after a stale edit (`err`) in the fields someone else changed that this user left untouched: those take
    the stored value, so saving again re-applies only what this user changed and never undoes the other
    change. Each field someone else changed gets `conflict`, for field() to show theirs and yours."""
    db.session.rollback()
    db.session.refresh(record)
    form.version.data = record.version
    form.version.raw_data = [str(record.version)]
    if not isinstance(err, StaleEdit):
        return
    for name in err.fields:
        field = form._fields.get(name)
        if field is None or field is form.version:
            continue
        stored = getattr(record, name)
        taken = name in err.untouched
        field.conflict = FieldConflict(
            theirs=shown_value(field, stored), yours=shown_value(field, field.data), taken=taken
        )
        if taken:
            field.process(None, stored)
            field.raw_data = []


@dataclass(frozen=True)
class FieldConflict:
    """A field someone else changed while this user edited: the value stored now (theirs), the one this user
    sent (yours), and whether the form took theirs (this user had left the field as it was)."""

    theirs: str
    yours: str
    taken: bool


def shown_value(field, value) -> str:
    """A value as the user reads it: a pick list's label, a date as ISO text, "(empty)" for nothing."""
    if value is None or value == "":
        return "(empty)"
    for choice in getattr(field, "choices", None) or ():
        choice_value, label = (choice.value, choice.label) if isinstance(choice, SelectChoice) else choice[:2]
        if str(choice_value) == str(value):
            return str(label)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def submitted_version(form) -> int | None:
    """The version the browser sent back, or None when it sent none: a form made with obj=record would
    otherwise hand the stored version to the service, and a stale edit would pass its check."""
    return form.version.data if form.version.raw_data else None
