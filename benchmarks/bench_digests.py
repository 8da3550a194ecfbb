"""Benchmark of the newsletter digests: `make bench-digests`.

100,000 active subscribers with varied interests (10% with accounts, so part of the digests carry
recommendations) in a fresh database with the demo content: plans one digest each, builds them and
hands every one to a local SMTP sink (aiosmtpd, in its own process), with `--workers` sender
processes (goal: under 10 minutes on 2 cores). Setting the data up is timed apart and is not part of
the goal. Prints the throughput, where the senders' time goes and the ratio to the goal, and checks
that the sink got exactly one message per recipient, one per sent delivery (exit status 1 if not).

The database is a temporary SQLite file; `--database-url postgres://...` (or `--database-url`
alone, for $DATABASE_URL) runs it on an empty database of your own. `--subscribers 5000` gives a
quick run, but a poor predictor of the full one: this machine's disk-sync speed varies a lot.
"""

import argparse
import functools
import io
import multiprocessing
import os
import shutil
import socket
import sys
import tempfile
import time
from collections import Counter
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GOAL_SUBSCRIBERS = 100_000
GOAL_S = 600.0
WEEKLY_SHARE = 0.8
VERIFIED_SHARE = 0.5  # of the accounts: they may also get the "verified HCPs only" articles
FOLLOW_SHARE = 0.7  # of the accounts
READER_SHARE = 0.6  # of the accounts: some reading history gives the recommender a signal
SETUP_CHUNK = 5000


# The SMTP sink (its own process) ------------------------------------------------------------


class SinkHandler:
    def __init__(self):
        self.messages = 0
        self.bytes = 0
        self.sessions = 0
        self.per_recipient = Counter()
        self.sample = None

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        session.host_name = hostname  # the 5-argument hook must set it, or MAIL is refused
        return responses

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        self.bytes += len(envelope.content)
        for recipient in envelope.rcpt_tos:
            self.per_recipient[recipient.lower()] += 1
        if self.sample is None:
            self.sample = envelope.content
        return "250 OK"


def run_sink(port, pipe):
    """Serve SMTP on 127.0.0.1:port until told "stop"; answer "report" with what it received."""
    from aiosmtpd.controller import Controller

    handler = SinkHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    pipe.send("ready")
    while (command := pipe.recv()) != "stop":
        if command == "report":
            pipe.send(
                {
                    "messages": handler.messages,
                    "bytes": handler.bytes,
                    "sessions": handler.sessions,
                    "per_recipient": dict(handler.per_recipient),
                    "sample": handler.sample,
                }
            )
    controller.stop()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Sender processes ---------------------------------------------------------------------------


