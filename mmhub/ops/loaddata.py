"""Generated load data: many realistic articles, HCP accounts and their reading, written fast.

Used by `manage.py generate_load_data` (the data set the page benchmarks sign in to) and by
`benchmarks/bench_search.py` (its 50,000 articles). Nothing here is for a production database.

- **Articles** (`create_articles`): titles, standfirsts and StreamField bodies drawn from a seeded
  myeloma vocabulary (common and rare drugs, concepts, trial names, with Zipf frequencies),
  bulk-inserted as live Wagtail pages under the article index, with the treebeard paths and rows
  that `add_child` and `publish` would have made, and indexed by Wagtail's own search indexing
  (`index_articles`).
- **Accounts** (`draw_population`, `write_users`): django.contrib.auth users on the reserved
  domain `LOAD_EMAIL_DOMAIN`, each with a verified primary email address (allauth), a complete
  verified HCP profile and finished onboarding, so any of them signs in with the shared password.
- **Reading** (`draw_population`, `write_interactions`): followed areas, reads and bookmarks
  with realistic skew: article popularity follows Zipf's law (newer articles tend to rank
  higher), reader activity is log-normal (many light readers, a few heavy ones), and readers who
  follow areas read mostly in them. Poll votes where polls exist (`write_votes`).
- **Removal** (`delete_load_data`): everything above and only that (the accounts of
  `LOAD_EMAIL_DOMAIN`, the articles of the load-data owner account), without Django's
  per-object signals.

Django and the models are imported inside the functions, so the module can be imported before
Django is set up (bench_search configures Django after parsing its arguments).

The same seed gives the same data: titles, areas, accounts and interactions. Dates are relative
to the day of the run (articles over the last 8 years, reads in the recommender's last year).
Rows go in with COPY on PostgreSQL and `executemany` on SQLite, not one ORM object at a time.
"""

import contextlib
import functools
import random
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

SETUP_CHUNK = 2000
YEARS_OF_ARTICLES = 8
VERIFIED_ONLY_SHARE = 0.05
REFERENCES_SHARE = 0.2
RARE_SHARE = 0.02  # of the articles mention one of the rare terms (each about 0.2%)
NCT_SHARE = 0.3  # of the sentences naming Myeloma XI give its registry number too

# The vocabulary, most frequent first: draws follow Zipf's law, as words in real text do.
DRUGS = [
    "lenalidomide",
    "bortezomib",
    "daratumumab",
    "dexamethasone",
    "carfilzomib",
    "pomalidomide",
    "melphalan",
    "isatuximab",
    "cyclophosphamide",
    "teclistamab",
    "thalidomide",
    "elranatamab",
    "talquetamab",
    "ciltacabtagene autoleucel",
    "idecabtagene vicleucel",
    "ixazomib",
    "selinexor",
    "elotuzumab",
    "belantamab mafodotin",
    "venetoclax",
    "panobinostat",
]
CONCEPTS = [
    "MRD",
    "maintenance",
    "ASCT",
    "cytogenetics",
    "quadruplet induction",
    "CAR T",
    "bispecific antibodies",
    "R-ISS",
    "del(17p)",
    "t(4;14)",
    "gain(1q)",
    "consolidation",
    "smouldering myeloma",
    "MGUS",
    "AL amyloidosis",
    "renal impairment",
    "bone disease",
    "infection prophylaxis",
    "frailty",
    "extramedullary disease",
    "stem cell mobilisation",
]
TRIALS = [
    "MAIA",
    "Myeloma XI",
    "CASSIOPEIA",
    "GRIFFIN",
    "PERSEUS",
    "IFM 2009",
    "DETERMINATION",
    "KarMMa",
    "CARTITUDE-1",
    "MajesTEC-1",
    "ALCYONE",
    "POLLUX",
    "CASTOR",
    "IKEMA",
    "CANDOR",
    "APOLLO",
    "BOSTON",
    "KarMMa-3",
    "CARTITUDE-4",
    "MonumenTAL-1",
    "MagnetisMM-3",
    "TOURMALINE-MM1",
    "ELOQUENT-2",
    "ANDROMEDA",
    "IMROZ",
    "CEPHEUS",
]
POPULATIONS = [
    "newly diagnosed multiple myeloma",
    "relapsed or refractory myeloma",
    "transplant-eligible patients",
    "transplant-ineligible patients",
    "high-risk myeloma",
    "older adults with myeloma",
    "triple-class exposed myeloma",
    "lenalidomide-refractory disease",
    "smouldering myeloma",
]
ENDPOINTS = [
    "progression-free survival",
    "overall survival",
    "MRD negativity",
    "complete response",
    "very good partial response",
    "time to next treatment",
]
ADVERSE_EVENTS = [
    "neutropenia",
    "infections",
    "thrombocytopenia",
    "cytokine release syndrome",
    "peripheral neuropathy",
    "ICANS",
    "hypogammaglobulinaemia",
    "cardiac events",
    "dysgeusia",
]
# Each in about 0.2% of the articles: the rare-term queries.
RARE_TERMS = [
    "mezigdomide",
    "iberdomide",
    "linvoseltamab",
    "cevostamab",
    "plasmacytoma",
    "POEMS syndrome",
    "Castleman disease",
    "cryoglobulinaemia",
    "hyperviscosity",
    "amyloid light chains",
]
CONFERENCES = ["ASH", "ASCO", "EHA", "IMS"]
JOURNALS = ["N Engl J Med", "Lancet Oncol", "J Clin Oncol", "Blood", "Lancet Haematol", "Leukemia"]
SURNAMES = ["Moreau", "Facon", "Attal", "Dimopoulos", "Usmani", "Richardson", "Mateos", "Kumar"]
SURNAMES += ["Sonneveld", "Jackson", "Munshi", "Raje", "Berdeja", "Rajkumar", "Pawlyn", "Lonial"]
ARTICLE_TYPES = {
    "trial_update": 0.35,
    "conference_coverage": 0.2,
    "educational_theme": 0.2,
    "expert_opinion": 0.15,
    "video_interview": 0.1,
}
SENTENCES = [
    "In {trial}, {drug} plus {drug2} improved {endpoint} in {population}.",
    "{Drug} is now given as {concept} after {concept2} in most centres.",
    "The hazard ratio for {endpoint} was {hr} (95% CI {lo} to {hi}) with {drug}.",
    "Median follow-up was {months} months; {pct}% of patients reached {endpoint}.",
    "Patients with {concept} remain at higher risk despite {drug}.",
    "Grade 3 or 4 {ae} occurred in {pct}% of patients receiving {drug}.",
    "{trial} enrolled {n} patients with {population}.",
    "Guidelines recommend {drug} for {population} when {concept} is assessed.",
    "Experts discussed whether {concept} should guide how long {drug} is continued.",
    "The benefit of {drug} was consistent across subgroups defined by {concept}.",
    "Compared with {drug2}, {drug} reduced the risk of progression or death by {pct}%.",
    "Myeloma remains incurable, but {endpoint} with {drug} keeps improving.",
]


