"""Searching articles: filters, sorting, exact trial names and registry numbers, snippets with
the searched words marked, and the anonymous daily counts editors read.

The search runs on the configured Wagtail search backend: the database backend (SQLite FTS5,
PostgreSQL full text) by default, OpenSearch in production. Everything here goes through
Wagtail's search API, so the code path is the same on both.
"""

import html
import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Phrase

from mmhub.content.models import AreaOfInterest, ArticlePage, article_cards, readable_articles
from mmhub.evidence.models import Trial

from .models import SearchTermDay

MAX_QUERY_LENGTH = 200
SORTS = ("relevance", "date")
SNIPPET_LENGTH = 240
# Registry numbers readers paste: ClinicalTrials.gov, ISRCTN and EudraCT.
REGISTRY_NUMBER = re.compile(r"^(NCT\d{8}|ISRCTN\d{8}|\d{4}-\d{6}-\d{2})$", re.IGNORECASE)
WORD = re.compile(r"[\w\-]+", re.UNICODE)
# Where one paragraph, heading or list item ends and the next begins: a space in plain text.
BLOCK_TAG = re.compile(r"</?(?:p|h[1-6]|li|ul|ol|br|div|blockquote|tr|td|th)\b[^>]*>", re.I)


@dataclass
class Filters:
    area: AreaOfInterest | None = None
    article_type: str = ""
    published_after: date | None = None
    published_before: date | None = None
    sort: str = "relevance"

    @property
    def active(self):
        return bool(self.area or self.article_type or self.published_after or self.published_before)


@dataclass
class Outcome:
    """What a search found. `articles` is ordered and sliceable (the paginator's input);
    `trial` is the trial the query named exactly, if any."""

    query: str
    articles: object
    trial: Trial | None = None
    terms: list[str] = field(default_factory=list)

    @property
    def more_than_listed(self):
        """True when more articles match than the page lists (SEARCH_MAX_RESULTS). Known once
        the results are counted."""
        return getattr(self.articles, "more", False)


def normalise(query):
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


def trial_named_by(query):
    """The trial whose acronym or registry number is exactly the query (case and spacing
    aside): "myeloma xi", "MAIA", "NCT01554852"."""
    query = normalise(query)
    if not query:
        return None
    registry = query.replace(" ", "").upper()
    if REGISTRY_NUMBER.match(registry):
        return Trial.objects.filter(
            Q(nct_id__iexact=registry)
            | Q(isrctn__iexact=registry)
            | Q(isrctn__iexact=registry.removeprefix("ISRCTN"))
            | Q(eudract__iexact=registry)
        ).first()
    return Trial.objects.filter(acronym__iexact=query).first()


def _search_backend_is_database():
    """Whether the search runs in the database (Wagtail's database backends, ours included)."""
    backend = type(get_search_backend())
    return any(c.__module__.startswith("modelsearch.backends.database.") for c in backend.__mro__)


def search_articles(reader, query, filters=None):
    """Live articles `reader` may open that match `query`, filtered and sorted.

    A query that names a trial exactly (its acronym or a registry number) is a phrase: it
    finds articles that show that trial's evidence or spell the name out, and never articles
    that merely contain one of its words ("Myeloma" of "Myeloma XI"). An article whose title
    is exactly the query comes first.
    """
    filters = filters or Filters()
    query = normalise(query)
    articles = article_cards(readable_articles(reader, locale=Locale.get_default()))
    if filters.article_type:
        articles = articles.filter(article_type=filters.article_type)
    if filters.published_after:
        articles = articles.filter(publication_date__gte=filters.published_after)
    if filters.published_before:
        articles = articles.filter(publication_date__lte=filters.published_before)
    if filters.area:
        in_area = ArticlePage.areas.through.objects.filter(areaofinterest=filters.area).values(
            "articlepage_id"
        )
        # The database backend filters with SQL, so a subquery does; other backends need ids.
        articles = articles.filter(
            pk__in=in_area if _search_backend_is_database() else list(in_area)
        )
    trial = trial_named_by(query)
    by_date = filters.sort == "date"
    if by_date:
        articles = articles.order_by("-publication_date", "-id")
    exact = None
    if not by_date:
        # Looked up, not left to ranking: among thousands of matches the exact title can rank
        # far down (a title is short, a body repeats the words).
        exact = articles.filter(title__iexact=query).first()
        if exact is not None:
            articles = articles.exclude(pk=exact.pk)
    if trial:
        results = articles.search(Phrase(query), order_by_relevance=not by_date)
    else:
        results = articles.search(query, order_by_relevance=not by_date, operator="and")
    if settings.SEARCH_MAX_RESULTS:
        results = Capped(results, settings.SEARCH_MAX_RESULTS)
    if exact is not None:
        results = TitleFirst(exact, results)
    return Outcome(query=query, articles=results, trial=trial, terms=terms_of(query))


