"""manage.py generate_load_data: a large, realistic, seeded data set for load tests.

Never run it against production: it adds tens of thousands of articles to the live site.
The generators live in `mmhub/ops/loaddata.py` (shared with `benchmarks/bench_search.py`).
"""

import time

import numpy as np
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import ProtectedError
from django.utils import timezone

from mmhub.content.models import AreaOfInterest
from mmhub.ops import loaddata


class Command(BaseCommand):
    help = (
        "Generate load-test data on top of the demo site (run migrate and load_demo_content "
        "first): by default 50,000 articles (live, under the article index, indexed for search) "
        "and 100,000 verified HCP accounts on the domain "
        f"{loaddata.LOAD_EMAIL_DOMAIN} sharing one password, with followed areas (half of the "
        "accounts, 3 areas on average), bookmarks (about 5 an account), reads (about 20 "
        "distinct articles an account, some read more than once: about 2 million rows) with "
        "Zipf-like article popularity and log-normal reader activity, and votes in the polls "
        "there are; then refits the recommender. The same --seed gives the same data (dates "
        "are relative to the day of the run). Refuses to run when load data is there already, "
        "unless --replace, which deletes it first (never the demo content or other accounts). "
        "With the defaults on PostgreSQL (2 cores): about 9 minutes, of which search indexing "
        "4, the recommender refit 2.5 and the articles 1.5; --replace adds a few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=int, default=50_000, help="articles to generate (default 50000)"
        )
        parser.add_argument(
            "--users", type=int, default=100_000, help="accounts to generate (default 100000)"
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="the same seed gives the same data (default 1)"
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=loaddata.SETUP_CHUNK,
            help="articles per transaction and per search-indexing batch (default 2000); "
            "account and interaction rows go ten times as many at a time",
        )
        parser.add_argument(
            "--password",
            default=loaddata.DEFAULT_PASSWORD,
            help=f"every generated account's password (default {loaddata.DEFAULT_PASSWORD!r})",
        )
        parser.add_argument(
            "--reads-per-user",
            type=float,
            default=20.0,
            help="distinct articles read per account on average (default 20)",
        )
        parser.add_argument(
            "--bookmarks-per-user",
            type=float,
            default=5.0,
            help="bookmarks per account on average (default 5)",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete the load data of an earlier run (the accounts of the load domain and the "
            "generated articles, with all that depends on them) before generating",
        )
        parser.add_argument(
            "--skip-recommendations",
            action="store_true",
            help="do not refit the recommender afterwards (2.5 minutes with the defaults; run "
            "refresh_recommendations later)",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress lines on stderr"
        )

    def handle(self, *args, **options):
        for name in ("articles", "users", "reads_per_user", "bookmarks_per_user"):
            if options[name] < 0:
                raise CommandError(f"--{name.replace('_', '-')} cannot be negative.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        if loaddata.article_index() is None or not AreaOfInterest.objects.exists():
            raise CommandError(
                "No article index or areas of interest: the load data goes on top of the demo "
                "site. Run `manage.py migrate` and `manage.py load_demo_content` first."
            )
        self.show_progress = not options["no_progress"]
        self.phases = []
        started = time.perf_counter()

        articles, accounts = (
            loaddata.generated_articles().count(),
            loaddata.load_users().count(),
        )
        if articles or accounts or loaddata.owners().exists():
            if not options["replace"]:
                raise CommandError(
                    f"Load data from an earlier run is in this database ({articles:,} generated "
                    f"articles, {accounts:,} accounts @{loaddata.LOAD_EMAIL_DOMAIN}). Run again with "
                    "--replace to delete it and generate anew, or use another database."
                )
            try:
                self.phase("delete earlier load data", lambda progress: loaddata.delete_load_data())
            except ProtectedError as error:
                raise CommandError(
                    f"Cannot delete the earlier load data: {error.args[0]}. Delete those rows "
                    "first, or use another database."
                ) from error
        self.generate(options)
        total = time.perf_counter() - started
        self.report(options, total)

    def phase(self, label, function, total=None, unit="rows"):
        """Run `function(progress)` and record its time; with a `total`, a progress line on
        stderr shows how far it is."""
        bar = loaddata.Progress(
            label,
            total or 0,
            stream=self.stderr._out,  # the raw stream: `\r` without Django's line endings
            enabled=self.show_progress and total is not None,
            unit=unit,
        )
        clock = time.perf_counter()
        with bar:
            result = function(bar.update)
        seconds = time.perf_counter() - clock
        self.phases.append((label, seconds))
        self.stdout.write(f"  {label}: {seconds:.1f} s")
        return result

    def generate(self, options):
        chunk = options["batch_size"]
        rows = chunk * 10
        seed = options["seed"]
        self.stdout.write(
            f"Generating {options['articles']:,} articles and {options['users']:,} accounts"
            f" (seed {seed}, {connection.vendor})"
        )
        # Hashed once for every account: argon2 takes about 0.1 s a hash.
        password_hash = make_password(options["password"])
        owner = loaddata.create_owner()

        ids, parts = self.phase(
            "articles",
            lambda progress: loaddata.create_articles(
                options["articles"], seed, chunk, owner.pk, progress
            ),
            options["articles"],
            "articles",
        )
        self.stdout.write(
            f"    generate in Python {parts['generate']:.1f} s, insert {parts['insert']:.1f} s"
        )
        self.phase(
            "search index",
            lambda progress: loaddata.index_articles(ids, chunk, progress),
            len(ids),
            "articles",
        )
        now = int(timezone.now().timestamp())
        catalogue, population = self.phase(
            "draw accounts and reading", lambda progress: self.draw(options, now)
        )
        self.population = population
        user_ids = self.phase(
            "accounts (users, emails, profiles, settings)",
            lambda progress: loaddata.write_users(population, password_hash, rows, progress),
            4 * population.n_users,
        )
        interactions = (
            population.follow_user.size + population.bookmark_user.size + population.read_user.size
        )
        self.phase(
            "follows, bookmarks, reads",
            lambda progress: loaddata.write_interactions(
                population, user_ids, catalogue, rows, progress
            ),
            interactions,
        )
        self.votes = self.phase(  # tens of thousands: no progress line needed
            "poll votes", lambda progress: loaddata.write_votes(population, user_ids, seed, rows)
        )
        self.phase("ANALYZE", lambda progress: loaddata.analyze())
        self.snapshot = None
        if not options["skip_recommendations"]:
            from mmhub.personal import recommend

            self.snapshot = self.phase("recommender refit", lambda progress: recommend.rebuild())

    def draw(self, options, now):
        catalogue = loaddata.read_catalogue()
        population = loaddata.draw_population(
            options["users"],
            catalogue,
            options["seed"],
            now,
            reads_per_user=options["reads_per_user"],
            bookmarks_per_user=options["bookmarks_per_user"],
        )
        return catalogue, population

    def report(self, options, total):
        p = self.population
        summary = p.summary()
        users = max(p.n_users, 1)
        votes, choices = self.votes
        self.stdout.write(self.style.SUCCESS(f"Load data generated in {total:.1f} s:"))
        self.stdout.write(f"  articles: {options['articles']:,} (live, indexed for search)")
        self.stdout.write(
            f"  accounts: {p.n_users:,} verified HCPs @{loaddata.LOAD_EMAIL_DOMAIN}"
            f" ({summary['opted_out']:,} with personalisation off)"
        )
        self.stdout.write(
            f"  followed areas: {summary['follows']:,} by {summary['following']:,} accounts"
            f" ({summary['follows'] / max(summary['following'], 1):.1f} each)"
        )
        self.stdout.write(
            f"  bookmarks: {summary['bookmarks']:,} ({summary['bookmarks'] / users:.1f} an account)"
        )
        reads = np.bincount(p.read_user, minlength=p.n_users) if p.n_users else np.zeros(1)
        self.stdout.write(
            f"  reads: {summary['reads']:,} rows ({summary['reads'] / users:.1f} an account;"
            f" {summary['read_events']:,} visits; median reader {np.median(reads):.0f},"
            f" 99th percentile {np.percentile(reads, 99):.0f},"
            f" heaviest {summary['heaviest_reads']:,})"
        )
        self.stdout.write(f"  poll votes: {votes:,} ({choices:,} answers)")
        if self.snapshot is not None:
            self.stdout.write(
                f"  recommender: {self.snapshot.items:,} articles, {self.snapshot.users:,}"
                f" readers, {self.snapshot.interactions:,} interactions"
            )
        self.stdout.write("Time per phase:")
        for label, seconds in self.phases:
            self.stdout.write(f"  {label:<46} {seconds:8.1f} s")
        self.stdout.write(f"  {'total':<46} {total:8.1f} s")
        if p.n_users:
            heaviest = summary["heaviest"]
            self.stdout.write(
                f"Sign in at /accounts/login/ with password {options['password']!r} as any of"
                f" {loaddata.load_email(1)} … {loaddata.load_email(p.n_users)}, e.g.:"
            )
            self.stdout.write(f"  {loaddata.load_email(1)} ({self.describe(0)})")
            self.stdout.write(
                f"  {loaddata.load_email(heaviest + 1)} (the heaviest reader: {self.describe(heaviest)})"
            )

    def describe(self, position):
        p = self.population
        follows = int((p.follow_user == position).sum())
        bookmarks = int((p.bookmark_user == position).sum())
        reads = int((p.read_user == position).sum())
        return f"follows {follows} areas, {bookmarks} bookmarks, {reads} articles read"
