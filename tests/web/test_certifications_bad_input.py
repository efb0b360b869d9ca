"""No input to the certification pages produces a 500: odd filters are ignored, odd form values refused."""

import pytest

from hallweb.db.keyset import encode_cursor
from tests.certifications_support import certificate, days
from tests.factories import make_member
from tests.html import field_errors
from tests.web.helpers import text

ODD_LISTS = [
    "?issued_from=10000-01-01&issued_to=-1-01-01&expires_from=0001-01-01&expires_to=9999-12-31",
    "?issued_from=2026-02-30&expires_to=garbage",
    "?expiring=45&status=bogus&type=welding&sort=';drop",
    "?expiring=1e30&status=expired&sort=-name",
    f"?after={encode_cursor([1e30, 1])}",
    f"?before={encode_cursor(['x' * 5000, 'y', 2**40])}&sort=name",
    f"?after={encode_cursor([99991231, 2**31])}",
    "?q=%00%ff&last=1",
    "?q=" + "a" * 5000,
]


@pytest.mark.parametrize("query", ODD_LISTS)
@pytest.mark.parametrize("path", ["/certifications/", "/certifications/expiring", "/certifications/export.csv"])
def test_odd_filters_and_cursors_are_ignored(client, login_as, path, query):
    login_as("staff")
    certificate(make_member(last_name="Odd"))
    response = client.get(path + query)
    assert response.status_code == 200
    response.get_data()  # the CSV streams: read it all


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"issue_date": "0001-01-01"}, "issue_date"),
        ({"issue_date": "99999-01-01"}, "issue_date"),
        ({"expiry_date": "0001-01-01"}, "expiry_date"),
        ({"version": "99999999999999999999"}, None),
        ({"version": "abc"}, None),
    ],
)
def test_a_renewal_with_odd_values_is_refused_with_422(client, login_as, data, field):
    login_as("staff")
    cert = certificate(make_member(last_name="Odd"), issued=days(-20))
    posted = {"issue_date": days(0).isoformat(), "version": str(cert.version), **data}
    response = client.post(f"/certifications/{cert.id}/renew", data=posted)
    assert response.status_code == 422
    if field:
        assert field_errors(text(response), field)


def test_an_unknown_type_in_a_correction_is_refused(client, login_as):
    login_as("staff")
    cert = certificate(make_member(last_name="Odd"))
    response = client.post(
        f"/certifications/{cert.id}/edit",
        data={"type": "nonsense", "status": "revoked", "issue_date": cert.issue_date.isoformat(), "version": "1"},
    )
    assert response.status_code == 422
    assert "Not a valid choice" in field_errors(text(response), "type")
    assert "Not a valid choice" in field_errors(text(response), "status")
