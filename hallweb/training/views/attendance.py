from flask import flash, request, url_for
from flask_login import current_user

from hallweb.errors import DomainError, NotFound
from hallweb.extensions import db
from hallweb.policies import ensure
from hallweb.training.models import ATTENDANCE_KEYS, ATTENDANCE_LABELS, ClassSession
from hallweb.training.policies import can_mark_session, can_teach
from hallweb.training.queries.roster import roster, summary
from hallweb.training.services.attendance import mark_attendance, mark_rest_present
from hallweb.training.services.cells import StaleCell
from hallweb.training.views import bp
from hallweb.training.views.common import record_or_404, typed_time, typed_version
from hallweb.web.access import allowed
from hallweb.web.htmx import is_partial, redirect_to, render, swap_or_redirect

NOT_YOURS = "Only the session's instructor or office staff take its attendance."


def _session(session_id) -> ClassSession:
    session = record_or_404(ClassSession, session_id, "session")
    ensure(can_mark_session(current_user, session), NOT_YOURS)
    return session


def _context(session, rows):
    return {
        "session": session,
        "rows": rows,
        "summary": summary(rows),
        "statuses": ATTENDANCE_LABELS,
        "keys": ATTENDANCE_KEYS,
    }


def _save_row(session, student_id, form) -> None:
    """Save one row from the roster's inputs (status-<id>, arrived-<id>, left-<id>, version-<id>)."""
    status = form.get(f"status-{student_id}", "")
    if not status:
        return
    mark_attendance(
        session,
        student_id,
        actor=current_user,
        status=status,
        arrived_at=typed_time(form.get(f"arrived-{student_id}"), "arrived_at"),
        left_at=typed_time(form.get(f"left-{student_id}"), "left_at"),
        expected_version=typed_version(form.get(f"version-{student_id}")),
    )


def _refused(row, form, err: DomainError) -> None:
    """A row whose save was refused keeps what was typed (a stale one shows what is stored now)."""
    row.error, row.error_field = err.message, err.field
    if not isinstance(err, StaleCell):
        sid = row.student_id
        row.status = form.get(f"status-{sid}") or row.status
        row.arrived_at = typed_or(form.get(f"arrived-{sid}"), row.arrived_at)
        row.left_at = typed_or(form.get(f"left-{sid}"), row.left_at)


def typed_or(text, fallback):
    try:
        return typed_time(text, "") or fallback
    except DomainError:
        return fallback


@bp.route("/sessions/<id:session_id>/attendance", methods=["GET", "POST"])
@allowed(can_teach)
def attendance(session_id):
    session = _session(session_id)
    if request.method == "GET":
        return render("training/attendance.html", **_context(session, roster(session)))
    # Without JavaScript: the whole roster in one form; all rows saved, or none if one is refused.
    rows = roster(session)
    errors = {}
    for row in rows:
        try:
            with db.session.begin_nested():
                _save_row(session, row.student_id, request.form)
        except DomainError as err:
            errors[row.student_id] = err
    if errors:
        db.session.rollback()
        rows = roster(session)
        for row in rows:
            if row.student_id in errors:
                _refused(row, request.form, errors[row.student_id])
        return render("training/attendance.html", status=422, **_context(session, rows))
    db.session.commit()
    flash("Attendance saved.", "success")
    return redirect_to(url_for(".attendance", session_id=session.id))


@bp.route("/sessions/<id:session_id>/attendance/<id:student_id>", methods=["POST"])
@allowed(can_teach)
def mark_row(session_id, student_id):
    """One row, saved on its own (htmx): the row comes back showing it saved, or why not (422)."""
    session = _session(session_id)
    error = None
    try:
        _save_row(session, student_id, request.form)
    except DomainError as err:
        db.session.rollback()
        if err.status in (403, 404):
            raise
        error = err
    else:
        db.session.commit()
    status = 422 if error else 200
    rows = roster(session)
    row = next((r for r in rows if r.student_id == student_id), None)
    if row is None:
        raise NotFound("That student is not enrolled in this session's course.")
    if error is not None:
        _refused(row, request.form, error)
    row.saved = error is None
    if status == 200 and not is_partial():
        return redirect_to(url_for(".attendance", session_id=session.id))
    return render(
        "training/attendance.html",
        "training/_attendance_row_reply.html",
        status=status,
        **_context(session, rows),
        row=row,
    )


@bp.route("/sessions/<id:session_id>/attendance/rest-present", methods=["POST"])
@allowed(can_teach)
def mark_rest(session_id):
    session = _session(session_id)
    count = mark_rest_present(session, actor=current_user)
    db.session.commit()
    flash(f"{count} marked present." if count != 1 else "1 marked present.", "success")
    return swap_or_redirect(
        "training/_roster.html", url_for(".attendance", session_id=session.id), **_context(session, roster(session))
    )
