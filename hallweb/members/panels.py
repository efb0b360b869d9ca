"""The panels of a member's page. A domain adds one by registering a loader here (or in its own module):

    @panel("training/_member_panel.html")
    def training(member, viewer): return {"record": ...}   # or None to leave the panel out

Panels render in registration order; a loader returning None hides its panel (no empty placeholders).
"""

from collections.abc import Callable
from dataclasses import dataclass

from hallweb.audit.queries import history_of
from hallweb.classifications.queries import classification_options
from hallweb.members import queries
from hallweb.members.employment import current_job
from hallweb.members.forms import EndJobForm, JobForm
from hallweb.members.policies import can_edit_member, can_read_member_history
from hallweb.organizations.queries import employer_options
from hallweb.organizing.member_panel import member_panel as organizing_member_panel
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


def loaded_panels(member, viewer, replaced: dict | None = None) -> list[tuple[str, dict]]:
    """(template, context) of each panel shown; `replaced` gives a panel's context already built
    (a form with errors, an expanded form) by template name."""
    replaced = replaced or {}
    shown = []
    for p in PANELS:
        ctx = replaced[p.template] if p.template in replaced else p.load(member, viewer)
        if ctx is not None:
            shown.append((p.template, ctx))
    return shown


def with_choices(job_form: JobForm) -> JobForm:
    job_form.employer_id.choices = choices([("", "Choose an employer…"), *employer_options()])
    job_form.classification_id.choices = choices(classification_options())
    return job_form


@panel("members/_employment.html")
def employment(member, viewer, *, job_form=None, end_form=None, show_job_form=False, show_end_form=False):
    """Jobs; staff also get "end the current job" or "add a job". Each form is loaded only when asked for: the
    member page stays light (the add form carries the employer list), and ending a job is a deliberate second
    step, not one click on a form always there. A refused add shows the end form beside it: the way out."""
    jobs = queries.job_rows(member)
    ctx = {
        "member": member,
        "jobs": jobs,
        "current": current_job(jobs),
        "can_edit": can_edit_member(viewer, member),
        "end_form": None,
        "job_form": None,
    }
    if ctx["can_edit"]:
        if ctx["current"] and (show_end_form or end_form or job_form):
            ctx["end_form"] = end_form or EndJobForm(formdata=None)
        if show_job_form or job_form:
            # A posted form has its choices; a new one starts on the member's own classification, the usual one.
            ctx["job_form"] = job_form or with_choices(
                JobForm(formdata=None, classification_id=member.classification_id)
            )
    return ctx


@panel("training/_member_panel.html")
def training(member, viewer):
    from hallweb.training.panels import member_panel

    return member_panel(member, viewer)


@panel("organizing/_member_panel_placeholder.html")
def organizing(member, viewer):
    return organizing_member_panel(member, viewer)  # loads itself when in view: nothing read here


@panel("members/_history.html")
def history(member, viewer):
    if not can_read_member_history(viewer):
        return None
    return {"member": member, "history": history_of(member)}
