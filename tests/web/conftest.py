"""Fixtures shared by the web tests (the app, clients and login_as live in tests/conftest.py)."""

import pytest


@pytest.fixture
def admin(login_as):
    return login_as("admin")
