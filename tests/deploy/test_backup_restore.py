"""The backup and restore procedure in docs/deploy.md ("Backups", "Restore drill"), run as written
on a PostgreSQL server of the test's own: a site with content, accounts, bookmarks, votes and an
uploaded document is dumped with `pg_dump -Fc`, its media copied with `rsync -a`, and both
restored into a fresh database and folder. The restored site holds the same rows and files, and
a web node on it (production settings, the same SECRET_KEY) serves them: the article, the
document's bytes, a demo HCP's sign-in and a feed URL issued before the backup.

It needs no database of the suite's: it runs in the suite on SQLite only, as the fault tests do.
"""

import json
import subprocess

import requests

from tests.conftest import FLAGSHIP_PATH
from tests.deploy.stack import (
    POSTGRES_BIN,
    RUNS_ITS_OWN_SERVERS,
    PostgresCluster,
    RedisServer,
    Stack,
    administer,
    declare,
    node_environment,
    sign_in,
    start_node,
    stop_node,
    wait_until_ready,
)

pytestmark = RUNS_ITS_OWN_SERVERS

SETUP = ["load_demo_content", "create_demo_accounts", "load_demo_reading", "load_demo_polls"]

# Run in the site's own process (manage.py shell): add what the demo has none of, a document
# and a feed token, and print what the site holds, as JSON.
ADD_DOCUMENT_AND_FEED = """
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from django.contrib.auth import get_user_model
from mmhub.accounts import tokens
from mmhub.accounts.models import TokenPurpose
Document.objects.create(title="Trial protocol", file=ContentFile(b"protocol v1 " * 500, name="protocol.txt"))
user = get_user_model().objects.get(email="verified.hcp@mmhub.example")
print("FEED" + tokens.token_for(tokens.issue(user, TokenPurpose.FEEDS, "Reader")))
"""

HOLDINGS = """
import hashlib, json
from django.contrib.auth import get_user_model
from wagtail.documents.models import Document
from wagtail.models import Page
from mmhub.personal.models import Bookmark, FollowedArea
from mmhub.polls.models import Vote, VoteChoice
def rows(queryset, *fields):
    return sorted([list(map(str, row)) for row in queryset.values_list(*fields)])
print("HOLDINGS" + json.dumps({
    "pages": rows(Page.objects.all(), "id", "url_path", "title", "live", "latest_revision_id"),
    "users": rows(get_user_model().objects.all(), "id", "email", "password"),
    "bookmarks": rows(Bookmark.objects.all(), "user_id", "page_id"),
    "areas": rows(FollowedArea.objects.all(), "user_id", "area_id"),
    "votes": rows(Vote.objects.all(), "id", "poll_id"),
    "choices": rows(VoteChoice.objects.all(), "vote_id", "option_id"),
    "documents": sorted(
        [d.title, d.file.name, hashlib.sha256(d.file.read()).hexdigest()]
        for d in Document.objects.all()
    ),
}))
"""


def printed(result, prefix):
    (line,) = [line for line in result.stdout.splitlines() if line.startswith(prefix)]
    return line.removeprefix(prefix)


def holdings(stack, **env):
    return json.loads(printed(stack.manage("shell", "--command", HOLDINGS, env=env), "HOLDINGS"))


def run(*command):
    result = subprocess.run(  # noqa: S603 - PostgreSQL's and rsync's binaries, fixed arguments
        [str(part) for part in command], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"{command}: {result.stderr}"
    return result


def test_a_dump_and_the_media_restored_into_a_fresh_database_hold_the_same_site(tmp_path):
    logs = tmp_path / "logs"
    logs.mkdir()
    cluster, redis_server, stack = PostgresCluster(), RedisServer(logs), None
    try:
        cluster.start()
        redis_server.start()
        administer(cluster.server, ("CREATE DATABASE mmhub", None))
        stack = Stack(
            env=node_environment(cluster.server, "mmhub", redis_server.url, tmp_path)
            | {"TASKS_BACKEND": "immediate"},
            database="mmhub",
            redis_url=redis_server.url,
            server=cluster.server,
            logs=logs,
        )
        media = tmp_path / "media"  # node_environment's MEDIA_ROOT
        stack.manage("migrate", "--noinput", "--verbosity", "0")
        for command in SETUP:
            stack.manage(command)
        feed_token = printed(stack.manage("shell", "--command", ADD_DOCUMENT_AND_FEED), "FEED")
        before = holdings(stack)
        assert all(before[kind] for kind in before), {
            kind: len(rows) for kind, rows in before.items()
        }

        # Backups, as deploy.md says (the server's own binaries, this cluster's address).
        dump = tmp_path / "mmhub.dump"
        address = ["-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres"]
        run(POSTGRES_BIN / "pg_dump", *address, "-Fc", "-f", dump, "mmhub")
        run("rsync", "-a", f"{media}/", tmp_path / "media-backup")

        # Restore drill: a fresh database and media folder.
        administer(cluster.server, ("CREATE DATABASE mmhub_restored", None))
        run(
            POSTGRES_BIN / "pg_restore",
            *address,
            "--clean",
            "--if-exists",
            "--no-owner",
            "-d",
            "mmhub_restored",
            dump,
        )
        restored_media = tmp_path / "media-restored"
        run("rsync", "-a", f"{tmp_path / 'media-backup'}/", restored_media)
        restored = {
            "DATABASE_URL": stack.env["DATABASE_URL"].replace("/mmhub", "/mmhub_restored"),
            "MEDIA_ROOT": str(restored_media),
        }
        stack.env |= restored
        stack.manage("migrate", "--noinput", "--verbosity", "0")  # nothing to do: same code
        stack.manage("collectstatic", "--noinput", "--verbosity", "0")

        assert holdings(stack) == before

        # Step 5 of the drill: the restored site serves what it held.
        start_node(stack, "A")
        wait_until_ready(stack)
        node = stack.nodes["A"]
        reader = requests.Session()
        declare(reader, node)
        assert reader.get(node + FLAGSHIP_PATH, timeout=15).status_code == 200
        _title, name, _digest = before["documents"][0]
        file_url = f"{node}/documents/{document_id(stack)}/{name.rsplit('/', 1)[-1]}"
        served = reader.get(file_url, timeout=15)
        assert served.status_code == 200 and served.content == b"protocol v1 " * 500
        sign_in(reader, node)  # the password hash came back with the dump
        feed = requests.get(f"{node}/feeds/{feed_token}/articles.atom", timeout=15)
        assert feed.status_code == 200 and "<feed" in feed.text
    finally:
        if stack is not None:
            for name, process in stack.processes.items():
                stop_node(process, logs / f"node-{name}.log")
        redis_server.stop()
        cluster.remove()


def document_id(stack):
    code = "from wagtail.documents.models import Document; print('ID', Document.objects.get().pk)"
    return printed(stack.manage("shell", "--command", code), "ID ")
