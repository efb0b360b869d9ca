"""Fixtures shared by the service tests (the app, database and factories live in tests/conftest.py)."""

import pytest


@pytest.fixture
def staff(make):
    return make.user("staff")