# Progress ------------------------------------------------------------------------------------


class Progress:
    """A progress line on stderr: label, done/total, percent, rate and time left.

    On a terminal one line is rewritten in place (`\\r`, at most five times a second); elsewhere
    (a log file, CI) a plain line is printed at every tenth of the way. `enabled=False` prints
    nothing. Use as a context manager, calling `update(n)` as work is done.
    """

    def __init__(self, label, total, stream=None, enabled=True, unit="rows", min_interval=0.2):
        self.label = label
        self.total = max(int(total), 0)
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.unit = unit
        self.min_interval = min_interval
        self.done = 0
        self.started = time.perf_counter()
        self.shown_at = 0.0
        self.tenths_shown = 0
        isatty = getattr(self.stream, "isatty", None)
        self.tty = bool(isatty and isatty())
        self.closed = False

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close(finished=exc_info[0] is None)

    def update(self, n=1):
        self.done += n
        if not self.enabled:
            return
        now = time.perf_counter()
        if self.tty:
            if now - self.shown_at >= self.min_interval:
                self.shown_at = now
                self._write("\r" + self.line(now) + "\033[K")
        elif self.total:
            tenths = min(10, self.done * 10 // self.total)
            if tenths > self.tenths_shown and tenths < 10:
                self.tenths_shown = tenths
                self._write(self.line(now) + "\n")

    def close(self, finished=True):
        if self.closed:
            return
        self.closed = True
        if not self.enabled:
            return
        now = time.perf_counter()
        line = self.line(now, final=True) + ("" if finished else " (stopped)")
        self._write(("\r" + line + "\033[K\n") if self.tty else line + "\n")

    def line(self, now, final=False):
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        percent = 100.0 * self.done / self.total if self.total else 100.0
        text = (
            f"{self.label}: {self.done:,}/{self.total:,} {self.unit} {percent:5.1f}% {rate:,.0f}/s"
        )
        if final:
            return f"{text} in {format_seconds(elapsed)}"
        left = (self.total - self.done) / rate if rate > 0 else float("inf")
        return f"{text} ETA {format_seconds(left)}"

    def _write(self, text):
        self.stream.write(text)
        self.stream.flush()


def format_seconds(seconds):
    if seconds == float("inf"):
        return "?"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"


def no_progress(n=1):
    """A progress callback that does nothing."""


# Articles ------------------------------------------------------------------------------------


@functools.cache
def zipf_cumulative(n):
    return list(np.cumsum([1 / rank for rank in range(1, n + 1)]))


@dataclass
class Vocabulary:
    """Draws words with Zipf frequencies from a seeded generator (the stdlib one: millions of
    draws, each a microsecond)."""

    rng: random.Random

    def pick(self, words):
        return self.rng.choices(words, cum_weights=zipf_cumulative(len(words)))[0]

    def uuid(self):
        """A version-4 UUID from the seeded generator: the same data on every run."""
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def slots(self):
        drug, drug2 = self.pick(DRUGS), self.pick(DRUGS)
        return {
            "drug": drug,
            "Drug": drug[0].upper() + drug[1:],
            "drug2": drug2,
            "concept": self.pick(CONCEPTS),
            "concept2": self.pick(CONCEPTS),
            "trial": self.pick(TRIALS),
            "population": self.pick(POPULATIONS),
            "endpoint": self.pick(ENDPOINTS),
            "ae": self.pick(ADVERSE_EVENTS),
            "hr": f"0.{self.rng.randint(35, 95)}",
            "lo": f"0.{self.rng.randint(20, 34)}",
            "hi": f"0.{self.rng.randint(96, 99)}",
            "months": self.rng.randint(12, 96),
            "pct": self.rng.randint(3, 80),
            "n": self.rng.randint(120, 4500),
        }

    def sentence(self):
        text = self.rng.choice(SENTENCES).format(**self.slots())
        if "Myeloma XI" in text and self.rng.random() < NCT_SHARE:
            text += " Myeloma XI is registered as NCT01554852."
        return text


@dataclass
class Draft:
    """One generated article, before it has a page id."""

    title: str
    standfirst: str
    article_type: str
    published: object
    areas: list
    body: list
    verified_only: bool
    translation_key: uuid.UUID


def draft_title(words, article_type):
    s = words.slots()
    year = words.rng.randint(2019, 2026)
    if article_type == "trial_update":
        title = f"{s['trial']}: {s['drug']} plus {s['drug2']} in {s['population']}"
        if words.rng.random() < 0.5:
            title += f", {s['endpoint']} after {s['months']} months"
        return title
    if article_type == "conference_coverage":
        conference = words.rng.choice(CONFERENCES)
        return f"{conference} {year}: {s['trial']}, {s['concept']} and {s['drug']} in {s['population']}"
    if article_type == "expert_opinion":
        return f"Expert view: {s['concept']} and {s['drug']} in {s['population']} ({s['trial']})"
    if article_type == "video_interview":
        name = words.rng.choice(SURNAMES)
        return f"Video interview: Dr {name} on {s['concept']} after {s['trial']} ({year})"
    return f"Understanding {s['concept']} in {s['population']}: {s['drug']} and {s['endpoint']}"


def paragraph(words, sentences):
    return "<p>" + " ".join(words.sentence() for _ in range(sentences)) + "</p>"


def references(words):
    items = []
    for _ in range(words.rng.randint(1, 4)):
        s = words.slots()
        authors = ", ".join(words.rng.sample(SURNAMES, 3))
        reference = {
            "authors": f"{authors}, et al.",
            "title": f"{s['Drug']} and {s['drug2']} in {s['population']} ({s['trial']})",
            "journal": words.rng.choice(JOURNALS),
            "year": str(words.rng.randint(2012, 2026)),
            "volume": str(words.rng.randint(1, 400)),
            "issue": str(words.rng.randint(1, 12)),
            "pages": f"{words.rng.randint(100, 900)}-{words.rng.randint(901, 999)}",
            "doi": f"10.1056/NEJMoa{words.rng.randint(1_000_000, 9_999_999)}",
            "pmid": str(words.rng.randint(20_000_000, 39_999_999)),
            "pmcid": "",
            "url": "",
        }
        items.append({"type": "item", "value": reference, "id": str(words.uuid())})
    return items


def draft_article(words, area_ids, last_day):
    rng = words.rng
    article_type = rng.choices(list(ARTICLE_TYPES), weights=list(ARTICLE_TYPES.values()))[0]
    blocks = [
        {"type": "text", "value": paragraph(words, rng.randint(3, 6)), "id": str(words.uuid())}
        for _ in range(rng.randint(3, 7))
    ]
    if rng.random() < RARE_SHARE:
        rare = f"<p>A few patients had {rng.choice(RARE_TERMS)}. {words.sentence()}</p>"
        blocks.insert(
            rng.randrange(len(blocks)), {"type": "text", "value": rare, "id": str(words.uuid())}
        )
    if rng.random() < REFERENCES_SHARE:
        blocks.append({"type": "references", "value": references(words), "id": str(words.uuid())})
    standfirst = f"{words.sentence()} {words.sentence()}"
    if len(standfirst) > 300:  # the model's max_length
        standfirst = standfirst[:297].rsplit(" ", 1)[0] + "…"
    return Draft(
        title=draft_title(words, article_type),
        standfirst=standfirst,
        article_type=article_type,
        published=last_day - timedelta(days=rng.randrange(365 * YEARS_OF_ARTICLES)),
        areas=rng.sample(area_ids, rng.randint(1, 3)),
        body=blocks,
        verified_only=rng.random() < VERIFIED_ONLY_SHARE,
        translation_key=words.uuid(),
    )


def page_rows(drafts, index, first_step, first_number, content_type_id, owner_id=None):
    """The wagtailcore_page rows, as add_child + publish leaves them: the next treebeard paths
    under the index, url_path, live and published, the index's locale, a new translation key.
    `owner_id`: the account shown as the pages' owner (generate_load_data's marker)."""
    from django.utils.text import slugify
    from wagtail.models import Page

    pages = []
    for offset, draft in enumerate(drafts):
        slug = f"{slugify(draft.title)[:80].rstrip('-')}-{first_number + offset}"
        published = datetime.combine(draft.published, datetime.min.time(), tzinfo=UTC)
        published += timedelta(hours=8)
        pages.append(
            Page(
                path=Page._get_path(index.path, index.depth + 1, first_step + offset),
                depth=index.depth + 1,
                numchild=0,
                translation_key=draft.translation_key,
                locale_id=index.locale_id,
                live=True,
                has_unpublished_changes=False,
                first_published_at=published,
                last_published_at=published,
                title=draft.title,
                draft_title=draft.title,
                slug=slug,
                content_type_id=content_type_id,
                url_path=f"{index.url_path}{slug}/",
                show_in_menus=False,
                owner_id=owner_id,
            )
        )
    return pages


def insert_article_rows(pages, drafts):
    """The ArticlePage rows. Django cannot bulk-create a multi-table-inherited model, so plain
    SQL, each value converted by its own field (the body's JSON differs between databases)."""
    from django.db import connection

    from mmhub.content.models import ArticlePage

    values = {
        "page_ptr_id": lambda page, draft: page.pk,
        "standfirst": lambda page, draft: draft.standfirst,
        "article_type": lambda page, draft: draft.article_type,
        "publication_date": lambda page, draft: draft.published,
        "last_reviewed": lambda page, draft: draft.published,
        "body": lambda page, draft: draft.body,
        "supported_by_id": lambda page, draft: None,
        "verified_only": lambda page, draft: draft.verified_only,
    }
    columns = ArticlePage._meta.local_concrete_fields
    rows = [
        [
            column.get_db_prep_save(values[column.attname](page, draft), connection)
            for column in columns
        ]
        for page, draft in zip(pages, drafts, strict=True)
    ]
    quote = connection.ops.quote_name
    table = quote(ArticlePage._meta.db_table)
    names = ", ".join(quote(column.column) for column in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    # Names from the model's metadata; every value is a parameter.
    sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def insert_articles(drafts, index, first_step, first_number, content_type_id, owner_id=None):
    """One chunk of articles under the index, in one transaction: pages, article rows, areas,
    and the index's child count. Returns the new page ids."""
    from django.db import transaction
    from django.db.models import F
    from wagtail.models import Page

    from mmhub.content.models import ArticlePage

    through = ArticlePage.areas.through
    with transaction.atomic():
        # Django 5 reads the new ids back on both SQLite (3.35+) and PostgreSQL.
        pages = Page.objects.bulk_create(
            page_rows(drafts, index, first_step, first_number, content_type_id, owner_id)
        )
        insert_article_rows(pages, drafts)
        through.objects.bulk_create(
            [
                through(articlepage_id=page.pk, areaofinterest_id=area_id)
                for page, draft in zip(pages, drafts, strict=True)
                for area_id in draft.areas
            ]
        )
        Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(pages))
    return [page.pk for page in pages]


def article_index():
    """The article index of the default locale, which generated articles go under (None when the
    demo content, or a site of the same shape, is not there)."""
    from wagtail.models import Locale

    from mmhub.content.models import ArticleIndexPage

    return ArticleIndexPage.objects.filter(locale=Locale.get_default()).first()


def create_articles(
    n_articles, seed, chunk=SETUP_CHUNK, owner_id=None, progress=no_progress, last_day=None
):
    """Generated articles under the demo's article index: (their ids, seconds per part).
    `progress(n)` is called after each chunk; publication dates run back from `last_day`
    (default today) over YEARS_OF_ARTICLES."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Locale

    from mmhub.content.models import AreaOfInterest, ArticleIndexPage, ArticlePage

    index = ArticleIndexPage.objects.get(locale=Locale.get_default())
    last_child = index.get_last_child()
    first_step = last_child._get_lastpos_in_path() + 1 if last_child else 1
    content_type_id = ContentType.objects.get_for_model(ArticlePage).pk
    area_ids = list(AreaOfInterest.objects.order_by("pk").values_list("pk", flat=True))
    words = Vocabulary(random.Random(seed))
    last_day = last_day or timezone.localdate()
    ids, seconds = [], Counter()
    for start in range(0, n_articles, chunk):
        clock = time.perf_counter()
        drafts = [
            draft_article(words, area_ids, last_day) for _ in range(min(chunk, n_articles - start))
        ]
        seconds["generate"] += time.perf_counter() - clock
        clock = time.perf_counter()
        ids.extend(
            insert_articles(drafts, index, first_step + start, start, content_type_id, owner_id)
        )
        seconds["insert"] += time.perf_counter() - clock
        progress(len(drafts))
    return ids, seconds


def index_articles(ids, chunk=SETUP_CHUNK, progress=no_progress):
    """Wagtail's own indexing (what a publish or `update_index` does), a chunk at a time."""
    from wagtail.search.backends import get_search_backend

    from mmhub.content.models import ArticlePage

    backend = get_search_backend()
    for start in range(0, len(ids), chunk):
        chunk_ids = ids[start : start + chunk]
        pages = list(
            ArticlePage.get_indexed_objects()
            .filter(pk__gte=chunk_ids[0], pk__lte=chunk_ids[-1])
            .order_by("pk")
        )
        backend.add_bulk(ArticlePage, pages)
        progress(len(chunk_ids))


def analyze():
    """Table statistics for the query planner after a bulk load, on either database. On
    PostgreSQL autovacuum analyses the new rows within a minute or so: measuring before it has
    would time a planner that believes the tables are empty. SQLite never does it on its own, and
    without statistics scans whole search indexes (docs/operations.md, Search)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# Accounts and reading ------------------------------------------------------------------------

LOAD_EMAIL_DOMAIN = "load.mmhub.example"  # .example is reserved (RFC 2606): no real address has it
USER_PREFIX = "load-user-"
OWNER_USERNAME = "load-data-owner"  # owns the generated articles: how they are found again
# Not in LOAD_EMAIL_DOMAIN itself: the accounts there are all readers who can sign in.
OWNER_EMAIL = f"{OWNER_USERNAME}@articles.{LOAD_EMAIL_DOMAIN}"
DEFAULT_PASSWORD = "load-test-password"  # noqa: S105 - for load-test databases only

DAY = 86_400
HISTORY_DAYS = 365  # reads fall in the last year: the recommender's window
JOINED_YEARS = 3  # accounts joined over the last three years, more of them recently
INACTIVE_SHARE = 0.1  # signed up, never read anything
OPTED_OUT_SHARE = 0.03  # switched personalisation off: no reading history kept
FOLLOW_SHARE = 0.5  # chose areas of interest at onboarding
FOLLOW_MEAN = 3.0  # areas followed, among those who follow any
AREA_READ_SHARE = 0.6  # of a follower's reads are in the areas they follow
ARTICLE_ZIPF = 0.9  # popularity of the article ranked r: 1 / r**ARTICLE_ZIPF
RECENCY_NOISE = 1.0  # how loosely popularity rank follows publication date (log scale)
ACTIVITY_SIGMA = 1.2  # log-normal spread of reads per reader: many light, a few heavy
ACTIVITY_CAP = 2000  # reads drawn for the heaviest reader at most
REPEAT_ALLOWANCE = 1.1  # draws per distinct read wanted (a popular article is read again)
BOOKMARK_READ_SHARE = 0.3  # of the bookmarks later ticked off as read
VOTE_SHARE = 0.15  # of the active accounts vote in each poll that has opened

PROFESSIONS = [  # (profession, specialty, share)
    ("physician", "Haematology", 0.34),
    ("physician", "Medical oncology", 0.14),
    ("physician", "Internal medicine", 0.07),
    ("nurse", "Haemato-oncology nursing", 0.17),
    ("nurse", "Oncology nursing", 0.07),
    ("pharmacist", "Oncology pharmacy", 0.12),
    ("other_hcp", "Clinical research", 0.05),
    ("other_hcp", "Palliative care", 0.04),
]
COUNTRIES = [  # (code, share, cities, registration body when not GMC/NMC/NPI)
    ("GB", 0.36, ["London", "Birmingham", "Leeds", "Glasgow", "Bristol"], ""),
    ("US", 0.28, ["Boston", "Houston", "Chicago", "Seattle", "Atlanta"], ""),
    ("DE", 0.07, ["Berlin", "Heidelberg", "Munich"], "Landesärztekammer"),
    ("FR", 0.07, ["Paris", "Lyon", "Nantes"], "Ordre national"),
    ("ES", 0.06, ["Madrid", "Salamanca", "Barcelona"], "Colegio Oficial"),
    ("IT", 0.05, ["Milan", "Bologna", "Turin"], "Ordine professionale"),
    ("NL", 0.04, ["Amsterdam", "Rotterdam", "Utrecht"], "BIG-register"),
    ("IE", 0.03, ["Dublin", "Cork"], "Medical Council of Ireland"),
    ("AU", 0.04, ["Melbourne", "Sydney"], "AHPRA"),
]
WORKPLACES = ["University Hospital", "Cancer Centre", "General Hospital", "Haematology Clinic"]
FIRST_NAMES = (
    "Alex Sam Maria Anna John Priya Chen Fatima Luca Sofia David Aisha Tom Emma Omar Laura "
    "Hiroshi Elena James Nadia Pierre Ines Kwame Julia Rahul Sarah Miguel Lea Ben Zoe"
).split()
LAST_NAMES = (
    "Smith Patel Garcia Müller Rossi Martin Nguyen Khan Jones Silva Kowalski Brown Dubois "
    "Fischer Lopez Moreau Wilson Ahmed Taylor Costa Novak Murphy Jensen Kim Hughes Bianchi "
    "Schmidt Walsh Fernandez Okafor"
).split()


def load_email(number):
    """The address of generated account `number` (1-based)."""
    return f"{USER_PREFIX}{number:06d}@{LOAD_EMAIL_DOMAIN}"


def load_users():
    """The generated readers' accounts."""
    from django.contrib.auth import get_user_model

    return get_user_model()._base_manager.filter(email__iendswith=f"@{LOAD_EMAIL_DOMAIN}")


def owners():
    """The account that owns the generated articles (one, unless a run was interrupted)."""
    from django.contrib.auth import get_user_model

    return get_user_model()._base_manager.filter(username=OWNER_USERNAME, email=OWNER_EMAIL)


def generated_articles():
    from mmhub.content.models import ArticlePage

    return ArticlePage.objects.filter(owner__in=owners())


@dataclass
class Catalogue:
    """The articles readers pick from: every live article in the site's language, by pk."""

    page_ids: np.ndarray  # int64
    published: np.ndarray  # int64 epoch seconds: 08:00 UTC on the publication date
    area_members: list  # per area position: int64 positions of its articles
    area_ids: list  # database ids, by position


def read_catalogue():
    from mmhub.content.models import AreaOfInterest, ArticlePage, source_articles

    rows = list(source_articles().order_by("pk").values_list("pk", "publication_date"))
    page_ids = np.array([pk for pk, _ in rows], dtype=np.int64)
    epoch = datetime(1970, 1, 1).date()
    published = np.array([(day - epoch).days * DAY + 8 * 3600 for _, day in rows], dtype=np.int64)
    area_ids = list(AreaOfInterest.objects.order_by("pk").values_list("pk", flat=True))
    position = {pk: i for i, pk in enumerate(page_ids.tolist())}
    members = {area_id: [] for area_id in area_ids}
    links = ArticlePage.areas.through.objects.filter(
        articlepage_id__in=source_articles().values("pk")
    ).values_list("articlepage_id", "areaofinterest_id")
    for page_id, area_id in links:
        if page_id in position and area_id in members:
            members[area_id].append(position[page_id])
    area_members = [np.array(sorted(members[area_id]), dtype=np.int64) for area_id in area_ids]
    return Catalogue(page_ids, published, area_members, area_ids)


@dataclass
class Population:
    """Generated accounts and what they did, as arrays (positions, not database ids)."""

    n_users: int
    now: int  # epoch seconds the data is relative to
    profession: np.ndarray  # index into PROFESSIONS
    country: np.ndarray  # index into COUNTRIES
    first_name: np.ndarray
    last_name: np.ndarray
    city: np.ndarray  # index into the country's cities
    workplace: np.ndarray
    registration: list  # registration numbers, as typed
    joined: np.ndarray  # epoch seconds
    last_login: np.ndarray
    submitted: np.ndarray  # profile sent for verification
    verified: np.ndarray  # and verified
    personalised: np.ndarray  # bool
    follow_user: np.ndarray  # user position, one row per followed area
    follow_area: np.ndarray  # area position
    read_user: np.ndarray  # one row per (user, article), sorted by user then article
    read_item: np.ndarray  # catalogue position
    read_first: np.ndarray  # epoch seconds
    read_last: np.ndarray
    read_times: np.ndarray
    bookmark_user: np.ndarray
    bookmark_item: np.ndarray
    bookmark_at: np.ndarray
    bookmark_read_at: np.ndarray  # epoch seconds, -1 when not ticked off

    def summary(self):
        users = np.arange(self.n_users)
        reads = np.bincount(self.read_user, minlength=self.n_users)
        return {
            "users": self.n_users,
            "following": int(np.unique(self.follow_user).size),
            "follows": int(self.follow_user.size),
            "reads": int(self.read_user.size),
            "read_events": int(self.read_times.sum()),
            "bookmarks": int(self.bookmark_user.size),
            "opted_out": int((~self.personalised).sum()),
            "readers": int((reads > 0).sum()),
            "heaviest": int(users[np.argmax(reads)]) if self.n_users else 0,
            "heaviest_reads": int(reads.max()) if self.n_users else 0,
        }


def popularity(rng, catalogue, now):
    """Zipf weights over the catalogue: a rank per article, newer articles tending to rank higher."""
    n = catalogue.page_ids.size
    age_years = (now - catalogue.published) / (365.0 * DAY)
    score = -age_years + rng.normal(0.0, RECENCY_NOISE, n)
    ranks = np.empty(n, dtype=np.int64)
    ranks[np.argsort(-score, kind="stable")] = np.arange(1, n + 1)
    return 1.0 / ranks.astype(np.float64) ** ARTICLE_ZIPF


def draw_population(n_users, catalogue, seed, now, reads_per_user=20.0, bookmarks_per_user=5.0):
    """Accounts, followed areas, reads and bookmarks, from `seed` alone: the same seed and
    catalogue give the same population. `now` is in epoch seconds. Account 0 (the first address
    printed for benchmarks) is always an active, personalised reader who follows three areas."""
    rng = np.random.default_rng(seed)
    n_areas = len(catalogue.area_ids)
    n_items = catalogue.page_ids.size

    shares = np.array([share for *_, share in PROFESSIONS])
    profession = rng.choice(len(PROFESSIONS), size=n_users, p=shares / shares.sum())
    shares = np.array([share for _, share, _, _ in COUNTRIES])
    country = rng.choice(len(COUNTRIES), size=n_users, p=shares / shares.sum())
    first_name = rng.integers(0, len(FIRST_NAMES), n_users)
    last_name = rng.integers(0, len(LAST_NAMES), n_users)
    city = rng.integers(0, 1_000_000, n_users)  # modulo the country's cities
    workplace = rng.integers(0, len(WORKPLACES), n_users)
    numbers = rng.integers(0, 10**9, n_users)
    letters = rng.integers(0, 26, (n_users, 2))
    registration = [
        registration_number(PROFESSIONS[p][0], COUNTRIES[c][0], int(number), pair)
        for p, c, number, pair in zip(
            profession.tolist(), country.tolist(), numbers.tolist(), letters.tolist(), strict=True
        )
    ]
    # More accounts joined recently (a growing site): age = span * (1 - sqrt(u)).
    span = JOINED_YEARS * 365 * DAY
    joined = now - (span * (1 - np.sqrt(rng.random(n_users)))).astype(np.int64) - 3600
    active = rng.random(n_users) >= INACTIVE_SHARE
    personalised = rng.random(n_users) >= OPTED_OUT_SHARE
    follower = rng.random(n_users) < FOLLOW_SHARE
    n_follow = np.clip(1 + rng.poisson(FOLLOW_MEAN - 1, n_users), 1, max(n_areas, 1))
    # Log-normal reads per active reader, scaled so the distinct reads average `reads_per_user`
    # over all accounts (repeat reads of popular articles become times_read, not rows).
    wanted = reads_per_user * REPEAT_ALLOWANCE / (1 - INACTIVE_SHARE) / (1 - OPTED_OUT_SHARE)
    mu = np.log(max(wanted, 1e-9)) - ACTIVITY_SIGMA**2 / 2
    draws = np.minimum(np.rint(rng.lognormal(mu, ACTIVITY_SIGMA, n_users)), ACTIVITY_CAP)
    draws = (draws * active).astype(np.int64)
    if n_users:
        active[0] = personalised[0] = follower[0] = True
        n_follow[0] = min(3, max(n_areas, 1))
        draws[0] = max(draws[0], int(round(reads_per_user)))
    last_login = now - (rng.exponential(7 * DAY, n_users)).astype(np.int64)
    last_login = np.where(active, np.maximum(last_login, joined + 600), joined + 600)
    # Profile sent within a day of joining, verified one to four days later.
    submitted = joined + (rng.random(n_users) * DAY).astype(np.int64)
    verified = submitted + ((1 + 3 * rng.random(n_users)) * DAY).astype(np.int64)
    verified = np.minimum(verified, now - 60)

    # Followed areas: areas have popularities of their own; each follower takes n_follow of
    # them without repeats (Gumbel top-k over the area weights).
    if n_areas and n_users:
        area_weight = 1.0 / rng.permutation(np.arange(1, n_areas + 1)) ** 0.7
        keys = np.log(area_weight)[None, :] + rng.gumbel(size=(n_users, n_areas))
        ranked = np.argsort(-keys, axis=1, kind="stable")
        chosen = (np.arange(n_areas)[None, :] < n_follow[:, None]) & follower[:, None]
        follow_user = np.broadcast_to(np.arange(n_users)[:, None], (n_users, n_areas))[chosen]
        follow_area = ranked[chosen]
    else:
        ranked = np.zeros((n_users, 0), dtype=np.int64)
        follow_user = follow_area = np.zeros(0, dtype=np.int64)

    # Read events: each from the reader's followed areas (AREA_READ_SHARE of a follower's) or
    # from the whole catalogue, weighted by popularity.
    if n_items == 0:
        draws[:] = 0
    weights = popularity(rng, catalogue, now) if n_items else np.zeros(0)
    event_user = np.repeat(np.arange(n_users), draws)
    n_events = event_user.size
    item = np.empty(n_events, dtype=np.int64)
    in_area = follower[event_user] & (rng.random(n_events) < AREA_READ_SHARE)
    pick = rng.random(n_events)
    which = rng.random(n_events)
    area_of_event = np.full(n_events, -1, dtype=np.int64)
    if n_areas:
        slot = (which * n_follow[event_user]).astype(np.int64)
        area_of_event[in_area] = ranked[event_user[in_area], slot[in_area]]
    for area, members in enumerate(catalogue.area_members):
        mask = area_of_event == area
        if not mask.any():
            continue
        if members.size == 0:
            area_of_event[mask] = -1  # nothing in this area: read from the whole catalogue
            continue
        cumulative = np.cumsum(weights[members])
        at = np.searchsorted(cumulative, pick[mask] * cumulative[-1], side="right")
        item[mask] = members[np.minimum(at, members.size - 1)]
    general = area_of_event < 0
    if general.any():
        cumulative = np.cumsum(weights)
        at = np.searchsorted(cumulative, pick[general] * cumulative[-1], side="right")
        item[general] = np.minimum(at, n_items - 1)
    # When: after the article came out and the reader joined, within the last year.
    lower = np.maximum.reduce(
        [
            catalogue.published[item] if n_events else np.zeros(0, dtype=np.int64),
            joined[event_user],
            np.full(n_events, now - HISTORY_DAYS * DAY + 3600),
        ]
    )
    lower = np.minimum(lower, now - 60)
    when = lower + (rng.random(n_events) * (now - lower)).astype(np.int64)

    # One row per (reader, article): first and last read, and how often.
    key = event_user * max(n_items, 1) + item
    order = np.lexsort((when, key))
    key, when = key[order], when[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if n_events else np.zeros(0, int)
    ends = np.r_[starts[1:], n_events].astype(np.int64)
    read_user = key[starts] // max(n_items, 1)
    read_item = key[starts] % max(n_items, 1)
    read_first = when[starts]
    read_last = when[ends - 1] if n_events else np.zeros(0, dtype=np.int64)
    read_times = (ends - starts).astype(np.int64)

    # Bookmarks: articles saved while reading them, some ticked off as read later.
    rows = read_user.size
    mean_rows = rows / max(n_users, 1)
    share = min(1.0, bookmarks_per_user / mean_rows) if mean_rows else 0.0
    saved = rng.random(rows) < share
    bookmark_user, bookmark_item = read_user[saved], read_item[saved]
    bookmark_at = read_first[saved] + (rng.random(saved.sum()) * 600).astype(np.int64)
    bookmark_at = np.minimum(bookmark_at, now - 1)
    ticked = rng.random(bookmark_at.size) < BOOKMARK_READ_SHARE
    later = bookmark_at + (rng.random(bookmark_at.size) * (now - bookmark_at)).astype(np.int64)
    bookmark_read_at = np.where(ticked, later, -1)

    # Readers who switched personalisation off have no reading history (set_personalised
    # deletes it), but keep their bookmarks.
    kept = personalised[read_user]
    return Population(
        n_users=n_users,
        now=now,
        profession=profession,
        country=country,
        first_name=first_name,
        last_name=last_name,
        city=city,
        workplace=workplace,
        registration=registration,
        joined=joined,
        last_login=last_login,
        submitted=submitted,
        verified=verified,
        personalised=personalised,
        follow_user=follow_user.astype(np.int64),
        follow_area=follow_area.astype(np.int64),
        read_user=read_user[kept],
        read_item=read_item[kept],
        read_first=read_first[kept],
        read_last=read_last[kept],
        read_times=read_times[kept],
        bookmark_user=bookmark_user,
        bookmark_item=bookmark_item,
        bookmark_at=bookmark_at,
        bookmark_read_at=bookmark_read_at,
    )


def registration_number(profession, country, number, letters):
    """A number in the right format for the body the account would register with."""
    from mmhub.accounts.validators import npi_check_digit

    if country == "US":
        first_nine = f"1{number % 10**8:08d}"
        return f"{first_nine}{npi_check_digit(first_nine)}"
    if country == "GB" and profession == "physician":
        return f"{1_000_000 + number % 9_000_000}"
    if country == "GB" and profession == "nurse":
        a, b = (chr(ord("A") + letter) for letter in letters)
        return f"{number % 100:02d}{a}{(number // 100) % 10_000:04d}{b}"
    return f"{country}-{number % 10**7:07d}"


def issuing_body(profession, country):
    """(issuing_body, issuing_body_name) for the profile."""
    if country == "US":
        return "us_npi", ""
    if country == "GB" and profession == "physician":
        return "uk_gmc", ""
    if country == "GB" and profession == "nurse":
        return "uk_nmc", ""
    if country == "GB":
        return "other", "General Pharmaceutical Council" if profession == "pharmacist" else "HCPC"
    return "other", next(body for code, _, _, body in COUNTRIES if code == country)


# Writing rows --------------------------------------------------------------------------------


@functools.cache
def _times_of_day(suffix):
    return [
        f"{hour:02d}:{minute:02d}:{second:02d}{suffix}"
        for hour in range(24)
        for minute in range(60)
        for second in range(60)
    ]


def db_datetimes(seconds, connection, missing=None):
    """Epoch seconds as the database takes a DateTimeField in bulk: UTC text, as Django writes
    it on SQLite ("2026-01-31 08:00:00") and with its offset on PostgreSQL. Entries equal to
    `missing` become NULL. Built from the distinct days and a table of times of day: millions
    of values in about a second."""
    seconds = np.asarray(seconds, dtype=np.int64)
    days, time_of_day = np.divmod(seconds, DAY)
    distinct, inverse = np.unique(days, return_inverse=True)
    day_text = [f"{np.datetime64(int(day), 'D')} " for day in distinct.tolist()]
    times = _times_of_day("" if connection.vendor == "sqlite" else "+00:00")
    values = [
        day_text[day] + times[second]
        for day, second in zip(inverse.tolist(), time_of_day.tolist(), strict=True)
    ]
    if missing is not None:
        for index in np.flatnonzero(seconds == missing).tolist():
            values[index] = None
    return values


REBUILD_INDEXES_FROM = 100_000  # rows: on PostgreSQL, build indexes after the load, not per row


def insert_rows(model, names, rows, total, chunk, progress=no_progress):
    """Rows (tuples in `names` order: attnames, values as the database takes them) into the
    model's table: COPY on PostgreSQL, executemany elsewhere; `chunk` rows a transaction, or,
    for REBUILD_INDEXES_FROM rows or more on PostgreSQL, one transaction that takes the table's
    indexes and constraints off and builds them again after the load (`indexes_built_after`)."""
    from django.db import connection, transaction

    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in names)
    rows = iter(rows)
    done = 0
    with contextlib.ExitStack() as stack:
        if connection.vendor == "postgresql" and total >= REBUILD_INDEXES_FROM:
            stack.enter_context(transaction.atomic())
            stack.enter_context(indexes_built_after(model))
        while done < total:
            batch = [row for _, row in zip(range(min(chunk, total - done)), rows, strict=False)]
            if not batch:
                break
            with transaction.atomic(), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                        for row in batch:
                            copy.write_row(row)
                else:
                    placeholders = ", ".join(["%s"] * len(names))
                    # Names from the model's metadata; every value is a parameter.
                    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
                    cursor.executemany(sql, batch)
            done += len(batch)
            progress(len(batch))
    return done


@contextlib.contextmanager
def indexes_built_after(model):
    """PostgreSQL, inside a transaction: drop the table's foreign keys, unique constraints and
    secondary indexes, and on leaving create them again exactly as they were (definitions from
    the catalogue, same names). Building an index once and checking a foreign key with one join
    is several times faster than maintaining them row by row (2 million reads: about 130 s
    against 30 s). The DDL is transactional: if the load fails, everything is as before. The
    table is locked for the transaction. Tables other tables refer to are left alone."""
    from django.db import connection

    table = model._meta.db_table
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_constraint WHERE confrelid = %s::regclass AND contype = 'f'",
            [quote(table)],
        )
        referred_to = cursor.fetchone() is not None
    if referred_to:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype IN ('u', 'f')"
            " ORDER BY contype DESC, conname",  # unique first, then foreign keys
            [quote(table)],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT idx.relname, pg_get_indexdef(idx.oid) FROM pg_index"
            " JOIN pg_class idx ON idx.oid = pg_index.indexrelid"
            " WHERE pg_index.indrelid = %s::regclass AND NOT pg_index.indisprimary"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint"
            " WHERE conindid = pg_index.indexrelid AND conrelid = pg_index.indrelid)"
            " ORDER BY idx.relname",
            [quote(table)],
        )
        indexes = cursor.fetchall()
        # A table with deferred checks pending in this transaction cannot be altered: check
        # them now (SET CONSTRAINTS lasts until the end of the transaction).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # Names and definitions from PostgreSQL's own catalogue, quoted.
        for name, _ in constraints:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    with connection.cursor() as cursor:
        for _, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys are deferred


