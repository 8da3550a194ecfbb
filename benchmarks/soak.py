# ruff: noqa: S603, S607 - runs this checkout's manage.py, gunicorn and wrk
"""Soak: mixed traffic on the production-like stack for a while. `make soak DURATION=600`.

Starts what `make serve` runs (production settings; gunicorn, an RQ worker and the digest
scheduler; PostgreSQL and Redis on loopback; a real SMTP server, aiosmtpd, for the mail the
traffic sends) on a database of its own, then drives it with wrk at 32 connections:

  50%  article pages, as signed-in readers (8 of them, taking turns)
  10%  home pages, with the reader's recommendations
  10%  searches
  10%  bookmarks saved and removed (POST, with the reader's CSRF token)
  10%  votes, each from a new visitor who has declared (POST)
  10%  newsletter sign-ups, each for a new address (POST; the confirmation mail goes out)

It reports errors (goal 0: any status of 400 or more, or a socket error), p50 and p99 latency,
and the memory of every web and worker process at the start and the end (goal: < 10% growth).
Then it checks that nothing was lost: every vote answered as counted is a row, every sign-up
answered as taken is a subscriber with one confirmation mail.

Exit status 1 when there were errors or something was lost; also when memory grew by 10% or more
in a run of at least 300 s (a shorter run measures the caches filling, not a leak). CI runs
`make soak DURATION=60`.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
from bench_pages import (
    PROXY_HEADERS,
    ROOT,
    manage,
    parse_wrk,
    run_wrk,
    sign_in,
    stack_environment,
    start_server,
    worker_pids,
)

PYTHON = sys.executable
GOAL_MEMORY_GROWTH = 0.10
MEMORY_GOAL_FROM_SECONDS = 300
READERS = 8
# The traffic mix: one slot per twentieth of the requests.
MIX = ["article"] * 10 + ["home"] * 2 + ["search"] * 2 + ["bookmark"] * 2
MIX += ["vote"] * 2 + ["subscribe"] * 2
SEARCHES = ["lenalidomide", "Myeloma XI", "daratumumab maintenance", "MRD", "transplant"]
LOAD_PASSWORD = "load-test-password"  # noqa: S105 - generate_load_data's default


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=600, help="seconds of traffic")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/mmhub_soak")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/4")
    parser.add_argument("--port", type=int, default=8412)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--articles", type=int, default=2_000, help="generated articles")
    parser.add_argument("--users", type=int, default=1_000, help="generated readers")
    parser.add_argument("--reuse", action="store_true", help="keep the database of a last run")
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON too")
    return parser.parse_args(argv)


# Data ------------------------------------------------------------------------------------------

PROBE = """
import json
from django.contrib.auth import get_user_model
from mmhub.content.models import live_articles
from mmhub.ops.loaddata import LOAD_EMAIL_DOMAIN
from mmhub.polls.models import Poll
from mmhub.newsletter.models import Subscriber
from mmhub.polls.models import Vote
readers = list(
    get_user_model().objects.filter(email__endswith="@" + LOAD_EMAIL_DOMAIN).order_by("pk")[:{readers}]
)
articles = list(live_articles(readers[0]).only("id", "url_path")[:200]) if readers else []
polls = [
    {{"id": poll.pk, "option": poll.options.first().pk}}
    for poll in Poll.objects.all() if poll.status() == "open" and not poll.accounts_only and poll.options.exists()
]
print("PROBE" + json.dumps({{
    "readers": [reader.email for reader in readers],
    "articles": [[article.pk, article.get_url()] for article in articles],
    "polls": polls,
    "votes": Vote.objects.count(),
    "subscribers": Subscriber.objects.count(),
}}))
"""


def probe(env):
    output = manage(env, "shell", "-c", PROBE.format(readers=READERS), capture=True)
    (line,) = [line for line in output.splitlines() if line.startswith("PROBE")]
    return json.loads(line.removeprefix("PROBE"))


def prepare_data(args, env):
    if not args.reuse:
        from urllib.parse import urlsplit

        import psycopg

        url = urlsplit(args.database_url)
        name = url.path.lstrip("/")
        with psycopg.connect(
            host=url.hostname,
            port=url.port or 5432,
            user=url.username or "postgres",
            password=url.password,
            dbname="postgres",
            autocommit=True,
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # noqa: S608
    manage(env, "create_database")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    found = probe(env)
    if not found["readers"]:
        print(f"Loading the demo and {args.articles} articles, {args.users} readers", flush=True)
        for step in ("load_demo_content", "create_demo_accounts", "load_demo_polls"):
            manage(env, step)
        manage(
            env, "generate_load_data", "--articles", str(args.articles), "--users", str(args.users)
        )
        found = probe(env)
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    if not found["polls"]:
        raise SystemExit("No open poll with options in the data: the soak needs one to vote in.")
    return found


# Mail ------------------------------------------------------------------------------------------


class Mailbox:
    """What the site's SMTP server received: one count per recipient."""

    def __init__(self):
        self.recipients = {}
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for address in envelope.rcpt_tos:
                self.recipients[address] = self.recipients.get(address, 0) + 1
        return "250 Message accepted for delivery"


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Traffic ---------------------------------------------------------------------------------------

