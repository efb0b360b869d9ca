"""CSV downloads: values a spreadsheet would run as formulas are defused."""

import csv
import io
from datetime import date

from hallweb.web.csv_export import cell
from tests.factories import make_member


def test_cells_that_start_like_a_formula_get_a_leading_quote():
    assert [cell(v) for v in ["=HYPERLINK(1)", "+1 555", "-3", "@SUM", "Parks", None, date(2026, 1, 2), 7]] == [
        "'=HYPERLINK(1)",
        "'+1 555",
        "'-3",
        "'@SUM",
        "Parks",
        "",
        "2026-01-02",
        "7",
    ]


def test_a_member_named_like_a_formula_downloads_as_text(login_as, client):
    login_as("staff")
    make_member(first_name="=cmd|' /C calc'!A0", last_name="Mallory")
    response = client.get("/members/export.csv?q=mallory")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[1][2] == "'=cmd|' /C calc'!A0"
