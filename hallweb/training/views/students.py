from flask import flash, request, url_for
from flask_login import current_user
from sqlalchemy import select

from hallweb.audit.queries import history_of
from hallweb.db.archiving import RESTORE_NOTE
from hallweb.errors import DomainError, NotFound
from hallweb.extensions import db
from hallweb.hall_clock import hall_today
from hallweb.members.models import Member
from hallweb.training.forms import EnrollForm, NewStudentForm, StudentFilterForm, StudentForm, VerifyForm
from hallweb.training.models import STATUS_LABELS, Cohort, Course, Enrollment, Student
from hallweb.training.policies import (
    can_manage_training,
    can_read_student,
    can_read_training,
    can_restore_training,
)
from hallweb.training.queries import students as queries
from hallweb.training.queries.records import student_record
from hallweb.training.services.students import (
    archive_student,
    create_student,
    enroll_student,
    restore_student,
    update_student,
    withdraw_enrollment,
)
from hallweb.training.services.transcripts import issue_code, student_of_code
from hallweb.training.settings import at_risk_policy, letter_scale
from hallweb.training.views import bp
from hallweb.training.views.common import record_or_404, typed_version
from hallweb.web.access import allowed, public, signed_in
from hallweb.web.confirm import confirm_page
from hallweb.web.csv_export import csv_response
from hallweb.web.forms import choices, offer_stored_version, submitted_version
from hallweb.web.htmx import redirect_to, render, swap_or_redirect
from hallweb.web.ratelimit import rate_limited


def _with_cohorts(form, field="cohort", blank="Any cohort"):
    getattr(form, field).choices = choices([("", blank), *queries.cohort_options()])
    return form


@bp.route("/students/")
@allowed(can_read_training)
def students():
    form = _with_cohorts(StudentFilterForm(formdata=request.args))
    filters = form.filters()
    page = queries.list_students(
        filters,
        after=request.args.get("after"),
        before=request.args.get("before"),
        last=request.args.get("last") == "1",
    )
    return render(
        "training/students.html",
        "training/_students_results.html",
        form=form,
        filters=filters,
        page=page,
        labels=STATUS_LABELS,
    )


@bp.route("/students/export.csv")
@allowed(can_read_training)
def students_csv():
    filters = StudentFilterForm(formdata=request.args).filters()
    header = ["number", "last_name", "first_name", "card_number", "cohort", "status", "archived"]

    def rows():
        for s in queries.students_for_export(filters):
            m = s.member
            cohort = s.cohort.name if s.cohort else ""
            yield [
                s.number,
                m.last_name,
                m.first_name,
                m.card_number,
                cohort,
                s.status,
                "yes" if s.archived_at else "no",
            ]

    return csv_response("students.csv", header, rows())


@bp.route("/students/new", methods=["GET", "POST"])
@allowed(can_manage_training)
def new_student():
    form = _with_cohorts(NewStudentForm(), "cohort_id", "No cohort yet")
    if form.validate_on_submit():
        member = db.session.scalar(select(Member).where(Member.card_number == form.card_number.data.strip()))
        try:
            if member is None:
                raise DomainError("No member has this card number.", field="card_number")
            cohort = db.session.get(Cohort, form.cohort_id.data) if form.cohort_id.data else None
            student = create_student(
                actor=current_user, member=member, cohort=cohort, status=form.status.data, year=hall_today().year
            )
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"{member.full_name} is student {student.number}.", "success")
            return redirect_to(url_for(".student", student_id=student.id))
    return render(
        "training/new_student.html", "training/_student_form.html", status=422 if form.errors else 200, form=form
    )


def _student(student_id) -> Student:
    student = record_or_404(Student, student_id, "student")
    if not can_read_student(current_user, student):
        raise NotFound("There is no such student.")  # another member's record is not theirs to know of
    return student


def _record(student):
    return student_record(student, today=hall_today(), scale=letter_scale(), policy=at_risk_policy())


def _certifications(student):
    """The member's certificates, as the certifications domain reads them."""
    from hallweb.certifications.queries import certifications_of

    return certifications_of(student.member_id, hall_today())


