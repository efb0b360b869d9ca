"""Domain errors: services raise these with a user-facing message; the web layer maps them to status codes."""


class DomainError(Exception):
    status = 422

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def attach_to(self, form) -> None:
        """Show the message next to its field, or above the form when it belongs to no field."""
        target = getattr(form, self.field, None) if self.field else None
        if target is not None:
            target.errors = [*target.errors, self.message]
        else:
            form.form_errors.append(self.message)


class NotAllowed(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class InvalidTransition(DomainError):
    status = 422


class PossibleDuplicate(DomainError):
    """A record like the one being added is on file already. The form shows it (a link to `existing`) and
    lets the user save anyway, with confirm_duplicate; a second person of the same name is not an error."""

    def __init__(self, message: str, existing):
        super().__init__(message)
        self.existing = existing

    def attach_to(self, form) -> None:
        super().attach_to(form)
        form.duplicate = self.existing


class ArchivedRecord(DomainError):
    """A change to an archived record: it is read-only until restored."""

    def __init__(self, record):
        super().__init__(f"This {getattr(record, 'noun', 'record')} is archived: restore it before changing it.")