LUA = """
-- Generated by benchmarks/soak.py. Each request says its kind in X-Request-ID (the site sends it
-- back), so each answer is counted for the kind of request it answers.
local readers = %(readers)s
local visitor = %(visitor)s
local articles = %(articles)s
local polls = %(polls)s
local searches = %(searches)s
local mix = %(mix)s
local referer = %(referer)s
local run = %(run)s  -- every wrk run its own addresses
local counter = 0
local thread_id = 0
local counts = {}
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

local function pick(list) return list[counter %% #list + 1] end

local function form(fields)
  local parts = {}
  for _, pair in ipairs(fields) do
    table.insert(parts, pair[1] .. "=" .. pair[2])
  end
  return table.concat(parts, "&")
end

local function post(path, who, fields, kind)
  table.insert(fields, {"csrfmiddlewaretoken", who.csrf})
  local headers = {
    ["Cookie"] = who.cookie,
    ["Referer"] = referer,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Request-ID"] = kind .. "-" .. thread_id .. "-" .. counter,
  }
  -- A vote as the poll's own script sends it: the answer says whether it was counted.
  if kind == "vote" then headers["HX-Request"] = "true" end
  return wrk.format("POST", path, headers, form(fields))
end

request = function()
  counter = counter + 1
  local kind = mix[counter %% #mix + 1]
  local reader = readers[(counter * 7) %% #readers + 1]
  local id = kind .. "-" .. thread_id .. "-" .. counter
  if kind == "article" then
    return wrk.format("GET", pick(articles)[2], {["Cookie"] = reader.cookie, ["X-Request-ID"] = id})
  elseif kind == "home" then
    return wrk.format("GET", "/", {["Cookie"] = reader.cookie, ["X-Request-ID"] = id})
  elseif kind == "search" then
    return wrk.format("GET", "/search/?q=" .. pick(searches), {["Cookie"] = reader.cookie, ["X-Request-ID"] = id})
  elseif kind == "bookmark" then
    local article = articles[(counter * 13) %% #articles + 1]
    local action = (counter %% 4 < 2) and "save" or "remove"
    return post("/personal/saved/" .. article[1] .. "/", reader, {{"action", action}, {"next", "/"}}, kind)
  elseif kind == "vote" then
    local poll = pick(polls)
    return post("/polls/" .. poll.id .. "/vote/", visitor, {{"option", poll.option}, {"next", "/"}}, kind)
  else
    local address = "soak-" .. run .. "-" .. thread_id .. "-" .. counter .. "%%40example.org"
    return post("/newsletter/", visitor, {{"email", address}, {"frequency", "weekly"}, {"consent", "on"}}, kind)
  end
end

response = function(status, headers, body)
  local id = headers["X-Request-ID"] or "unknown-"
  local kind = string.match(id, "^(%%a+)-") or "unknown"
  local key = kind .. " " .. status
  counts[key] = (counts[key] or 0) + 1
  if kind == "vote" and string.find(body, "your vote is counted", 1, true) then
    counts["counted 0"] = (counts["counted 0"] or 0) + 1
  end
end

done = function(summary, latency, requests)
  local all = {}
  for _, thread in ipairs(threads) do
    local part = thread:get("counts")
    for key, n in pairs(part) do all[key] = (all[key] or 0) + n end
  end
  local lines = {}
  for key, n in pairs(all) do table.insert(lines, string.format("%%q: %%d", key, n)) end
  io.write("COUNTS {" .. table.concat(lines, ", ") .. "}\\n")
end
"""


def lua_table(items):
    return "{" + ", ".join(lua_value(item) for item in items) + "}"


