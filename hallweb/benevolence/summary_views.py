"""The fund summary page: a year's figures as a table and a server-drawn chart, printable."""

from flask import request

from hallweb.benevolence.chart import SERIES, bar_chart
from hallweb.benevolence.forms import SummaryForm
from hallweb.benevolence.policies import can_read_benevolence
from hallweb.benevolence.summary import fund_summary
from hallweb.benevolence.views import bp
from hallweb.web.access import allowed
from hallweb.web.htmx import render


@bp.route("/summary")
@allowed(can_read_benevolence)
def summary():
    form = SummaryForm(formdata=request.args)
    year = form.chosen_year()
    figures = fund_summary(year)
    return render(
        "benevolence/summary.html",
        form=form,
        year=year,
        figures=figures,
        month_chart=bar_chart(figures.by_month),
        reason_chart=bar_chart(figures.by_reason),
        series=SERIES,
    )
