"""The Training panel of a member's page (registered in hallweb/members/panels.py).

The member page only draws the panel's frame: its content comes from its own URL, loaded by htmx as the
page opens (a link without JavaScript), so the member page sends no statement more for it."""

from sqlalchemy import select

from hallweb.extensions import db
from hallweb.hall_clock import hall_today
from hallweb.training.models import STATUS_LABELS, Student
from hallweb.training.policies import can_read_training
from hallweb.training.queries.records import student_record
from hallweb.training.settings import at_risk_policy, letter_scale


def student_of_member(member_id: int) -> Student | None:
    return db.session.scalar(select(Student).where(Student.member_id == member_id))


def member_panel(member, viewer) -> dict | None:
    """The frame, for viewers who read training records."""
    if not can_read_training(viewer):
        return None
    return {"member": member, "loaded": False}


def member_panel_content(member) -> dict:
    student = student_of_member(member.id)
    record = (
        student_record(student, today=hall_today(), scale=letter_scale(), policy=at_risk_policy()) if student else None
    )
    return {"member": member, "student": student, "record": record, "labels": STATUS_LABELS, "loaded": True}
