"""`manage.py check --deploy` is clean with the production settings, and the loopback switch
(HTTPS_ONLY=false, for make serve and the benchmarks) is what makes it complain."""

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
    import json

    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    (entry,) = [line for line in lines if line["logger"] == "mmhub.test"]
    assert entry["message"] == "hello there"
    assert entry["level"] == "WARNING"
    assert entry["request_id"] == "abc12345def"