def lua_value(value):
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key} = {lua_value(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list | tuple):
        return lua_table(value)
    if isinstance(value, str):
        return json.dumps(value)
    return str(value)


def cookie_header(session, names=None):
    return "; ".join(
        f"{name}={value}"
        for name, value in session.cookies.items()
        if names is None or name in names
    )


def visitor_without_a_session(base):
    """A declared visitor's gate cookie and CSRF cookie, without the session: every request sent
    with them starts a new session, so every vote is a new voter's."""
    session = requests.Session()
    session.headers.update(PROXY_HEADERS)
    form = session.get(base + "/gate/", timeout=30)
    import re

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    session.post(
        base + "/gate/",
        data={"choice": "hcp", "next": "/", "csrfmiddlewaretoken": token},
        headers={"Referer": base.replace("http://", "https://") + "/gate/"},
        timeout=30,
    ).raise_for_status()
    return {
        "cookie": cookie_header(session, {"mmhub_hcp", "csrftoken"}),
        "csrf": session.cookies["csrftoken"],
    }


def write_script(workdir, base, readers, visitor, found):
    values = {
        "readers": lua_table(readers),
        "visitor": lua_value(visitor),
        "articles": lua_table(found["articles"]),
        "polls": lua_table(found["polls"]),
        "searches": lua_table([requests.utils.quote(term) for term in SEARCHES]),
        "mix": lua_table(MIX),
        "referer": json.dumps(base.replace("http://", "https://") + "/"),
        "run": json.dumps(secrets.token_hex(4)),
    }
    script = workdir / f"soak-{values['run'].strip(chr(34))}.lua"
    # counts and thread_id are per thread: setup() sets thread_id, done() reads counts.
    script.write_text(
        (LUA % values)
        .replace("local thread_id = 0", "thread_id = 0")
        .replace("local counts = {}", "counts = {}")
    )
    return script


def wrk(base, script, connections, seconds):
    output = run_wrk(base + "/", script, connections, seconds)
    figures = parse_wrk(output)
    (line,) = [line for line in output.splitlines() if line.startswith("COUNTS ")]
    counts = {}
    for entry in line.removeprefix("COUNTS {").rstrip("}").split(", "):
        if entry:
            key, number = entry.rsplit(": ", 1)
            kind, status = json.loads(key).split(" ")
            counts.setdefault(kind, {})[int(status)] = int(number)
    figures["counts"] = counts
    figures["requests"] = sum(sum(by_status.values()) for by_status in counts.values())
    return figures


# Processes -------------------------------------------------------------------------------------


def rss_kib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except FileNotFoundError:
        return None
    return None


def start_background(env, workdir, name, *arguments):
    log = open(workdir / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [PYTHON, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    return process


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def processes_to_watch(server, worker, scheduler):
    watched = {f"web worker {n + 1}": pid for n, pid in enumerate(worker_pids(server))}
    # rqworker forks a work horse per job; the long-lived process is the one to watch.
    watched["RQ worker"] = worker.pid
    watched["digest scheduler"] = scheduler.pid
    return watched


def check_nothing_lost(counts, before, after, mailbox, mail_before, connections):
    """Every vote answered as counted is a row, every sign-up answered as taken a subscriber with
    one confirmation mail. wrk stops with up to one request per connection still in flight: the
    server finishes those, so there may be up to that many rows more than answers, never fewer."""
    problems = []
    votes = counts.pop("counted", {}).get(0, 0)
    new_votes = after["votes"] - before["votes"]
    if votes == 0:
        problems.append("no vote was counted: the soak's votes are refused")
    if not votes <= new_votes <= votes + connections:
        problems.append(f"{votes} votes answered as counted, {new_votes} new vote rows")
    signups = counts.get("subscribe", {}).get(302, 0)
    new_subscribers = after["subscribers"] - before["subscribers"]
    time.sleep(2)  # the last confirmation mails are on their way
    mails = sum(mailbox.recipients.values()) - mail_before
    if not signups <= new_subscribers <= signups + connections or mails != new_subscribers:
        problems.append(
            f"{signups} sign-ups answered as taken, {new_subscribers} new subscribers, "
            f"{mails} confirmation mails"
        )
    if any(count > 1 for count in mailbox.recipients.values()):
        problems.append("an address got more than one confirmation mail")
    return problems


# Report ----------------------------------------------------------------------------------------


def report(args, figures, memory, lost):
    counts = figures["counts"]
    errors = figures["socket_errors"] + sum(
        number
        for by_status in counts.values()
        for status, number in by_status.items()
        if status >= 400
    )
    print()
    print(
        f"Soak: {args.duration} s of mixed traffic at {args.connections} connections; "
        f"{args.workers} gunicorn workers x {args.threads} threads, an RQ worker and the digest "
        "scheduler (wrk)"
    )
    print(f"{'kind':<10} {'requests':>9}  answers")
    for kind in ["article", "home", "search", "bookmark", "vote", "subscribe", "unknown"]:
        if kind in counts:
            by_status = ", ".join(f"{status}: {n}" for status, n in sorted(counts[kind].items()))
            print(f"{kind:<10} {sum(counts[kind].values()):>9}  {by_status}")
    print(
        f"all        {figures['requests']:>9}  {figures['rate']:.1f} req/s, "
        f"p50 {figures['p50_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms, "
        f"socket errors {figures['socket_errors']}"
    )
    print()
    print(f"{'process':<18} {'start MiB':>10} {'end MiB':>9} {'growth':>8}")
    worst = 0.0
    for name, (start, end) in memory.items():
        growth = (end - start) / start if start and end else float("nan")
        worst = max(worst, growth) if growth == growth else worst
        print(f"{name:<18} {start / 1024:>10.1f} {end / 1024:>9.1f} {growth:>8.1%}")
    print()
    print(f"goal: 0 errors: {errors} -> {'met' if errors == 0 else 'NOT met'}")
    memory_goal = worst < GOAL_MEMORY_GROWTH
    checked = args.duration >= MEMORY_GOAL_FROM_SECONDS
    print(
        f"goal: memory growth < {GOAL_MEMORY_GROWTH:.0%}: worst {worst:.1%} -> "
        f"{'met' if memory_goal else 'NOT met'}"
        + (
            ""
            if checked
            else f" (reported only: runs shorter than {MEMORY_GOAL_FROM_SECONDS} s "
            "measure the caches filling)"
        )
    )
    print(f"p99: {figures['p99_ms']:.1f} ms")
    for line in lost:
        print(f"LOST: {line}")
    if not lost:
        print(
            "nothing lost: every vote answered as counted is a row, every sign-up answered as "
            "taken a subscriber with one confirmation mail"
        )
    failed = errors > 0 or bool(lost) or (checked and not memory_goal)
    return failed, {"errors": errors, "worst_memory_growth": worst, **figures, "lost": lost}


def main(argv=None):
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk (make soak does it)")
    from aiosmtpd.controller import Controller

    workdir = Path(tempfile.mkdtemp(prefix="mmhub-soak-"))
    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    env = stack_environment(args, workdir / "static") | {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_USE_TLS": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        # Many sign-ups and votes from one address is what a soak is: not what rate limits are
        # for. Everything else about the site is as in production.
        "RATE_LIMIT_SUBSCRIBE": "1000000/m/ip,1000000/m/key",
        "RATE_LIMIT_POLL_VOTE": "1000000/m/ip,1000000/m/key",
        "LOG_LEVEL": "WARNING",
        "LOG_REQUESTS": "false",
    }
    print(f"Data: {args.database_url}; cache, sessions and queue: {args.redis_url}", flush=True)
    found = prepare_data(args, env)
    import redis

    redis.Redis.from_url(args.redis_url).flushdb()
    server, base = start_server(env, workdir / "gunicorn.log")
    worker = start_background(
        env, workdir, "rqworker", "rqworker", "--job-class", "django_tasks_rq.Job", "default"
    )
    scheduler = start_background(env, workdir, "scheduler", "send_digests", "--loop")
    try:
        readers = []
        for email in found["readers"]:
            session = sign_in(base, email, os.getenv("LOAD_PASSWORD", LOAD_PASSWORD))
            readers.append({"cookie": cookie_header(session), "csrf": session.cookies["csrftoken"]})
        visitor = visitor_without_a_session(base)
        warmup = min(30, max(10, args.duration // 10))
        print(f"Warming up for {warmup} s", flush=True)
        wrk(base, write_script(workdir, base, readers, visitor, found), args.connections, warmup)
        before = probe(env)
        mail_before = sum(mailbox.recipients.values())
        watched = processes_to_watch(server, worker, scheduler)
        start_memory = {name: rss_kib(pid) for name, pid in watched.items()}
        print(f"Soaking for {args.duration} s", flush=True)
        script = write_script(workdir, base, readers, visitor, found)
        figures = wrk(base, script, args.connections, args.duration)
        end_memory = {name: rss_kib(pid) for name, pid in watched.items()}
        after = probe(env)
        memory = {name: (start_memory[name], end_memory[name]) for name in watched}
        counts = figures["counts"]
        lost = check_nothing_lost(counts, before, after, mailbox, mail_before, args.connections)
        failed, summary = report(args, figures, memory, lost)
        if args.json:
            Path(args.json).write_text(json.dumps(summary, indent=2, default=str))
    finally:
        for process in (scheduler, worker):
            stop(process)
        stop(server)
        smtp.stop()
    print(f"(logs: {workdir})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
