"""Two web nodes on one PostgreSQL database and one Redis: what a reader does on one node holds on
the other, and what an editor publishes shows on both.

The stack is the production one (`deploy/serve.sh`): two gunicorn processes with production
settings on two loopback ports, sharing a PostgreSQL database made for this module and Redis
database 11 (cache, sessions, task queue). Each node runs ONE worker process, so every check
crosses a process boundary: state kept in a process's memory cannot pass for shared state.

One `requests.Session` alternates between the nodes, as a browser behind a load balancer that
does not pin readers to a node: both nodes get the same Host header, as behind the balancer (the
shared route cache is keyed by it), and the session's cookies go to both.

1. The HCP declaration made on node A lets node B serve articles, through the shared session
   alone and through the signed gate cookie alone (one SECRET_KEY).
2. A sign-in on node A is valid on node B (sessions: cached_db on Redis and PostgreSQL).
3. A bookmark made on B is on A's saved list; a vote cast on A is in B's results, counted once,
   and a second vote on B is refused.
4. A change published while both nodes have the article (and the article beside it) rendered
   and cached shows on both: new title, standfirst and body text, the old ones gone, also in the
   "More in these areas" card of another article that was not published again.
   A reader on node B while a publication is being committed sees the old version but does
   not leave it cached for every node (the generation starts again on commit).
5. A task queued by one node is run by a worker and its effect seen on the other: the demo
   editor copies and publishes an article in the Wagtail admin on node A; with
   TASKS_BACKEND=rq that request queues the search-index update (Wagtail/modelsearch's
   `insert_or_update_object_task`, enqueued on the page's post_save) and the recommender
   refresh (`mmhub.personal.tasks.refresh_content_vector`, after the commit) in Redis, and
   nothing runs them. Node B already serves the new page (publishing itself is a database
   write) but its search does not find it, while it finds the demo articles indexed at setup.
   Then an RQ worker (`manage.py rqworker --burst`, a third process) empties the queue with no
   failed job, and node B's search finds the new article. The search index is the effect
   chosen because a reader sees it on a node that neither queued nor ran the task; the
   recommender refresh runs in the same batch but shows only indirectly.

PostgreSQL and Redis only: CI runs it against PostgreSQL. Takes two to three minutes on a busy
2-core machine, half of it migrating the module's database and loading the demo content.
"""

import html
import os
import re
import secrets
import select
import string
import subprocess
import sys
import textwrap
import time

import pytest
import requests
from django.db import connection

from tests.conftest import FLAGSHIP_PATH, FLAGSHIP_SLUG, REPO, needs_redis
from tests.deploy.stack import (
    HCP_EMAIL,
    Stack,
    administer,
    csrf_token,
    declare,
    drop_database,
    node_environment,
    postgres_server,
    sign_in,
    start_node,
    stop_node,
    tail,
    wait_until_ready,
)

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two web nodes and a worker share one database: the suite's SQLite database "
        "cannot be shared between processes; CI runs this test against PostgreSQL",
    ),
    needs_redis,
]

REDIS_DB = 11  # this module's own: another suite uses 13-15 at the same time
PUBLIC_HOST = "127.0.0.1"  # the Host header both nodes get (in ALLOWED_HOSTS)
SETTLE_TIMEOUT = 15  # a change published or a task run shows on every node within this
EDITOR = ("editor", "myeloma-demo-editor")  # create_demo_editor
# Shares an area with the flagship and is older: its "More in these areas" lists the flagship.
NEIGHBOUR_PATH = "/articles/myeloma-xi-mrd-after-asct-lenalidomide/"
ALREADY_VOTED = "You have already voted in this poll, and a vote cannot be changed."
THANKS = "Thank you: your vote is counted."
DEMO_SETUP = ["load_demo_content", "create_demo_editor", "create_demo_accounts", "load_demo_polls"]


