"""Each API token has a quota per window; past it the API answers 429 and says when to retry."""

import time
from types import SimpleNamespace

import pytest
from django.core.checks import run_checks

from mmhub.api import ratelimit
from mmhub.api.ratelimit import describe_rate, parse_rate
from tests.api.conftest import ApiClient, api_token


@pytest.fixture
def api(empty_site_api):
    """Counting needs no content: the empty site answers faster."""
    return empty_site_api


@pytest.fixture
def small_quota(settings):
    settings.API_RATE_LIMIT = "3/10m"


def test_every_answer_carries_the_quota(api, small_quota):
    first = api.get("/areas")
    second = api.get("/articles", {"type": "not-a-type"})  # a refused request counts too

    assert first.status_code == 200 and second.status_code == 422
    assert first["X-RateLimit-Limit"] == "3"
    assert first["X-RateLimit-Remaining"] == "2"
    assert second["X-RateLimit-Remaining"] == "1"
    reset = int(first["X-RateLimit-Reset"])
    assert time.time() < reset <= time.time() + 600


def test_past_the_quota_the_api_answers_429_with_retry_after(api, small_quota):
    for _ in range(3):
        assert api.get("/areas").status_code == 200

    response = api.get("/areas")

    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert 1 <= retry_after <= 600
    assert response["X-RateLimit-Remaining"] == "0"
    assert response.json()["detail"] == (
        f"This token has used its 3 requests per 10 minutes. Retry after {retry_after} seconds."
    )
    assert "no-store" in response["Cache-Control"]


def test_the_quota_is_per_token(client, api, unverified_hcp, small_quota):
    for _ in range(4):
        api.get("/areas")
    other_token = ApiClient(client, api_token(unverified_hcp, label="Second script"))

    assert api.get("/areas").status_code == 429
    assert other_token.get("/areas").status_code == 200


def test_a_new_window_starts_a_new_count(api, settings, monkeypatch):
    settings.API_RATE_LIMIT = "1/s"
    now = time.time()
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: now))
    assert api.get("/areas").status_code == 200
    assert api.get("/areas").status_code == 429

    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: now + 1))

    assert api.get("/areas").status_code == 200


def test_refused_tokens_are_not_counted_against_anyone(client, api, small_quota):
    for _ in range(5):
        client.get("/api/v1/areas", headers={"Authorization": "Bearer forged.token"})

    assert api.get("/areas")["X-RateLimit-Remaining"] == "2"


@pytest.mark.parametrize(
    ("text", "expected", "described"),
    [
        ("600/10m", (600, 600), "600 requests per 10 minutes"),
        ("60/m", (60, 60), "60 requests per minute"),
        ("5000/d", (5000, 86400), "5000 requests per day"),
        ("10/30s", (10, 30), "10 requests per 30 seconds"),
    ],
)
def test_rates_are_read_as_requests_per_window(text, expected, described):
    assert parse_rate(text) == expected
    assert describe_rate(text) == described


@pytest.mark.parametrize("text", ["600", "600/10", "0/m", "10/0m", "ten/m", ""])
def test_a_mistyped_rate_fails_the_system_check(settings, text):
    settings.API_RATE_LIMIT = text

    errors = [message for message in run_checks() if message.id == "mmhub_api.E001"]

    assert len(errors) == 1
    assert "API_RATE_LIMIT must look like 600/10m" in errors[0].msg
