"""Rate limits on the sign-in, registration and password forms (Flask-Limiter), in memory and shared in Redis."""

import uuid

import pytest
import redis

from hallweb import create_app
from tests.support import Client, require
from tests.web.helpers import REDIS_URL, redis_ping_ok, sharing_test_transaction, text

LIMITED = "Too many attempts. Please wait a minute and try again."
# One prefix per test run, so counts in a shared Redis never leak between runs.
RUN_PREFIX = f"hallweb-test-{uuid.uuid4().hex}"

limits_on = pytest.mark.settings(RATELIMIT_ENABLED=True)

WRONG_SIGN_IN = {"email": "nobody@example.org", "password": "not a password"}


def post_times(client, url, n, data):
    return [client.post(url, data=data).status_code for _ in range(n)]


def assert_limited_page(response):
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert LIMITED in text(response)


@limits_on
def test_eleventh_sign_in_within_a_minute_gets_429_with_retry_after_and_a_friendly_page(client):
    assert post_times(client, "/auth/login", 10, WRONG_SIGN_IN) == [422] * 10
    response = client.post("/auth/login", data=WRONG_SIGN_IN)
    assert_limited_page(response)
    assert "<html" in text(response)


@limits_on
def test_limited_htmx_sign_in_gets_a_429_fragment(client):
    post_times(client, "/auth/login", 10, WRONG_SIGN_IN)
    response = client.hx_post("/auth/login", data=WRONG_SIGN_IN)
    assert_limited_page(response)
    assert "<html" not in text(response)
    assert f'data-error-message="{LIMITED}"' in text(response)


@limits_on
def test_limit_applies_even_to_the_right_password(client, make):
    user = make.user()
    post_times(client, "/auth/login", 10, WRONG_SIGN_IN)
    response = client.post("/auth/login", data={"email": user.email, "password": make.PASSWORD})
    assert response.status_code == 429
    assert client.get("/").status_code == 303  # not signed in


@limits_on
def test_showing_the_sign_in_page_is_not_limited(client):
    post_times(client, "/auth/login", 10, WRONG_SIGN_IN)
    assert [client.get("/auth/login").status_code for _ in range(15)] == [200] * 15


@limits_on
@pytest.mark.parametrize(
    ("url", "allowed", "data"),
    [
        ("/auth/register", 5, {"email": "not-an-email"}),
        ("/auth/verify/resend", 5, {"email": "nobody@example.org"}),
        ("/auth/forgot", 3, {"email": "nobody@example.org"}),
        ("/auth/reset/no-such-token", 3, {"password": "x", "confirm": "x"}),
        ("/training/verify", 30, {"code": "AAAAA-AAAAA-AAAAA-AAAAA"}),  # public: an employer checks a code
    ],
)
def test_registration_resend_and_forgot_forms_are_limited(client, url, allowed, data):
    assert 429 not in post_times(client, url, allowed, data)
    assert_limited_page(client.post(url, data=data))


@limits_on
def test_limits_are_counted_per_form(client):
    post_times(client, "/auth/forgot", 3, {"email": "nobody@example.org"})
    assert client.post("/auth/forgot", data={"email": "nobody@example.org"}).status_code == 429
    assert client.post("/auth/login", data=WRONG_SIGN_IN).status_code == 422


@pytest.mark.settings(RATELIMIT_ENABLED=False)
def test_nothing_is_limited_when_rate_limits_are_off(client):
    assert post_times(client, "/auth/login", 15, WRONG_SIGN_IN) == [422] * 15
    assert 429 not in post_times(client, "/auth/forgot", 6, {"email": "nobody@example.org"})
    assert 429 not in post_times(client, "/auth/register", 8, {"email": "not-an-email"})


def test_two_app_instances_sharing_redis_share_the_limit(app, base_config):
    require(redis_ping_ok(), "Redis")
    shared = {
        **base_config,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": f"{RUN_PREFIX}-{uuid.uuid4().hex[:8]}",
    }
    first, second = create_app(shared), create_app(shared)
    try:
        with sharing_test_transaction(first), sharing_test_transaction(second):
            first.test_client_class = second.test_client_class = Client
            one, two = first.test_client(), second.test_client()
            statuses = [c.post("/auth/login", data=WRONG_SIGN_IN).status_code for c in [one, two] * 5]
            assert statuses == [422] * 10
            assert_limited_page(one.post("/auth/login", data=WRONG_SIGN_IN))
            assert two.post("/auth/login", data=WRONG_SIGN_IN).status_code == 429
        assert _counts(shared["RATELIMIT_KEY_PREFIX"]), "no count under this run's RATELIMIT_KEY_PREFIX in Redis"
    finally:
        _forget_counts(shared["RATELIMIT_KEY_PREFIX"])


def test_two_app_instances_with_memory_storage_count_separately(app, base_config):
    config = {**base_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"}
    first, second = create_app(config), create_app(config)
    with sharing_test_transaction(first), sharing_test_transaction(second):
        first.test_client_class = second.test_client_class = Client
        one, two = first.test_client(), second.test_client()
        assert post_times(one, "/auth/login", 10, WRONG_SIGN_IN) == [422] * 10
        assert one.post("/auth/login", data=WRONG_SIGN_IN).status_code == 429
        assert two.post("/auth/login", data=WRONG_SIGN_IN).status_code == 422


def _counts(prefix: str) -> list:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        return list(client.scan_iter(match=f"*{prefix}*"))
    finally:
        client.close()


def _forget_counts(prefix: str) -> None:
    keys = _counts(prefix)
    if keys:
        client = redis.Redis.from_url(REDIS_URL)
        try:
            client.delete(*keys)
        finally:
            client.close()