def unique_word():
    """A made-up word no demo text contains, letters only (kept whole by the search parser)."""
    return "zq" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """The module's database, migrated and loaded with the demo content, and two web nodes."""
    tmp = tmp_path_factory.mktemp("scale-out")
    logs = tmp / "logs"
    logs.mkdir()
    server = postgres_server()
    name = f"mmhub_scaleout_{os.getpid()}"  # the database
    redis_url = f"redis://127.0.0.1:6379/{REDIS_DB}"
    stack = Stack(
        env=node_environment(server, name, redis_url, tmp),
        database=name,
        redis_url=redis_url,
        server=server,
        logs=logs,
    )
    stack.redis().flushdb()
    drop_database(server, name)
    from psycopg import sql

    administer(server, (sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)), None))
    collectstatic = None
    try:
        # Static files (whitenoise's manifest storage) while the database is migrated.
        collectstatic = subprocess.Popen(  # noqa: S603 - our interpreter and manage.py
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=REPO,
            env=stack.env,
            stdout=subprocess.DEVNULL,
            stderr=open(logs / "manage-00-collectstatic.log", "w"),  # noqa: SIM115
        )
        stack.manage("migrate", "--noinput")
        # The demo setup runs its tasks in place (as a worker would have by the time the nodes
        # serve): demo articles are in the search index, and the queue starts empty.
        stack.manage(
            "shell",
            "--verbosity",
            "0",
            "--command",
            "from django.core.management import call_command\n"
            f"for name in {DEMO_SETUP!r}:\n"
            "    call_command(name)\n",
            env={"TASKS_BACKEND": "immediate"},
        )
        assert collectstatic.wait(timeout=300) == 0, (
            f"collectstatic failed:\n{(logs / 'manage-00-collectstatic.log').read_text()}"
        )
        assert stack.queue().count == 0, f"jobs queued during setup: {stack.queued()}"
        start_node(stack, "A")
        start_node(stack, "B")
        wait_until_ready(stack)
        yield stack
    finally:
        if collectstatic is not None and collectstatic.poll() is None:
            collectstatic.kill()
            collectstatic.wait()
        for node, process in stack.processes.items():
            stop_node(process, logs / f"node-{node}.log")
        drop_database(server, name)
        stack.redis().flushdb()


# The reader's side: forms read from the pages, posted like a browser without JavaScript ---------


def squash(text):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def first(pattern, page, what):
    match = re.search(pattern, page, re.S)
    assert match, f"no {what} in the page"
    return match.group(1)


def get(session, url):
    """A page that must be served as it is: not the gate, a sign-in page or an error."""
    response = session.get(url, allow_redirects=False)
    assert response.status_code == 200, (
        f"GET {url}: {response.status_code} {response.headers.get('Location', '')}"
    )
    return response.text


def gated(session, url):
    response = session.get(url, allow_redirects=False)
    return response.status_code == 302 and "/gate/" in response.headers["Location"]


def browser():
    """One browser for both nodes. Both get the same Host header, as behind a load balancer
    (the route cache is keyed by it); cookies are stored for that host and sent to both."""
    session = requests.Session()
    session.headers["Host"] = PUBLIC_HOST
    return session


def signed_in_reader(stack):
    session = browser()
    declare(session, stack.a)
    sign_in(session, stack.a)
    return session