def _enroll_form(form=None):
    form = form or EnrollForm(formdata=None, enrolled_on=hall_today())
    form.course_id.choices = choices(
        db.session.execute(
            select(Course.id, Course.code + " " + Course.title)
            .where(Course.archived_at.is_(None))
            .order_by(Course.code)
        ).all()
    )
    form.cohort_id.choices = choices(queries.cohort_options())
    return form


@bp.route("/students/<id:student_id>")
@signed_in
def student(student_id):
    s = _student(student_id)
    return render(
        "training/student.html",
        student=s,
        record=_record(s),
        certifications=_certifications(s),
        policy=at_risk_policy(),
        labels=STATUS_LABELS,
        history=history_of(s) if can_read_training(current_user) else [],
        enroll_form=_enroll_form() if can_manage_training(current_user) else None,
    )


@bp.route("/students/<id:student_id>/enrollments", methods=["POST"])
@allowed(can_manage_training)
def enroll(student_id):
    s = _student(student_id)
    form = _enroll_form(EnrollForm())
    if form.validate_on_submit():
        try:
            course = record_or_404(Course, form.course_id.data or 0, "course")
            cohort = record_or_404(Cohort, form.cohort_id.data or 0, "cohort")
            enroll_student(actor=current_user, student=s, course=course, cohort=cohort, on=form.enrolled_on.data)
        except DomainError as err:
            if err.status == 403:
                raise
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"{s.name} enrolled in {course.code}.", "success")
            return redirect_to(url_for(".student", student_id=s.id))
    return render(
        "training/student.html",
        "training/_enroll_form.html",
        status=422,
        page_context=lambda: {
            "record": _record(s),
            "certifications": _certifications(s),
            "policy": at_risk_policy(),
            "labels": STATUS_LABELS,
            "history": history_of(s),
        },
        student=s,
        enroll_form=form,
    )


@bp.route("/students/<id:student_id>/transcript")
@signed_in
def transcript(student_id):
    s = _student(student_id)
    return render(
        "training/transcript.html",
        student=s,
        record=_record(s),
        certifications=_certifications(s),
        code=None,
        labels=STATUS_LABELS,
    )


@bp.route("/students/<id:student_id>/transcript", methods=["POST"])
@signed_in
def issue_transcript_code(student_id):
    """The printable transcript with a new verification code: shown this once (only its hash is kept)."""
    s = _student(student_id)
    code = issue_code(s, actor=current_user)
    db.session.commit()
    return render(
        "training/transcript.html",
        student=s,
        record=_record(s),
        certifications=_certifications(s),
        code=code,
        labels=STATUS_LABELS,
    )


@bp.route("/verify", methods=["GET", "POST"])
@public
@rate_limited("RATELIMIT_TRANSCRIPT_CHECKS")
def verify():
    """Anyone holding a transcript's code (an employer) confirms its name, dates and outcome, nothing else."""
    form = VerifyForm()
    found = None
    if form.validate_on_submit():
        found = student_of_code(form.code.data)
        if found is None:
            form.code.errors = [*form.code.errors, "No transcript has this code. Check it as printed."]
    status = 422 if form.errors else 200
    return render(
        "training/verify.html", "training/_verify.html", status=status, form=form, found=found, labels=STATUS_LABELS
    )


@bp.route("/my-record")
@signed_in
def my_record():
    """The signed-in member's own training record (My record)."""
    from hallweb.members.queries import member_of
    from hallweb.training.panels import student_of_member

    member = member_of(current_user)
    s = student_of_member(member.id) if member is not None else None
    if s is None:
        return render("training/my_record.html", student=None)
    return redirect_to(url_for(".student", student_id=s.id))


@bp.route("/members/<id:member_id>")
@allowed(can_read_training)
def member_training(member_id):
    """The member page's Training panel (htmx), or a page of its own."""
    from hallweb.members.models import Member
    from hallweb.training.panels import member_panel_content

    member = record_or_404(Member, member_id, "member")
    return render("training/member_training.html", "training/_member_panel.html", panel=member_panel_content(member))


