"""Schemathesis against the schema the app serves, on a live server with the demo content.

It generates requests from /api/v1/openapi.json (valid ones, invalid ones, methods the schema
does not list) and checks every answer against the schema: no server errors, only documented
status codes, content types and headers, bodies that match their documented shape, invalid
input refused and the token actually required. It runs as CI would run it by hand: the
`schemathesis` command line in a process of its own, against a real HTTP server.
"""

import os
import subprocess
import sys
import time

import pytest

from mmhub.accounts.models import VerificationStatus
from mmhub.content.demo.loader import load_demo_content
from tests.accounts.conftest import make_account
from tests.api.conftest import api_token

# Examples per operation and phase: enough to find what a schema change breaks, while the whole
# run stays well under two minutes on this machine.
MAX_EXAMPLES = int(os.getenv("SCHEMATHESIS_MAX_EXAMPLES", "20"))
SEED = os.getenv("SCHEMATHESIS_SEED", "20261127")
# A filter value that is well formed but names nothing (an area slug or trial acronym that does
# not exist) is answered 400 with where to find valid ones; Schemathesis, which cannot know our
# slugs, would otherwise count that as a valid request refused.
CONFIG = """
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "400", "401", "404", "429"]
"""


@pytest.fixture
def live_api(transactional_db, live_server, settings):
    """The demo site on a live server, and a verified HCP's token (so every article is in reach).

    Each transactional test ends with a flush that also removes what migrations created; the
    loader rebuilds those as well."""
    load_demo_content(reviewed_translations=False)
    settings.API_RATE_LIMIT = "100000/m"  # Schemathesis sends hundreds of requests
    account = make_account("schemathesis@example.org", status=VerificationStatus.VERIFIED)
    return live_server.url, api_token(account)


def test_the_api_answers_as_its_schema_says(live_api, tmp_path):
    base_url, token = live_api
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG)
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(config),
        "run",
        f"{base_url}/api/v1/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        "all",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        SEED,
        # The live server shares one SQLite connection between its threads: one request at a time.
        "--workers",
        "1",
        "--request-timeout",
        "30",
    ]
    started = time.monotonic()

    result = subprocess.run(  # noqa: S603 - our interpreter, fixed arguments
        command,
        cwd=tmp_path,  # its example database and reports stay out of the work tree
        capture_output=True,
        text=True,
        timeout=600,
        env=os.environ | {"NO_COLOR": "1"},
    )

    print(f"schemathesis ran {time.monotonic() - started:.0f} s:\n{result.stdout[-3000:]}")
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]
    assert "No issues found" in result.stdout