def eventually(check, what, timeout=SETTLE_TIMEOUT):
    """Polls `check()` (None when satisfied, else what is still wrong) until `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        problem = check()
        if problem is None:
            return
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {timeout} s: {problem}")
        time.sleep(0.5)


# 1-3: a reader's state, made on one node, holds on the other --------------------------------------


def test_the_declaration_made_on_one_node_holds_on_the_other(stack):
    reader = browser()
    assert gated(reader, stack.b + FLAGSHIP_PATH), "node B serves the article undeclared"

    declare(reader, stack.a)

    page = get(reader, stack.b + FLAGSHIP_PATH)
    assert "Myeloma XI" in squash(first(r"<h1[^>]*>(.*?)</h1>", page, "heading"))
    cookies = reader.cookies.get_dict()
    assert {"sessionid", "mmhub_hcp"} <= set(cookies), cookies
    # Either way alone is enough on the other node: the session in the shared store, and the
    # gate cookie signed with the key both nodes share.
    for only in ("sessionid", "mmhub_hcp"):
        one_cookie = browser()
        one_cookie.cookies.set(only, cookies[only], domain=PUBLIC_HOST, path="/")
        assert not gated(one_cookie, stack.b + FLAGSHIP_PATH), f"node B ignores {only}"
        assert not gated(one_cookie, stack.a + FLAGSHIP_PATH), f"node A ignores {only}"


def test_a_sign_in_on_one_node_is_valid_on_the_other(stack):
    reader = browser()
    declare(reader, stack.a)
    profile = reader.get(f"{stack.b}/accounts/profile/", allow_redirects=False)
    assert profile.status_code == 302 and "/accounts/login/" in profile.headers["Location"]

    sign_in(reader, stack.a)

    page = get(reader, f"{stack.b}/accounts/profile/")
    assert HCP_EMAIL in page
    assert "Sign out" in get(reader, stack.b + FLAGSHIP_PATH)


def test_a_bookmark_and_a_vote_made_on_one_node_show_on_the_other(stack):
    reader = signed_in_reader(stack)
    saved_titles = r'<h3 class="saved-item__title"><a href="([^"]+)"'
    assert FLAGSHIP_PATH not in re.findall(saved_titles, get(reader, f"{stack.a}/personal/saved/"))

    # Bookmarked on B, listed on A.
    article = get(reader, stack.b + FLAGSHIP_PATH)
    page_id = first(
        r'<form class="bookmark[^"]*" method="post" action="/personal/saved/(\d+)/"',
        article,
        "bookmark form",
    )
    response = reader.post(
        f"{stack.b}/personal/saved/{page_id}/",
        data={"action": "save", "next": FLAGSHIP_PATH, "csrfmiddlewaretoken": csrf_token(article)},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.status_code
    assert FLAGSHIP_PATH in re.findall(saved_titles, get(reader, f"{stack.a}/personal/saved/"))

    # Voted on A, in the results on B, once.
    article = get(reader, stack.a + FLAGSHIP_PATH)
    poll = first(r'(<section class="poll".*?</section>)', article, "poll")
    poll_id = first(r'id="poll-(\d+)"', poll, "poll id")
    options = re.findall(r'name="option" value="(\d+)"', poll)
    assert options, "the poll offers no vote to the signed-in reader"
    before = stack.scalar("SELECT count(*) FROM polls_vote WHERE poll_id = %s", int(poll_id))
    response = reader.post(
        f"{stack.a}/polls/{poll_id}/vote/",
        data={
            "option": options[0],
            "next": FLAGSHIP_PATH,
            "csrfmiddlewaretoken": csrf_token(article),
        },
        allow_redirects=False,
    )
    assert response.status_code == 302, response.status_code

    poll = squash(
        first(r'(<section class="poll".*?</section>)', get(reader, stack.b + FLAGSHIP_PATH), "poll")
    )
    assert THANKS in poll, f"the notice kept in the session on A is not shown on B: {poll}"
    assert f"Results from {before + 1} respondents" in poll, poll
    assert "Your answer" in poll, poll

    # A second vote, sent to the other node, is refused and changes nothing.
    article = get(reader, stack.b + FLAGSHIP_PATH)
    response = reader.post(
        f"{stack.b}/polls/{poll_id}/vote/",
        data={
            "option": options[-1],
            "next": FLAGSHIP_PATH,
            "csrfmiddlewaretoken": csrf_token(article),
        },
        allow_redirects=False,
    )
    assert response.status_code == 302, response.status_code
    poll = squash(
        first(r'(<section class="poll".*?</section>)', get(reader, stack.a + FLAGSHIP_PATH), "poll")
    )
    assert ALREADY_VOTED in poll, poll
    assert f"Results from {before + 1} respondents" in poll, poll
    assert (
        stack.scalar("SELECT count(*) FROM polls_vote WHERE poll_id = %s", int(poll_id))
        == before + 1
    )


# 4: publishing reaches every node's caches ---------------------------------------------------------

PUBLISH_CHANGE = """
from wagtail.models import Locale
from wagtail.rich_text import RichText
from mmhub.content.models import ArticlePage

page = ArticlePage.objects.get(slug={slug!r}, locale=Locale.get_default())
page = page.get_latest_revision_as_object()
page.title = {title!r}
page.standfirst = {standfirst!r}
blocks = [(block.block_type, block.value) for block in page.body]
first_text = next(i for i, (kind, _) in enumerate(blocks) if kind == "text")
blocks[first_text] = ("text", RichText({paragraph!r} + blocks[first_text][1].source))
page.body = blocks
page.save_revision().publish()
"""


def article_as_shown(page):
    """What a reader sees of the flagship on its own page and on a neighbour's card."""
    return {
        "title": squash(first(r"<h1[^>]*>(.*?)</h1>", page, "heading")),
        "standfirst": squash(first(r'<p class="lead"[^>]*>(.*?)</p>', page, "standfirst")),
    }


