"""The Training panel of a member's page (registered in hallweb/members/panels.py)."""

from sqlalchemy import select

from hallweb.extensions import db
from hallweb.training.models import STATUS_LABELS, Student
from hallweb.training.policies import can_manage_training, can_read_training
from hallweb.training.queries.records import student_record
from hallweb.training.settings import at_risk_policy, hall_today, letter_scale


def student_of_member(member_id: int) -> Student | None:
    return db.session.scalar(select(Student).where(Student.member_id == member_id))


def member_panel(member, viewer) -> dict | None:
    """The member's student record in brief; left out for viewers who do not read training records, and
    for a member who is no student unless the viewer could make them one."""
    if not can_read_training(viewer):
        return None
    student = student_of_member(member.id)
    if student is None and not can_manage_training(viewer):
        return None
    record = (
        student_record(student, today=hall_today(), scale=letter_scale(), policy=at_risk_policy()) if student else None
    )
    return {"member": member, "student": student, "record": record, "labels": STATUS_LABELS}
