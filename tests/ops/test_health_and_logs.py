"""Liveness, readiness against real failures, request ids and the JSON log lines."""

import io
import json
import logging

import pytest
from django.core.cache import caches
from django.test import override_settings

from mmhub.observability import JsonFormatter

# A loopback port nothing listens on: connecting fails at once, as with a stopped Redis.
DEAD_REDIS = "redis://127.0.0.1:9/0"


def test_liveness_answers_without_the_gate_and_is_never_cached(client, db):
    response = client.get("/health/live/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readiness_checks_database_cache_and_queue(client, db):
    response = client.get("/health/ready/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "queue": "ok"}


def test_a_shared_cache_that_is_down_is_reported_but_leaves_the_node_ready(client, db):
    """Redis is shared by every node: a readiness that failed for it would take every node out
    at once, although each can serve without it (the fault tests in tests/deploy show it)."""
    dead_cache = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    with override_settings(CACHES=dead_cache):
        response = client.get("/health/ready/")
    caches["default"].clear()
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "unavailable",
        "queue": "ok",
    }


@pytest.mark.parametrize("backend, status", [("rq", 200), ("database", 503)])
def test_a_task_queue_in_the_database_is_essential_one_in_redis_is_not(
    client, db, backend, status, monkeypatch
):
    from mmhub import health

    monkeypatch.setattr(health, "CHECKS", health.CHECKS | {"queue": lambda: 1 / 0})
    with override_settings(TASKS_BACKEND=backend):
        response = client.get("/health/ready/")
    assert response.status_code == status
    assert response.json()["queue"] == "unavailable"
    assert response.json()["status"] == ("degraded" if status == 200 else "error")


@pytest.mark.parametrize("backend", ["rq", "database"])
def test_readiness_fails_when_the_task_queue_is_unreachable(client, db, backend, monkeypatch):
    from mmhub import health

    if backend == "rq":
        import django_rq.queues

        monkeypatch.setattr(
            django_rq.queues,
            "get_connection",
            lambda name="default": __import__("redis").Redis.from_url(
                DEAD_REDIS, socket_connect_timeout=1
            ),
        )
        monkeypatch.setattr("django_rq.get_connection", django_rq.queues.get_connection)
    else:
        from django.db import connection

        with connection.cursor() as cursor:  # the worker's table is gone
            cursor.execute("DROP TABLE django_tasks_database_dbtaskresult")
    with override_settings(TASKS_BACKEND=backend):
        results = health.check_all()
    assert results["queue"] == "unavailable"
    assert results["database"] == "ok"


def json_lines(stream):
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


@pytest.fixture
def json_log():
    """Everything logged while a test runs, as the production JSON lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    requests_logger = logging.getLogger("mmhub.requests")
    previous = requests_logger.level
    requests_logger.setLevel(logging.INFO)
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)
    requests_logger.setLevel(previous)


def test_each_request_gets_an_id_in_its_response_and_its_log_lines(client, db, json_log):
    response = client.get("/health/live/?email=someone@example.org")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32 and int(request_id, 16) >= 0

    (line,) = [entry for entry in json_lines(json_log) if entry["logger"] == "mmhub.requests"]
    assert line["request_id"] == request_id
    assert line["method"] == "GET"
    assert line["path"] == "/health/live/"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["signed_in"] is None, "a health check never loads the session to log it"
    assert "someone@example.org" not in json_log.getvalue(), "query strings stay out of the log"


def test_a_proxys_request_id_is_kept_and_a_malformed_one_replaced(client, db):
    offered = "5f0c6f0b2a1e4c3d9e8f7a6b5c4d3e2f"
    assert client.get("/health/live/", HTTP_X_REQUEST_ID=offered)["X-Request-ID"] == offered

    for bad in ["short", "has spaces in it, and more", "x" * 200, "line\nbreak-injected-id"]:
        answered = client.get("/health/live/", HTTP_X_REQUEST_ID=bad)["X-Request-ID"]
        assert answered != bad
        assert len(answered) == 32


def test_what_a_request_logs_carries_its_id(client, db, json_log):
    """A readiness failure logs why, with the traceback, under the request's id."""
    from mmhub import health

    def broken():
        raise ConnectionError("queue host unreachable")

    original = health.CHECKS["queue"]
    health.CHECKS["queue"] = broken
    try:
        response = client.get("/health/ready/")
    finally:
        health.CHECKS["queue"] = original
    assert response.status_code == 503
    failure = next(e for e in json_lines(json_log) if e["logger"] == "mmhub.health")
    assert failure["level"] == "ERROR"
    assert failure["request_id"] == response["X-Request-ID"]
    assert "queue host unreachable" in failure["exception"]