def flagship_card(page):
    """The flagship's title on a "More in these areas" card."""
    title = first(
        rf'<h3 class="card__title"><a href="{re.escape(FLAGSHIP_PATH)}"[^>]*>(.*?)</a>',
        page,
        "card for the flagship article",
    )
    return squash(title)


def change(word):
    return {
        "title": f"Lenalidomide maintenance after Myeloma XI, revised {word}",
        "standfirst": f"Revised standfirst {word}: what maintenance changed.",
        "paragraph": f"Revised body {word}.",
    }


def publish_change_code(new):
    return PUBLISH_CHANGE.format(
        slug=FLAGSHIP_SLUG,
        title=new["title"],
        standfirst=new["standfirst"],
        paragraph=f"<p>{new['paragraph']}</p>",
    )


def as_seen_everywhere(reader, stack):
    """The flagship's title and standfirst, and its card's title on the neighbour, as each node
    shows them (twice each, so every node has rendered and cached them); the same on both."""
    seen = {}
    for _ in range(2):
        for name, node in stack.nodes.items():
            seen[name] = article_as_shown(get(reader, node + FLAGSHIP_PATH))
            seen[name]["card"] = flagship_card(get(reader, node + NEIGHBOUR_PATH))
    assert seen["B"] == seen["A"], seen
    assert seen["A"]["card"] == seen["A"]["title"], seen
    return seen["A"]


def change_shown(reader, node, old, new):
    """A check for eventually(): what `node` still shows of the `old` version, if anything."""

    def check():
        page = reader.get(node + FLAGSHIP_PATH, allow_redirects=False)
        if page.status_code != 200:
            return f"the article answered {page.status_code}"
        shown = article_as_shown(page.text)
        body = squash(first(r'<div class="article__body">(.*)', page.text, "body"))
        neighbour = reader.get(node + NEIGHBOUR_PATH, allow_redirects=False).text
        problems = [
            f"the {what} is {shown[what]!r}, not {new[what]!r}"
            for what in ("title", "standfirst")
            if shown[what] != new[what]
        ]
        if new["paragraph"] not in body:
            problems.append("the body lacks the new paragraph (an old rendering)")
        if old["standfirst"] in squash(page.text):
            problems.append("the old standfirst is still on the page")
        card = flagship_card(neighbour)
        if card != new["title"]:
            problems.append(f"the card on {NEIGHBOUR_PATH} still says {card!r}")
        if old["standfirst"] in squash(neighbour):
            problems.append(f"the old standfirst is still on {NEIGHBOUR_PATH}")
        return "; ".join(problems) or None

    return check


def test_a_published_change_shows_on_every_node(stack):
    reader = browser()
    declare(reader, stack.a)
    # Both nodes render (and cache) the article and its neighbour before the change.
    old = as_seen_everywhere(reader, stack)
    new = change(unique_word())

    stack.shell(publish_change_code(new))

    for name, node in stack.nodes.items():
        eventually(
            change_shown(reader, node, old, new), f"node {name} did not show the published change"
        )


def test_a_reader_during_a_publication_does_not_keep_the_old_version_cached(stack):
    """Publishing takes a moment between its first write and its commit; a reader on another
    node in that moment rightly sees the old version, but must not leave it cached for everyone
    afterwards. The moment is held open here: the publishing process waits before committing."""
    reader = browser()
    declare(reader, stack.b)
    old = as_seen_everywhere(reader, stack)
    new = change(unique_word())
    code = (
        "import sys\nfrom django.db import transaction\n\nwith transaction.atomic():\n"
        + textwrap.indent(publish_change_code(new), "    ")
        + "\n    print('published', flush=True)\n    sys.stdin.readline()\n"
    )
    log = open(stack.logs / "manage-publish-held-open.log", "w")  # noqa: SIM115
    publisher = subprocess.Popen(  # noqa: S603 - our interpreter and manage.py
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "--command", code],
        cwd=REPO,
        env=stack.env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    log.close()
    try:
        ready, _, _ = select.select([publisher.stdout], [], [], 180)
        assert ready and publisher.stdout.readline().strip() == "published", (
            "the publishing process did not get to its commit"
        )
        # Not committed: node B shows the old version, the article and its neighbour's card.
        during = article_as_shown(get(reader, stack.b + FLAGSHIP_PATH))
        assert during["standfirst"] == old["standfirst"], during
        assert flagship_card(get(reader, stack.b + NEIGHBOUR_PATH)) == old["title"]
        publisher.stdin.write("commit\n")
        publisher.stdin.close()
        assert publisher.wait(timeout=60) == 0, "the publishing process failed"
    finally:
        if publisher.poll() is None:
            publisher.kill()
            publisher.wait()

    for name, node in stack.nodes.items():
        eventually(
            change_shown(reader, node, old, new),
            f"node {name} kept the version read while the publication was being committed",
        )


