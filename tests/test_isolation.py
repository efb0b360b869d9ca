"""Each test sees a clean database: these two must not see each other's rows, whichever runs first."""

import pytest
from sqlalchemy import func, select

from hallweb.auth.models import User
from hallweb.extensions import db
from tests import factories

MARK = "isolation-probe"


@pytest.mark.parametrize("run", ["first", "second"])
def test_rows_written_by_another_test_are_gone(app, client, run):
    assert db.session.scalar(select(func.count()).select_from(User).where(User.first_name == MARK)) == 0
    factories.user(first_name=MARK)  # committed, as the app would
    # A request (its own app context and session) sees the committed row too.
    response = client.post("/auth/login", data={"email": "nobody@example.org", "password": "x" * 12})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(User).where(User.first_name == MARK)) == 1
