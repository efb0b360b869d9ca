"""Who may read, enter, review and pay benevolence applications: the one place these rules are written."""

from hallweb.auth.models import RoleName
from hallweb.benevolence.models import Status
from hallweb.policies import Roles

can_read_benevolence = Roles(RoleName.STAFF, RoleName.OFFICER)  # every application, the list, the summary
can_take_benevolence = Roles(RoleName.STAFF)  # intake for a member, payment
can_review_benevolence = Roles(RoleName.OFFICER)  # decide at the levels an administrator assigned
can_override_benevolence_caps = Roles(RoleName.OFFICER)
can_assign_benevolence_reviewers = Roles(RoleName.ADMIN)
can_apply_for_benevolence = Roles(RoleName.MEMBER)  # their own, under My record


def is_applicant(user, application) -> bool:
    return user is not None and application.member.user_id is not None and application.member.user_id == user.id


def can_edit_application(user, application) -> bool:
    """A draft, or one sent back for more information: by its applicant, or by staff entering it for them."""
    if application.status not in (Status.DRAFT, Status.NEEDS_INFO):
        return False
    return is_applicant(user, application) or can_take_benevolence(user)


def can_pay_application(user, application) -> bool:
    return can_take_benevolence(user) and application.status == Status.APPROVED


def can_override_caps(user, application) -> bool:
    """An officer, never on their own application; before it is paid."""
    return (
        can_override_benevolence_caps(user)
        and not is_applicant(user, application)
        and application.status not in (Status.PAID, Status.DENIED)
        and not application.is_overridden
    )