# 5: a task queued by one node, run by a worker, seen on the other ----------------------------------


def copy_and_publish(editor, node, page_id, title, slug):
    """The Wagtail admin's "Copy" with "Publish copied page", as the demo editor does it."""
    form = editor.get(f"{node}/admin/pages/{page_id}/copy/", allow_redirects=False)
    assert form.status_code == 200, f"copy form: {form.status_code}"
    parent_input = first(r'(<input[^>]*name="new_parent_page"[^>]*>)', form.text, "parent field")
    response = editor.post(
        f"{node}/admin/pages/{page_id}/copy/",
        data={
            "csrfmiddlewaretoken": csrf_token(form.text),
            "new_title": title,
            "new_slug": slug,
            "new_parent_page": first(r'value="(\d+)"', parent_input, "parent page"),
            "publish_copies": "on",
        },
        allow_redirects=False,
    )
    assert response.status_code == 302, f"the copy was refused ({response.status_code})"


def search_hits(session, node, query):
    page = get(session, f"{node}/search/?q={query}")
    return re.findall(r'<h2 class="search-result__title"><a href="([^"]+)"', page)


def test_a_task_queued_by_one_node_is_run_by_a_worker_and_seen_on_the_other(stack):
    reader = browser()
    declare(reader, stack.b)
    article = get(reader, stack.b + FLAGSHIP_PATH)
    page_id = first(r'action="/personal/saved/(\d+)/"', article, "page id")
    editor = browser()
    login = editor.get(f"{stack.a}/admin/login/")
    response = editor.post(
        f"{stack.a}/admin/login/",
        data={
            "username": EDITOR[0],
            "password": EDITOR[1],
            "csrfmiddlewaretoken": csrf_token(login.text),
        },
        allow_redirects=False,
    )
    assert response.status_code == 302 and "/login/" not in response.headers["Location"]
    word = unique_word()
    path = f"/articles/scale-out-copy-{word}/"
    # Search works on B, and does not know the word yet.
    assert search_hits(reader, stack.b, "lenalidomide"), "node B's search finds nothing"
    assert search_hits(reader, stack.b, word) == []
    waiting_before = stack.queued()

    copy_and_publish(editor, stack.a, page_id, f"Scale-out copy {word}", f"scale-out-copy-{word}")

    new_jobs = [
        description for job, description in stack.queued().items() if job not in waiting_before
    ]
    assert any(
        job.startswith("modelsearch.tasks.insert_or_update_object_task('content', 'articlepage'")
        for job in new_jobs
    ), f"publishing on node A queued no search-index update: {new_jobs}"
    assert any(
        job.startswith("mmhub.personal.tasks.refresh_content_vector(") for job in new_jobs
    ), f"publishing on node A queued no recommender refresh: {new_jobs}"
    # Published (the page is served by B), but not indexed: nothing ran the queued tasks.
    assert f"Scale-out copy {word}" in get(reader, stack.b + path)
    time.sleep(1)
    assert search_hits(reader, stack.b, word) == [], (
        "node B found the article before any worker ran"
    )

    worker = stack.manage(
        "rqworker", "--job-class", "django_tasks_rq.Job", "default", "--burst", timeout=180
    )

    queue = stack.queue()
    assert queue.count == 0, f"jobs left in the queue: {stack.queued()}"
    assert queue.failed_job_registry.count == 0, (
        f"jobs failed in the worker:\n{tail(worker.stderr)}"
    )
    eventually(
        lambda: None if search_hits(reader, stack.b, word) == [path] else "not found",
        f"node B's search did not find {path} after the worker ran",
    )
    assert search_hits(reader, stack.a, word) == [path]