@bp.route("/students/<id:student_id>/edit", methods=["GET", "POST"])
@allowed(can_manage_training)
def edit_student(student_id):
    s = _student(student_id)
    form = _with_cohorts(StudentForm(obj=s), "cohort_id", "No cohort")
    if form.validate_on_submit():
        try:
            update_student(
                s,
                actor=current_user,
                expected_version=typed_version(submitted_version(form)),
                status=form.status.data,
                cohort_id=form.cohort_id.data,
            )
        except DomainError as err:
            if err.status == 403:
                raise
            offer_stored_version(form, s, err)
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"{s.name} saved.", "success")
            return redirect_to(url_for(".student", student_id=s.id))
    status = 422 if form.errors else 200
    return render("training/edit_student.html", "training/_student_edit_form.html", status=status, form=form, student=s)


@bp.route("/students/<id:student_id>/archive/confirm")
@allowed(can_manage_training)
def confirm_archive_student(student_id):
    s = _student(student_id)
    return confirm_page(
        question=f"Archive student {s.number}, {s.name}?",
        consequences=["The student leaves the lists and can no longer be changed. Nothing is deleted.", RESTORE_NOTE],
        action=url_for(".archive_student_view", student_id=s.id),
        label="Archive",
        cancel_url=url_for(".student", student_id=s.id),
    )


@bp.route("/students/<id:student_id>/archive", methods=["POST"])
@allowed(can_manage_training)
def archive_student_view(student_id):
    s = _student(student_id)
    archive_student(s, actor=current_user)
    db.session.commit()
    flash(f"Student {s.number} is archived: hidden from lists, nothing deleted. {RESTORE_NOTE}", "success")
    return redirect_to(url_for(".student", student_id=s.id))


@bp.route("/students/<id:student_id>/restore", methods=["POST"])
@allowed(can_restore_training)
def restore_student_view(student_id):
    s = _student(student_id)
    restore_student(s, actor=current_user)
    db.session.commit()
    flash(f"Student {s.number} is restored.", "success")
    return redirect_to(url_for(".student", student_id=s.id))


def _enrollment(student_id, enrollment_id) -> Enrollment:
    enrollment = db.session.get(Enrollment, enrollment_id)
    if enrollment is None or enrollment.student_id != student_id:
        raise NotFound("There is no such enrollment.")
    return enrollment


@bp.route("/students/<id:student_id>/enrollments/<id:enrollment_id>/withdraw/confirm")
@allowed(can_manage_training)
def confirm_withdraw_enrollment(student_id, enrollment_id):
    s = _student(student_id)
    e = _enrollment(s.id, enrollment_id)
    return confirm_page(
        question=f"Withdraw {s.name} from {e.course.code} {e.course.title}?",
        consequences=[
            "Their attendance and grades so far are kept, and count in their record.",
            "From today they leave the course's rosters, and the gradebook shows them withdrawn.",
            "The transcript shows the course as Withdrawn.",
        ],
        action=url_for(".withdraw_enrollment_view", student_id=s.id, enrollment_id=e.id),
        label="Withdraw",
        cancel_url=url_for(".student", student_id=s.id),
        carry={"version": request.args.get("version", "")},
    )


@bp.route("/students/<id:student_id>/enrollments/<id:enrollment_id>/withdraw", methods=["POST"])
@allowed(can_manage_training)
def withdraw_enrollment_view(student_id, enrollment_id):
    s = _student(student_id)
    e = _enrollment(s.id, enrollment_id)
    version = typed_version(request.form.get("version"))
    withdraw_enrollment(e, actor=current_user, expected_version=version, on=hall_today())
    db.session.commit()
    flash(f"{s.name} is withdrawn from {e.course.code}.", "success")
    return swap_or_redirect(
        "training/_student_courses.html",
        url_for(".student", student_id=s.id),
        student=s,
        record=_record(s),
        labels=STATUS_LABELS,
        enroll_form=_enroll_form(),
        history=history_of(s),
        oob=True,  # the heading's at-risk flag, the facts and History move with the courses
    )
