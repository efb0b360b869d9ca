"""The panels of a member's page. A domain adds one by registering a loader here (or in its own module):

    @panel("training/_member_panel.html")
    def training(member, viewer): return {"record": ...}   # or None to leave the panel out

Panels render in registration order; a loader returning None hides its panel (no empty placeholders).
"""

from collections.abc import Callable
from dataclasses import dataclass

from hallweb.auth.models import RoleName
from hallweb.members import queries
from hallweb.members.employment import current_job
from hallweb.members.forms import EndJobForm, JobForm
from hallweb.web.forms import choices


@dataclass(frozen=True)
class Panel:
    template: str
    load: Callable


PANELS: list[Panel] = []


def panel(template: str):
    def register(load):
        PANELS.append(Panel(template, load))
        return load

    return register


def loaded_panels(member, viewer) -> list[tuple[str, dict]]:
    shown = []
    for p in PANELS:
        ctx = p.load(member, viewer)
        if ctx is not None:
            shown.append((p.template, ctx))
    return shown


def job_forms(job_form=None, end_form=None) -> dict:
    job_form = job_form or JobForm(formdata=None)
    job_form.employer_id.choices = choices((o.id, o.name) for o in queries.employers())
    job_form.classification_id.choices = choices((c.id, c.name) for c in queries.classifications())
    return {"job_form": job_form, "end_form": end_form or EndJobForm(formdata=None)}


@panel("members/_employment.html")
def employment(member, viewer, **forms):
    ctx = {"member": member, "jobs": member.jobs, "current": current_job(member),
           "can_edit": viewer.has_role(RoleName.STAFF) and not member.is_archived}
    if ctx["can_edit"]:
        ctx.update(job_forms(**forms))
    return ctx


@panel("members/_history.html")
def history(member, viewer):
    if not viewer.has_role(RoleName.STAFF, RoleName.OFFICER):
        return None
    return {"member": member, "history": queries.member_history(member)}
