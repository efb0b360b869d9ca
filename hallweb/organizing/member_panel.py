"""A member's organizing: the activity they logged as an organizer and the jobs they applied for as a salt.

On the member page it is a placeholder (a link) that loads itself when it comes into view, so the member page
reads nothing for it until then."""

from sqlalchemy import func, select

from hallweb.db.plain_rows import plain_rows
from hallweb.organizations.models import Organization
from hallweb.organizing.models import Activity, SaltApplication
from hallweb.organizing.policies import can_read_organizing


def member_panel(member, viewer) -> dict | None:
    """The placeholder's context, for those who read organizing; None hides it."""
    return {"member": member} if can_read_organizing(viewer) else None


def organizing_of(member_id: int) -> dict:
    """Two statements: their activity's totals as an organizer, their salt applications in force."""
    logged = plain_rows(
        select(
            func.count(Activity.id).label("activities"),
            func.coalesce(func.sum(Activity.workers_contacted), 0).label("contacted"),
            func.coalesce(func.sum(Activity.cards_signed), 0).label("cards"),
            func.max(Activity.activity_date).label("last"),
        ).where(Activity.organizer_id == member_id)
    ).one()
    corrected = select(SaltApplication.corrects_id).where(SaltApplication.corrects_id.is_not(None))
    applications = plain_rows(
        select(
            SaltApplication.id,
            SaltApplication.applied_on,
            SaltApplication.posting,
            SaltApplication.employer_id,
            Organization.name.label("employer_name"),
        )
        .join(Organization, Organization.id == SaltApplication.employer_id)
        .where(SaltApplication.salt_id == member_id, SaltApplication.id.not_in(corrected))
        .order_by(SaltApplication.applied_on.desc(), SaltApplication.id.desc())
    ).all()
    return {"logged": logged, "applications": applications}