class Capped:
    """At most `limit` search results, counted by counting one more (a count that stops early
    instead of counting every match), and whether there are more: `more`, once counted."""

    def __init__(self, results, limit):
        self.results = results
        self.limit = limit
        self.more = False
        self._count = None

    def count(self):
        if self._count is None:
            found = self.results[: self.limit + 1].count()
            self.more = found > self.limit
            self._count = min(found, self.limit)
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        start, stop = key.start or 0, key.stop
        stop = self.limit if stop is None else min(stop, self.limit)
        return self.results[start:stop]


class TitleFirst:
    """The article whose title is the query, then the search results without it: counts and
    slices like search results, so the paginator pages through it."""

    def __init__(self, first, results):
        self.first = first
        self.results = results

    @property
    def more(self):
        return getattr(self.results, "more", False)

    def count(self):
        return self.results.count() + 1

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        start, stop = key.start or 0, key.stop
        rest_stop = stop - 1 if stop is not None else None
        if start == 0:
            return [self.first, *self.results[0:rest_stop]]
        return list(self.results[start - 1 : rest_stop])


def terms_of(query):
    return [word for word in WORD.findall(query) if len(word) > 1][:10]


def body_text(page):
    """The searchable words of an article's body as plain text, read from its stored data
    (no rendering): text, quotes, transcripts and reference titles."""
    parts = []

    def walk(value):
        if isinstance(value, str):
            parts.append(strip_tags(BLOCK_TAG.sub(" ", value)))
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in {"id", "type", "doi", "pmid", "pmcid", "url"}:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for block in page.body.raw_data:
        if block.get("type") in {"text", "quote", "video", "references", "key_data"}:
            walk(block.get("value"))
    return html.unescape(" ".join(" ".join(parts).split()))


def snippet(text, terms, length=SNIPPET_LENGTH):
    """A short passage of `text` around the first searched word, HTML-escaped, with every
    searched word wrapped in <mark>. None when no word occurs."""
    if not text or not terms:
        return None
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(term) for term in terms) + r")", re.IGNORECASE
    )
    found = pattern.search(text)
    if found is None:
        return None
    start = max(0, found.start() - length // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < found.start() else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", found.end(), end)
        end = space if space > found.end() else end
    passage = text[start:end]
    marked = []
    position = 0
    for match in pattern.finditer(passage):
        marked.append(html.escape(passage[position : match.start()]))
        marked.append(f"<mark>{html.escape(match.group(0))}</mark>")
        position = match.end()
    marked.append(html.escape(passage[position:]))
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(marked) + suffix


def add_snippets(articles, terms):
    """Give each article on a results page a `snippet`: from its standfirst when a searched
    word is there, else from its body. The page's bodies come in one query, needed or not, so
    a results page costs the same number of queries whatever it holds."""
    articles = list(articles)
    bodies = {}
    if articles and terms:
        bodies = ArticlePage.objects.only("id", "body").in_bulk([a.pk for a in articles])
    for article in articles:
        article.snippet = snippet(article.standfirst, terms)
        if article.snippet is None and article.pk in bodies:
            article.snippet = snippet(body_text(bodies[article.pk]), terms)
    return articles


# What readers search for --------------------------------------------------------------------

EMAIL = re.compile(r"\S+@\S+")
LONG_NUMBER = re.compile(r"\b\d{6,}\b")


def loggable_term(query):
    """The query as it is counted: lower case, spaces collapsed, and anything that could be a
    person's contact detail or identifier (email addresses, long numbers that are not registry
    numbers) replaced, so the counts stay free of personal data."""
    term = normalise(query).lower()
    if REGISTRY_NUMBER.match(term.replace(" ", "")):
        return term[:100]
    term = EMAIL.sub("[email]", term)
    term = LONG_NUMBER.sub("[number]", term)
    return term[:100]


def record_search(query, found):
    term = loggable_term(query)
    if not term:
        return
    today = timezone.localdate()
    zero = 0 if found else 1
    updated = SearchTermDay.objects.filter(day=today, term=term).update(
        searches=F("searches") + 1, zero_results=F("zero_results") + zero
    )
    if updated:
        return
    try:
        with transaction.atomic():
            SearchTermDay.objects.create(day=today, term=term, searches=1, zero_results=zero)
    except IntegrityError:  # another request counted the day's first search of this term
        SearchTermDay.objects.filter(day=today, term=term).update(
            searches=F("searches") + 1, zero_results=F("zero_results") + zero
        )


def top_terms(days=30, limit=50, zero_only=False):
    """(term, searches, zero_results) over the last `days` days, most searched first."""
    since = timezone.localdate() - timezone.timedelta(days=days - 1)
    rows = SearchTermDay.objects.filter(day__gte=since)
    if zero_only:
        rows = rows.filter(zero_results__gt=0)
    return list(
        rows.values("term")
        .annotate(total=Sum("searches"), empty=Sum("zero_results"))
        .order_by("-empty" if zero_only else "-total", "term")
        .values_list("term", "total", "empty")[:limit]
    )
