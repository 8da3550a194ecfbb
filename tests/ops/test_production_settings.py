"""`manage.py check --deploy` is clean with the production settings, and the loopback switch
(HTTPS_ONLY=false, for make serve and the benchmarks) is what makes it complain."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def production(extra=None, *arguments):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "HTTPS_ONLY",
            "LOG_FORMAT",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        DJANGO_SETTINGS_MODULE="mmhub.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="mmhub.example",
        **(extra or {}),
    )
    return subprocess.run(  # noqa: S603 - this interpreter and manage.py
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = production({}, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_plain_http_on_loopback_is_reported_by_check_deploy():
    result = production({"HTTPS_ONLY": "false"}, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr + result.stdout


def test_production_logs_are_json_lines_with_the_request_id():
    script = (
        "import logging, uuid; from mmhub.observability import request_id_var;"
        "request_id_var.set('abc12345def'); logging.getLogger('mmhub.test').warning('hello %s', 'there')"
    )
    result = production({}, "shell", "-c", script)
    assert result.returncode == 0, result.stderr

    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    (entry,) = [line for line in lines if line["logger"] == "mmhub.test"]
    assert entry["message"] == "hello there"
    assert entry["level"] == "WARNING"
    assert entry["request_id"] == "abc12345def"


def production_response_headers(path, secure=True):
    """The headers of one response of the production settings' stack (no database needed)."""
    script = (
        "import json; from django.test import Client;"
        f"r = Client(HTTP_HOST='mmhub.example').get({path!r}, secure={secure});"
        "print('HEADERS' + json.dumps({'status': r.status_code, **r.headers}))"
    )
    result = production({}, "shell", "-c", script)
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("HEADERS")]
    return json.loads(line.removeprefix("HEADERS"))


def csp_directives(header):
    return {
        name: values
        for name, *values in (directive.split() for directive in header.split(";") if directive)
    }


def test_production_responses_carry_the_security_headers():
    headers = production_response_headers("/robots.txt")

    assert headers["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = dict(item.split("=") for item in headers["Permissions-Policy"].split(", "))
    assert {"camera", "microphone", "geolocation", "payment"} <= policy.keys()
    assert set(policy.values()) == {"()"}
    csp = csp_directives(headers["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]


def test_production_sends_plain_http_to_https():
    headers = production_response_headers("/robots.txt", secure=False)

    assert headers["status"] == 301
    assert headers["Location"] == "https://mmhub.example/robots.txt"