def create_owner():
    """The inactive account that owns the generated articles: the marker they are found by."""
    from django.contrib.auth import get_user_model

    user = get_user_model()(
        username=OWNER_USERNAME,
        email=OWNER_EMAIL,
        first_name="Load",
        last_name="data",
        is_active=False,
    )
    user.set_unusable_password()
    user.save()
    return user


def write_users(population, password_hash, chunk, progress=no_progress):
    """Accounts, verified primary addresses, verified HCP profiles and personal settings.
    Returns the account ids by position."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.db import connection

    from mmhub.accounts.models import HcpProfile, VerificationStatus
    from mmhub.personal.models import PersonalSettings

    User = get_user_model()
    p = population
    n = p.n_users
    numbers = range(1, n + 1)
    emails = [load_email(number) for number in numbers]
    joined = db_datetimes(p.joined, connection)
    logins = db_datetimes(p.last_login, connection)
    first = [FIRST_NAMES[i] for i in p.first_name.tolist()]
    last = [LAST_NAMES[i] for i in p.last_name.tolist()]
    user_rows = (
        (
            password_hash,
            logins[i],
            False,
            emails[i].split("@")[0],
            first[i],
            last[i],
            emails[i],
            False,
            True,
            joined[i],
        )
        for i in range(n)
    )
    names = ["password", "last_login", "is_superuser", "username", "first_name", "last_name"]
    names += ["email", "is_staff", "is_active", "date_joined"]
    insert_rows(User, names, user_rows, n, chunk, progress)

    by_username = dict(
        User._base_manager.filter(
            username__startswith=USER_PREFIX, email__endswith=LOAD_EMAIL_DOMAIN
        )
        .values_list("username", "pk")
        .iterator(chunk_size=10_000)
    )
    ids = np.array([by_username[email.split("@")[0]] for email in emails], dtype=np.int64)
    id_list = ids.tolist()

    insert_rows(
        EmailAddress,
        ["user_id", "email", "verified", "primary"],
        ((id_list[i], emails[i], True, True) for i in range(n)),
        n,
        chunk,
        progress,
    )

    submitted = db_datetimes(p.submitted, connection)
    verified = db_datetimes(p.verified, connection)
    professions, countries = p.profession.tolist(), p.country.tolist()
    cities, workplaces = p.city.tolist(), p.workplace.tolist()

    def profiles():
        for i in range(n):
            profession, specialty, _ = PROFESSIONS[professions[i]]
            country, _, country_cities, _ = COUNTRIES[countries[i]]
            city = country_cities[cities[i] % len(country_cities)]
            body, body_name = issuing_body(profession, country)
            yield (
                id_list[i],
                profession,
                specialty,
                country,
                f"{city} {WORKPLACES[workplaces[i]]}",
                body,
                body_name,
                p.registration[i],
                VerificationStatus.VERIFIED.value,
                submitted[i],
                verified[i],
                None,
                "",
                "manual review",
                joined[i],
                verified[i],
            )

    names = ["user_id", "profession", "specialty", "country", "workplace", "issuing_body"]
    names += ["issuing_body_name", "registration_number", "verification_status"]
    names += ["submitted_at", "decided_at", "decided_by_id", "rejection_reason"]
    names += ["verified_by_service", "created_at", "updated_at"]
    insert_rows(HcpProfile, names, profiles(), n, chunk, progress)

    onboarded = db_datetimes(p.joined + 300, connection)
    personalised = p.personalised.tolist()
    insert_rows(
        PersonalSettings,
        ["user_id", "personalised", "onboarded_at", "updated_at"],
        ((id_list[i], personalised[i], onboarded[i], onboarded[i]) for i in range(n)),
        n,
        chunk,
        progress,
    )
    return ids


def write_interactions(population, user_ids, catalogue, chunk, progress=no_progress):
    """Followed areas, bookmarks and reads. Returns the rows written per table."""
    from django.db import connection

    from mmhub.personal.models import ArticleRead, Bookmark, FollowedArea

    p = population
    area_ids = np.array(catalogue.area_ids, dtype=np.int64)
    follows = p.follow_user.size
    insert_rows(
        FollowedArea,
        ["user_id", "area_id", "created_at"],
        zip(
            user_ids[p.follow_user].tolist(),
            area_ids[p.follow_area].tolist() if follows else [],
            db_datetimes(p.joined[p.follow_user] + 300, connection),
            strict=True,
        ),
        follows,
        chunk,
        progress,
    )
    bookmarks = p.bookmark_user.size
    insert_rows(
        Bookmark,
        ["user_id", "page_id", "created_at", "read_at"],
        zip(
            user_ids[p.bookmark_user].tolist(),
            catalogue.page_ids[p.bookmark_item].tolist(),
            db_datetimes(p.bookmark_at, connection),
            db_datetimes(p.bookmark_read_at, connection, missing=-1),
            strict=True,
        ),
        bookmarks,
        chunk,
        progress,
    )
    reads = p.read_user.size
    insert_rows(
        ArticleRead,
        ["user_id", "page_id", "first_read_at", "last_read_at", "times_read"],
        zip(
            user_ids[p.read_user].tolist(),
            catalogue.page_ids[p.read_item].tolist(),
            db_datetimes(p.read_first, connection),
            db_datetimes(p.read_last, connection),
            p.read_times.tolist(),
            strict=True,
        ),
        reads,
        chunk,
        progress,
    )
    return {"follows": follows, "bookmarks": bookmarks, "reads": reads}


def write_votes(population, user_ids, seed, chunk, progress=no_progress):
    """Votes of active accounts in every poll that has opened: (votes, choices) written.
    Options are chosen with Zipf weights in a seeded order, multiple-choice polls take one to
    three answers (within the poll's limit)."""
    from django.db import transaction
    from django.utils import timezone

    from mmhub.polls.models import Poll, Vote, VoteChoice

    p = population
    rng = np.random.default_rng([seed, 11])
    now = p.now
    votes = choices = 0
    polls = list(Poll.objects.filter(opens_at__lt=timezone.now()).order_by("pk"))
    for poll in polls:
        options = list(poll.options.order_by("sort_order", "pk").values_list("pk", flat=True))
        opens = int(poll.opens_at.timestamp())
        closes = min(now, int(poll.closes_at.timestamp())) if poll.closes_at else now
        voting = rng.random(p.n_users) < VOTE_SHARE
        lower = np.maximum(p.joined, opens)
        voting &= (lower < closes - 60) & (p.last_login > p.joined + 600)
        voters = np.flatnonzero(voting)
        if not options or voters.size == 0:
            continue
        cast = lower[voters] + (rng.random(voters.size) * (closes - lower[voters])).astype(np.int64)
        weights = 1.0 / rng.permutation(np.arange(1, len(options) + 1)).astype(float)
        limit = min(3, poll.max_choices or 3, len(options)) if poll.is_multiple else 1
        how_many = rng.integers(1, limit + 1, voters.size)
        keys = np.log(weights)[None, :] + rng.gumbel(size=(voters.size, len(options)))
        ranked = np.argsort(-keys, axis=1, kind="stable")
        for start in range(0, voters.size, chunk):
            part = range(start, min(start + chunk, voters.size))
            with transaction.atomic():
                created = Vote.objects.bulk_create(
                    [
                        Vote(
                            poll=poll,
                            user_id=int(user_ids[voters[i]]),
                            cast_at=datetime.fromtimestamp(int(cast[i]), tz=UTC),
                        )
                        for i in part
                    ]
                )
                picked = [
                    VoteChoice(vote_id=vote.pk, option_id=options[j])
                    for vote, i in zip(created, part, strict=True)
                    for j in ranked[i, : how_many[i]].tolist()
                ]
                VoteChoice.objects.bulk_create(picked)
            votes += len(created)
            choices += len(picked)
            progress(len(created))
    return votes, choices


# Removing it again ---------------------------------------------------------------------------


def id_chunk():
    """Ids per `IN (...)` list: SQLite takes 999 parameters a statement at least, PostgreSQL
    many more (and fewer, larger statements delete faster)."""
    from django.db import connection

    return 900 if connection.vendor == "sqlite" else 10_000


def delete_rows(queryset, collect_related=True):
    """Delete the queryset's rows and, following foreign keys as their on_delete says, every row
    that depends on them: without loading model instances or sending delete signals (Wagtail's
    would unpublish, log and unindex each page one by one). Each dependent table takes one
    statement, with the rows to delete as a subquery. PROTECT or RESTRICT with rows behind it
    stops the deletion. Returns the rows deleted per model label."""
    from django.db import models
    from django.db.models.deletion import get_candidate_relations_to_delete

    model = queryset.model
    deleted = Counter()
    # A child model's fields include the reverse relations of its parents (as for Collector).
    relations = list(get_candidate_relations_to_delete(model._meta)) if collect_related else []
    parents = [parent for parent, link in model._meta.parents.items() if link is not None]
    if relations:
        rows = queryset.order_by().values("pk")
        for relation in relations:
            field = relation.field
            related = relation.related_model._base_manager.filter(**{f"{field.name}__in": rows})
            on_delete = field.remote_field.on_delete
            if on_delete is models.CASCADE:
                if related.exists():  # also ends the walk along a self-referring key
                    deleted.update(delete_rows(related))
            elif on_delete is models.SET_NULL:
                related.update(**{field.name: None})
            elif on_delete in (models.PROTECT, models.RESTRICT):
                if related.exists():
                    raise models.ProtectedError(
                        f"{relation.related_model._meta.label} rows refer to the data to delete",
                        set(related[:5]),
                    )
            elif on_delete is not models.DO_NOTHING:
                raise NotImplementedError(f"on_delete {on_delete} of {field}")
    # Multi-table inheritance: the parent rows go too, after the child rows that point at them.
    pks = list(queryset.values_list("pk", flat=True)) if parents else []
    deleted[model._meta.label] += queryset._raw_delete(queryset.db)
    chunk = id_chunk()
    for parent in parents:
        for start in range(0, len(pks), chunk):
            rows = parent._base_manager.filter(pk__in=pks[start : start + chunk])
            deleted.update(delete_rows(rows, collect_related=False))
    return deleted


def delete_generic_rows(model, object_ids):
    """Rows that point at these objects through a generic relation (content type + object id),
    which no foreign key cascades: search index entries, revisions, reference index, workflow
    states. Returns the rows deleted per model label."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex, Revision, WorkflowState
    from wagtail.search.models import IndexEntry

    content_types = [
        ct.pk
        for ct in ContentType.objects.get_for_models(
            model, *model._meta.get_parent_list(), for_concrete_models=False
        ).values()
    ]
    deleted = Counter()
    chunk = id_chunk()
    for start in range(0, len(object_ids), chunk):
        ids = [str(pk) for pk in object_ids[start : start + chunk]]
        deleted.update(
            delete_rows(
                IndexEntry.objects.filter(content_type__in=content_types, object_id__in=ids)
            )
        )
        deleted.update(
            delete_rows(
                Revision.objects.filter(base_content_type__in=content_types, object_id__in=ids)
            )
        )
        deleted.update(
            delete_rows(
                WorkflowState.objects.filter(base_content_type__in=content_types, object_id__in=ids)
            )
        )
        deleted.update(
            delete_rows(
                ReferenceIndex.objects.filter(
                    base_content_type__in=content_types, object_id__in=ids
                )
            )
        )
        deleted.update(
            delete_rows(
                ReferenceIndex.objects.filter(
                    to_content_type__in=content_types, to_object_id__in=ids
                )
            )
        )
    return deleted


def delete_load_data():
    """Remove what generate_load_data made: its articles (owned by the load-data owner), the
    accounts of LOAD_EMAIL_DOMAIN with everything of theirs, and the owner. Demo content and
    other accounts stay. Returns (articles, accounts, rows deleted per model label)."""
    from django.db import transaction
    from wagtail.models import Page

    from mmhub.polls.models import Vote

    deleted = Counter()
    with transaction.atomic():
        article_ids = list(generated_articles().order_by("pk").values_list("pk", flat=True))
        # Their parents (the article index, normally), whose child counts change.
        parents = set()
        chunk = id_chunk()
        for start in range(0, len(article_ids), chunk):
            part = article_ids[start : start + chunk]
            for path, depth in Page.objects.filter(pk__in=part).values_list("path", "depth"):
                parents.add((path[: (depth - 1) * Page.steplen], depth - 1))
        deleted.update(delete_generic_rows(generated_articles().model, article_ids))
        deleted.update(delete_rows(generated_articles()))
        for path, depth in parents:
            children = Page.objects.filter(path__startswith=path, depth=depth + 1).count()
            Page.objects.filter(path=path).update(numchild=children)
        # Votes outlive their account (SET_NULL keeps the count); generated ones go entirely.
        deleted.update(delete_rows(Vote.objects.filter(user__in=load_users())))
        accounts = load_users().count()
        deleted.update(delete_rows(load_users()))
        deleted.update(delete_rows(owners()))
    return len(article_ids), accounts, deleted
