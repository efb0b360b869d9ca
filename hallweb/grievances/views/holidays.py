from flask import flash, request, url_for
from flask_login import current_user

from hallweb.errors import DomainError
from hallweb.extensions import db
from hallweb.formats import day
from hallweb.grievances import holiday_list
from hallweb.grievances.forms import FederalHolidaysForm, HolidayForm
from hallweb.grievances.policies import can_keep_holidays
from hallweb.grievances.views import bp
from hallweb.hall_clock import hall_today
from hallweb.web.access import allowed
from hallweb.web.forms import choices, int_or_none
from hallweb.web.htmx import redirect_to, render, swap_or_redirect


def _year() -> int:
    year = int_or_none(request.args.get("year"))
    return year if year and 1900 <= year <= 2200 else hall_today().year


def _context(year: int, *, form=None, federal_form=None) -> dict:
    this_year = hall_today().year
    federal_form = federal_form or FederalHolidaysForm(formdata=None, year=year)
    federal_form.year.choices = choices([(y, str(y)) for y in range(this_year - 1, this_year + 3)])
    return {
        "year": year,
        "years": range(this_year - 1, this_year + 3),
        "holidays": holiday_list.holidays_of(year),
        "form": form or HolidayForm(formdata=None),
        "federal_form": federal_form,
    }


@bp.route("/holidays")
@allowed(can_keep_holidays)
def holidays():
    return render("grievances/holidays.html", "grievances/_holidays.html", **_context(_year()))


@bp.route("/holidays", methods=["POST"])
@allowed(can_keep_holidays)
def add_holiday():
    form = HolidayForm()
    year = _year()
    if form.validate_on_submit():
        try:
            holiday = holiday_list.add_holiday(actor=current_user, **form.payload())
        except DomainError as err:
            err.attach_to(form)
        else:
            db.session.commit()
            flash(f"{holiday.name} ({day(holiday.day)}) added; open deadlines are counted again.", "success")
            return swap_or_redirect(
                "grievances/_holidays.html",
                url_for(".holidays", year=holiday.day.year),
                **_context(holiday.day.year),
            )
    return render("grievances/holidays.html", "grievances/_holidays.html", status=422, **_context(year, form=form))


@bp.route("/holidays/federal", methods=["POST"])
@allowed(can_keep_holidays)
def add_federal_holidays():
    form = FederalHolidaysForm()
    this_year = hall_today().year
    form.year.choices = choices([(y, str(y)) for y in range(this_year - 1, this_year + 3)])
    if form.validate_on_submit() and form.year.data in range(this_year - 1, this_year + 3):
        added = holiday_list.add_federal_holidays(form.year.data, actor=current_user)
        db.session.commit()
        flash(f"{added} federal holiday{'s' if added != 1 else ''} of {form.year.data} added.", "success")
        return redirect_to(url_for(".holidays", year=form.year.data))
    form.year.errors = [*form.year.errors, "Choose a year from the list."]
    return render(
        "grievances/holidays.html", "grievances/_holidays.html", status=422, **_context(_year(), federal_form=form)
    )


@bp.route("/holidays/<id:holiday_id>/remove", methods=["POST"])
@allowed(can_keep_holidays)
def remove_holiday(holiday_id):
    holiday = holiday_list.remove_holiday(holiday_id, actor=current_user)
    db.session.commit()
    flash(f"{holiday.name} ({day(holiday.day)}) removed; open deadlines are counted again.", "success")
    return swap_or_redirect(
        "grievances/_holidays.html", url_for(".holidays", year=holiday.day.year), **_context(holiday.day.year)
    )