class Clock:
    """Seconds spent in each part of sending, summed over one worker's batches."""

    def __init__(self):
        self.seconds = Counter()
        self.in_build = False

    def timed(self, part, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[part] += time.perf_counter() - start

        return wrapper

    def query(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            part = "queries in build" if self.in_build else "other queries"
            self.seconds[part] += time.perf_counter() - start


class TimedInliner:
    def __init__(self, inliner, clock):
        self.inline = clock.timed("css inline", inliner.inline)


_clock = None


def init_worker():
    """Each sender is a fresh process (spawn): its own Django, DB connection and timers.

    The timers wrap the module attributes that `delivery.send_batch` calls, so the code under test
    runs unchanged; their overhead is a few microseconds a digest.
    """
    global _clock
    import django

    django.setup()
    from django.core.mail import EmailMultiAlternatives
    from django.core.mail.backends.smtp import EmailBackend

    from mmhub.newsletter import digests, emails

    _clock = clock = Clock()
    build = digests.build

    def flagged_build(*args, **kwargs):
        clock.in_build = True
        try:
            return build(*args, **kwargs)
        finally:
            clock.in_build = False

    digests.build = clock.timed("build", flagged_build)
    emails.digest_message = clock.timed("render", emails.digest_message)
    emails._inliner = TimedInliner(emails._inliner, clock)
    EmailMultiAlternatives.send = clock.timed("smtp", EmailMultiAlternatives.send)
    EmailBackend.open = clock.timed("smtp connect", EmailBackend.open)


def ping(_):
    time.sleep(0.2)  # long enough for every worker to take one: they are all up before timing
    return os.getpid()


def send_share(batch):
    from django.db import connection

    from mmhub.newsletter import delivery

    _clock.seconds.clear()
    start = time.perf_counter()
    error = None
    try:
        with connection.execute_wrapper(_clock.query):
            outcomes = delivery.send_batch(batch)
    except Exception as exc:  # noqa: BLE001 - reported and counted; the check below fails the run
        outcomes, error = Counter(), f"{type(exc).__name__}: {exc}"
    _clock.seconds["batch"] += time.perf_counter() - start
    return outcomes, dict(_clock.seconds), error


# Data ---------------------------------------------------------------------------------------


def create_data(n_subscribers, account_share, seed):
    """Active subscribers with 0-4 areas, a share of them with accounts; returns {part: n}."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from mmhub.accounts.models import HcpProfile, Profession, VerificationStatus
    from mmhub.content.models import AreaOfInterest, ArticlePage
    from mmhub.newsletter.models import Frequency, Subscriber, SubscriptionStatus
    from mmhub.personal.models import ArticleRead, FollowedArea

    rng = np.random.default_rng(seed)
    now = timezone.now()
    area_ids = np.array(AreaOfInterest.objects.order_by("pk").values_list("pk", flat=True))
    article_ids = np.array(
        ArticlePage.objects.live().filter(verified_only=False).values_list("pk", flat=True)
    )
    has_account = rng.random(n_subscribers) < account_share
    weekly = rng.random(n_subscribers) < WEEKLY_SHARE
    n_areas = rng.integers(0, 5, n_subscribers)
    emails = [f"subscriber{index:06d}@bench.mmhub.example" for index in range(n_subscribers)]
    counts = Counter()
    User = get_user_model()
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(
                    username=emails[index].split("@")[0],
                    email=emails[index],
                    password=make_password(None),
                )
                for index in np.flatnonzero(has_account)
            ],
            batch_size=SETUP_CHUNK,
        )
        user_ids = dict(
            User.objects.filter(email__in=[u.email for u in users]).values_list("email", "pk")
        )
        counts["accounts"] = len(user_ids)
        statuses = rng.choice(
            [
                VerificationStatus.VERIFIED,
                VerificationStatus.PENDING,
                VerificationStatus.UNVERIFIED,
            ],
            size=len(user_ids),
            p=[VERIFIED_SHARE, 0.2, 0.8 - VERIFIED_SHARE],
        )
        professions = rng.choice([p.value for p in Profession], size=len(user_ids))
        HcpProfile.objects.bulk_create(
            [
                HcpProfile(user_id=user_id, profession=profession, verification_status=status)
                for user_id, profession, status in zip(
                    user_ids.values(), professions, statuses, strict=True
                )
            ],
            batch_size=SETUP_CHUNK,
        )
        counts["verified"] = int(np.count_nonzero(statuses == VerificationStatus.VERIFIED))
        follows, reads = [], []
        for user_id in user_ids.values():
            if rng.random() < FOLLOW_SHARE:
                for area_id in rng.choice(area_ids, size=rng.integers(1, 4), replace=False):
                    follows.append(FollowedArea(user_id=user_id, area_id=int(area_id)))
            if rng.random() < READER_SHARE and len(article_ids):
                picks = rng.choice(
                    article_ids, size=min(rng.integers(1, 9), len(article_ids)), replace=False
                )
                for page_id in picks:
                    when = now - timezone.timedelta(days=float(rng.uniform(1, 60)))
                    reads.append(
                        ArticleRead(
                            user_id=user_id,
                            page_id=int(page_id),
                            first_read_at=when,
                            last_read_at=when,
                        )
                    )
        FollowedArea.objects.bulk_create(follows, batch_size=SETUP_CHUNK)
        ArticleRead.objects.bulk_create(reads, batch_size=SETUP_CHUNK)
        counts["followed areas"], counts["reads"] = len(follows), len(reads)

        through = Subscriber.areas.through
        for start in range(0, n_subscribers, SETUP_CHUNK):
            stop = min(start + SETUP_CHUNK, n_subscribers)
            subscribers = Subscriber.objects.bulk_create(
                [
                    Subscriber(
                        email=emails[index],
                        user_id=user_ids.get(emails[index]) if has_account[index] else None,
                        status=SubscriptionStatus.ACTIVE,
                        frequency=Frequency.WEEKLY if weekly[index] else Frequency.MONTHLY,
                        confirmed_at=now,
                    )
                    for index in range(start, stop)
                ]
            )
            links = [
                through(subscriber_id=subscriber.pk, areaofinterest_id=int(area_id))
                for index, subscriber in zip(range(start, stop), subscribers, strict=True)
                for area_id in rng.choice(area_ids, size=n_areas[index], replace=False)
            ]
            through.objects.bulk_create(links)
            counts["subscriber areas"] += len(links)
    counts["subscribers"] = n_subscribers
    counts["weekly"] = int(np.count_nonzero(weekly))
    return counts


# The run ------------------------------------------------------------------------------------


def configure(args, workdir, port):
    """Environment for this process and the spawned senders, before Django reads its settings."""
    if args.database_url is None:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "mmhub.settings.dev"  # as manage.py
    # As in production: with DEBUG on, Django keeps the text of every query in memory.
    os.environ["DEBUG"] = "false"
    # A developer's Redis would share the recommender version and site links with their site.
    os.environ.pop("REDIS_URL", None)
    os.environ.update(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        EMAIL_USE_TLS="false",
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
    )


def timed_step(label, function):
    start = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - start
    print(f"  {label}: {seconds:.1f} s")
    return result, seconds


def setup(args):
    from django.core.management import call_command

    from mmhub.newsletter.models import DigestDelivery, Subscriber

    total = 0.0
    _, seconds = timed_step("migrate", lambda: call_command("migrate", verbosity=0))
    total += seconds
    if Subscriber.objects.exists() or DigestDelivery.objects.exists():
        raise SystemExit("The database already has subscribers: give an empty one.")
    _, seconds = timed_step(
        "load_demo_content", lambda: call_command("load_demo_content", stdout=io.StringIO())
    )
    total += seconds
    counts, seconds = timed_step(
        "subscribers and accounts",
        lambda: create_data(args.subscribers, args.account_share, args.seed),
    )
    total += seconds
    print(
        f"    {counts['subscribers']:,} subscribers ({counts['weekly']:,} weekly),"
        f" {counts['subscriber areas']:,} area choices; {counts['accounts']:,} accounts"
        f" ({counts['verified']:,} verified HCPs), {counts['followed areas']:,} followed areas,"
        f" {counts['reads']:,} reads"
    )
    out = io.StringIO()
    _, seconds = timed_step(
        "refresh_recommendations", lambda: call_command("refresh_recommendations", stdout=out)
    )
    total += seconds
    print(f"    {out.getvalue().strip()}")
    print(f"  setup total: {total:.1f} s (not part of the goal)")


def print_breakdown(seconds, n_digests, workers):
    worker_s = seconds["batch"]
    smtp = seconds["smtp"]
    render = seconds["render"]
    parts = [
        ("build digests (incl. its queries)", seconds["build"]),
        ("  of which queries", seconds["queries in build"]),
        ("render templates", render - seconds["css inline"]),
        ("css inline", seconds["css inline"]),
        ("SMTP (connect, send, QUIT)", smtp),
        ("  of which connect", seconds["smtp connect"]),
        ("queries: load rows, claim, mark sent", seconds["other queries"]),
        ("the rest", worker_s - seconds["build"] - render - smtp - seconds["other queries"]),
    ]
    print(f"where the senders' time goes ({worker_s:.1f} s over {workers} worker(s)):")
    for label, value in parts:
        share = value / worker_s * 100 if worker_s else 0
        per = value / n_digests * 1000 if n_digests else 0
        print(f"  {label:<38} {value:7.1f} s  {share:4.1f}%  {per:6.2f} ms a digest")


def sample_summary(raw):
    message = message_from_bytes(raw, policy=default_policy)
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    return (
        f"sample digest: {len(raw) / 1024:.1f} KB (text {len(text) / 1024:.1f} KB,"
        f" inlined HTML {len(html) / 1024:.1f} KB); List-Unsubscribe"
        f" {'present' if message['List-Unsubscribe'] else 'MISSING'};"
        f" footer links: funders {'yes' if 'View funders' in html else 'no'},"
        f" privacy {'yes' if '>Privacy</a>' in html else 'no'}"
    )


def verify(sink, planned_total):
    from mmhub.newsletter import delivery
    from mmhub.newsletter.models import DeliveryStatus, DigestDelivery

    sent = DigestDelivery.objects.filter(status=DeliveryStatus.SENT)
    sent_emails = {email.lower() for email in sent.values_list("subscriber__email", flat=True)}
    per_recipient = sink["per_recipient"]
    most = max(per_recipient.values(), default=0)
    counts = delivery.status_counts()
    with_picks = sent.filter(recommended_count__gt=0).count()
    print(f"delivery status counts: {dict(sorted(counts.items()))}")
    print(
        f"sink: {sink['messages']:,} messages ({sink['bytes'] / 1e6:.0f} MB) to"
        f" {len(per_recipient):,} recipients over {sink['sessions']:,} SMTP sessions;"
        f" most messages to one recipient: {most}; digests with recommendations: {with_picks:,}"
    )
    if sink["sample"]:
        print(sample_summary(sink["sample"]))
    checks = {
        "sink messages == deliveries sent": sink["messages"] == len(sent_emails),
        "exactly one message per recipient": most == 1 or not per_recipient,
        "recipients == subscribers with a sent digest": set(per_recipient) == sent_emails,
        "every planned digest sent or skipped": (
            counts.get(DeliveryStatus.SENT, 0) + counts.get(DeliveryStatus.SKIPPED, 0)
            == planned_total
        ),
    }
    for label, ok in checks.items():
        print(f"  check {label}: {'ok' if ok else 'FAILED'}")
    return all(checks.values())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=GOAL_SUBSCRIBERS)
    parser.add_argument("--workers", type=int, default=2, help="sender processes (default 2)")
    parser.add_argument(
        "--account-share",
        type=float,
        default=0.1,
        help="share of subscribers with an account (default 0.1)",
    )
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument(
        "--database-url",
        nargs="?",
        const=os.environ.get("DATABASE_URL"),
        help="an empty database to use instead of a temporary SQLite file"
        " (without a value: $DATABASE_URL)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary SQLite file")
    args = parser.parse_args(argv)
    if "--database-url" in (argv or sys.argv) and not args.database_url:
        parser.error("--database-url without a value needs DATABASE_URL in the environment")

    workdir = Path(tempfile.mkdtemp(prefix="mmhub-bench-digests-"))
    port = free_port()
    configure(args, workdir, port)
    spawn = multiprocessing.get_context("spawn")
    sink_end, our_end = spawn.Pipe()
    sink = spawn.Process(target=run_sink, args=(port, sink_end), daemon=True)
    sink.start()
    if not our_end.poll(30) or our_end.recv() != "ready":
        raise SystemExit("The SMTP sink did not start")

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, connections
    from django.utils import timezone

    from mmhub.newsletter import delivery, digests
    from mmhub.newsletter.models import DeliveryStatus, DigestDelivery, Frequency

    print(
        f"subscribers: {args.subscribers:,}; workers: {args.workers}; cores:"
        f" {os.cpu_count()}; database: {connection.vendor}; batch size:"
        f" {settings.NEWSLETTER_BATCH_SIZE}; SMTP sink on 127.0.0.1:{port}; seed {args.seed}"
    )
    if connection.vendor == "sqlite":
        print(f"  {settings.DATABASES['default']['NAME']}")
    print("setup:")
    setup(args)

    connections.close_all()  # the senders open their own
    pool = spawn.Pool(args.workers, initializer=init_worker)
    try:
        pids = set(pool.map(ping, range(args.workers), chunksize=1))
        print(f"{len(pids)} sender process(es) ready")

        now = timezone.now()
        periods = {frequency: digests.period_of(frequency, now) for frequency in Frequency.values}
        start = time.perf_counter()
        planned = delivery.plan(now, periods=periods)
        plan_s = time.perf_counter() - start
        planned_total = sum(planned.values())

        # What `dispatch` does before handing each batch to a task worker.
        start = time.perf_counter()
        lease = timezone.timedelta(seconds=settings.NEWSLETTER_SENDING_LEASE)
        ids = list(
            DigestDelivery.objects.filter(status=DeliveryStatus.QUEUED)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        size = settings.NEWSLETTER_BATCH_SIZE
        batches = [ids[i : i + size] for i in range(0, len(ids), size)]
        for batch in batches:
            DigestDelivery.objects.filter(pk__in=batch, status=DeliveryStatus.QUEUED).update(
                next_attempt_at=now + lease
            )
        connections.close_all()
        dispatch_s = time.perf_counter() - start

        start = time.perf_counter()
        outcomes, seconds, errors = Counter(), Counter(), Counter()
        for batch_outcomes, batch_seconds, error in pool.imap_unordered(
            send_share, batches, chunksize=1
        ):
            outcomes.update(batch_outcomes)
            seconds.update(batch_seconds)
            if error:
                errors[error] += 1
        send_s = time.perf_counter() - start
    finally:
        pool.close()
        pool.join()

    total_s = plan_s + dispatch_s + send_s
    sent = outcomes["sent"]
    rate = sent / send_s if send_s else 0.0
    overall = planned_total / total_s if total_s else 0.0
    print(f"plan: {planned_total:,} deliveries ({planned}) in {plan_s:.1f} s")
    print(f"dispatch: {len(batches)} batches of up to {size} in {dispatch_s:.1f} s")
    print(
        f"send: {dict(sorted(outcomes.items()))} in {send_s:.1f} s"
        f" -> {rate:.0f} digests/s ({rate / args.workers:.0f} a worker)"
    )
    if errors:
        print(f"batches that raised: {sum(errors.values())}")
        for error, n in errors.most_common(5):
            print(f"  {n} x {error[:300]}")
    print_breakdown(seconds, sent, args.workers)
    projected = total_s * GOAL_SUBSCRIBERS / planned_total if planned_total else float("inf")
    met = projected < GOAL_S
    scale = (
        ""
        if args.subscribers == GOAL_SUBSCRIBERS
        else f"; at this rate {GOAL_SUBSCRIBERS:,} would take {projected:.0f} s"
    )
    print(
        f"plan + dispatch + send: {total_s:.1f} s for {planned_total:,} digests"
        f" ({overall:.0f} digests/s overall){scale}"
        f" -> {projected / GOAL_S:.2f} x the {GOAL_S:.0f} s goal for {GOAL_SUBSCRIBERS:,}"
        f" ({'met' if met else 'NOT met'})"
    )

    our_end.send("report")
    report = our_end.recv()
    our_end.send("stop")
    sink.join(10)
    ok = verify(report, planned_total) and not errors
    connections.close_all()
    if args.keep and args.database_url is None:
        print(f"kept {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    if not ok:
        print("VERIFICATION FAILED")
        return 1
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
