"""A dependency fails under load, and the site answers cleanly and then recovers by itself.

The stack is the production one (tests/deploy/stack.py): a gunicorn web node with the production
settings, on a PostgreSQL server and a Redis server that belong to this module alone, so the
test can stop them without touching the machine's servers or the other suite CI runs beside this
one. Readers, declared at the gate, keep asking for the search page, an article and the article
list from several threads while a server goes away and comes back.

It needs no database of the suite's: it runs in the suite on SQLite only, so CI runs it once, in
the run that has time to spare (the PostgreSQL run is CI's longest).
"""

import threading
import time
from dataclasses import dataclass

import pytest
import requests

from tests.conftest import FLAGSHIP_PATH
from tests.deploy.stack import (
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

READERS = 4  # threads asking at the same time
PAGES = ["/search/?q=lenalidomide", FLAGSHIP_PATH, "/articles/"]
DATABASE = "mmhub_faults"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    logs = tmp / "logs"
    logs.mkdir()
    cluster = PostgresCluster()
    redis_server = RedisServer(logs)
    stack = None
    try:
        cluster.start()
        redis_server.start()
        from psycopg import sql

        administer(
            cluster.server, (sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)), None)
        )
        stack = Stack(
            env=node_environment(cluster.server, DATABASE, redis_server.url, tmp)
            | {"WEB_THREADS": str(READERS)},
            database=DATABASE,
            redis_url=redis_server.url,
            server=cluster.server,
            logs=logs,
        )
        stack.cluster, stack.redis_server = cluster, redis_server
        stack.manage("collectstatic", "--noinput", "--verbosity", "0")
        stack.manage("migrate", "--noinput", "--verbosity", "0")
        for command in ("load_demo_content", "create_demo_accounts"):
            stack.manage(command, env={"TASKS_BACKEND": "immediate"})
        start_node(stack, "A")
        wait_until_ready(stack)
        yield stack
    finally:
        if stack is not None:
            for node, process in stack.processes.items():
                stop_node(process, logs / f"node-{node}.log")
        redis_server.stop()
        cluster.remove()


@dataclass
class Answer:
    at: float
    path: str
    status: int  # 0: no HTTP answer at all
    retry_after: str | None
    text: str


class Readers:
    """Threads that keep asking for PAGES, each a declared reader with its own cookies."""

    def __init__(self, node):
        self.node, self.answers, self.stopping = node, [], threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.read, args=(n,)) for n in range(READERS)]

    def read(self, number):
        session = requests.Session()
        declare(session, self.node)
        while not self.stopping.is_set():
            path = PAGES[number % len(PAGES)]
            number += 1
            try:
                response = session.get(self.node + path, timeout=15, allow_redirects=False)
                answer = Answer(
                    time.monotonic(),
                    path,
                    response.status_code,
                    response.headers.get("Retry-After"),
                    response.text,
                )
            except requests.RequestException as error:
                answer = Answer(time.monotonic(), path, 0, None, repr(error))
            with self.lock:
                self.answers.append(answer)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def since(self, moment):
        with self.lock:
            return [answer for answer in self.answers if answer.at >= moment]

    def wait_for(self, count, since):
        deadline = time.monotonic() + 60
        while len(self.since(since)) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(self.since(since)) >= count, "the readers stopped getting answers"


def summary(answers):
    counts = {}
    for answer in answers:
        counts[(answer.path, answer.status)] = counts.get((answer.path, answer.status), 0) + 1
    return counts


