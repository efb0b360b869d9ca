"""The base form and shared validators."""

from flask_wtf import FlaskForm
from wtforms.validators import ValidationError

from hallweb.auth.passwords import MAX_BYTES


class Form(FlaskForm):
    def payload(self) -> dict:
        """The submitted values, without the CSRF token and buttons: what services take."""
        skip = {"csrf_token", "submit"}
        return {name: field.data for name, field in self._fields.items() if name not in skip}


class MaxBytes:
    """Refuse input longer than n bytes of UTF-8 (bcrypt reads only 72): a form error, never truncation."""

    def __init__(self, n: int = MAX_BYTES):
        self.n = n

    def __call__(self, form, field):
        if field.data and len(field.data.encode("utf-8")) > self.n:
            raise ValidationError(
                f"Passwords can be at most {self.n} bytes long (about {self.n} letters; fewer with accents or symbols)."
            )