def test_a_postgresql_restart_under_load_is_503_with_retry_after_then_recovers(stack):
    with Readers(stack.nodes["A"]) as readers:
        started = time.monotonic()
        readers.wait_for(30, since=started)
        assert {answer.status for answer in readers.since(started)} == {200}, summary(
            readers.since(started)
        )

        stopped = time.monotonic()
        stack.cluster.stop("fast")  # sessions ended at once: queries in flight fail
        readers.wait_for(20, since=stopped)
        time.sleep(2)
        stack.cluster.start()
        back = time.monotonic()
        # It recovers by itself: within a few seconds every answer is a page again.
        deadline, recovered_at = back + 30, None
        while time.monotonic() < deadline:
            time.sleep(0.5)
            recent = readers.since(time.monotonic() - 3)
            if recent and all(answer.status == 200 for answer in recent):
                recovered_at = time.monotonic()
                break
        readers.wait_for(10, since=time.monotonic())
    during = [answer for answer in readers.answers if answer.at >= stopped]

    assert recovered_at is not None, f"not recovered 30 s after the restart: {summary(during)}"
    assert recovered_at - back < 15, summary(during)
    unclean = [a for a in during if a.status not in (200, 503)]
    assert not unclean, [(a.path, a.status, a.text[:300]) for a in unclean]
    unavailable = [answer for answer in during if answer.status == 503]
    assert unavailable, f"no request felt the restart: {summary(during)}"
    for answer in unavailable:
        assert answer.retry_after == "5"
        assert "MM Hub is briefly unavailable" in answer.text
    # Every page kind was asked while the database was away, and each failed cleanly or was
    # served without it (an article comes from the shared cache).
    assert {answer.path for answer in during} == set(PAGES)
    searches = [answer for answer in unavailable if answer.path.startswith("/search/")]
    assert searches, summary(during)


def readiness(stack):
    return requests.get(f"{stack.nodes['A']}/health/ready/", timeout=10)


def signed_in(node):
    session = requests.Session()
    declare(session, node)
    sign_in(session, node)
    return session


def still_signed_in(session, node):
    """The profile is for signed-in readers only: anyone else is sent to sign in."""
    response = session.get(f"{node}/accounts/profile/", allow_redirects=False, timeout=15)
    return response.status_code == 200 and "Our team verified your registration" in response.text


PUBLISH_WORD = """
from mmhub.content.models import ArticlePage
page = ArticlePage.objects.get(slug="maia-daratumumab-rd-transplant-ineligible").get_latest_revision_as_object()
page.standfirst = page.standfirst + " {word}"
page.save_revision().publish()
"""


def search_finds(session, node, word):
    response = session.get(f"{node}/search/", params={"q": word}, timeout=15)
    assert response.status_code == 200, response.status_code
    return "maia-daratumumab-rd-transplant-ineligible" in response.text


def test_without_redis_pages_sessions_and_tasks_carry_on_and_come_back_with_it(stack):
    node = stack.nodes["A"]
    reader = signed_in(node)
    assert still_signed_in(reader, node)
    with Readers(node) as readers:
        started = time.monotonic()
        readers.wait_for(20, since=started)

        stack.redis_server.stop()  # killed, as in a crash: what it held is gone
        stopped = time.monotonic()
        readers.wait_for(40, since=stopped)
        # The node stays in the balancer: it serves, and says what it is missing.
        ready = readiness(stack)
        assert ready.status_code == 200
        assert ready.json() == {
            "status": "degraded",
            "database": "ok",
            "cache": "unavailable",
            "queue": "unavailable",
        }
        # The signed-in reader's session is read from the database.
        assert still_signed_in(reader, node)
        # An editor publishes: Wagtail's search-index task cannot go to Redis and runs in place.
        published = stack.shell(PUBLISH_WORD.format(word="zqredisaway"))
        assert "Redis did not take the task modelsearch.tasks" in published.stderr
        assert search_finds(reader, node, "zqredisaway")

        stack.redis_server.start()  # empty: a Redis that lost everything
        back = time.monotonic()
        readers.wait_for(40, since=back)
        deadline = time.monotonic() + 15
        while readiness(stack).json()["status"] != "ok" and time.monotonic() < deadline:
            time.sleep(0.5)
        assert readiness(stack).json() == {
            "status": "ok",
            "database": "ok",
            "cache": "ok",
            "queue": "ok",
        }
    during = [answer for answer in readers.answers if answer.at >= started]

    unclean = [a for a in during if a.status != 200]
    assert not unclean, [(a.path, a.status, a.text[:300]) for a in unclean]
    assert len([a for a in during if stopped <= a.at < back]) >= 40
    assert still_signed_in(reader, node)  # the session survives Redis losing its copy
    # With Redis back, tasks go to the queue again for the workers (none runs in this test).
    stack.shell(PUBLISH_WORD.format(word="zqredisback"))
    assert stack.queue().count >= 1
    assert "modelsearch.tasks" in " ".join(stack.queued().values())
