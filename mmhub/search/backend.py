"""Wagtail's database search backend, with one change on PostgreSQL for large archives.

`WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "mmhub.search.backend"` picks the same backend
as "wagtail.search.backends.database" for the database in use (SQLite FTS5, PostgreSQL full
text, MySQL or the fallback), so indexing, queries and the search API are Wagtail's.

On PostgreSQL, relevance ranking runs over the newest `RANK_WINDOW` matches (by primary key,
that is the order pages were created in) instead of over every match, and a count never ranks:

- Wagtail's backend orders all matches by `ts_rank` of their title and body, which reads every
  matching article's stored body vector. A word most articles contain ("myeloma", a common drug,
  a large trial's name) then costs about half a second at 50,000 articles, whichever page of
  results is asked for, and counting the matches as many again.
- A query matching up to `RANK_WINDOW` articles is ranked exactly as before: the window holds
  every match. Only broader queries are ranked within their newest `RANK_WINDOW` matches, and
  their results are that window (the search page says there are more and suggests filters).
  A count counts every match (up to the slice asked for) and never ranks.
- `RANK_WINDOW: None` (or 0) ranks every match, as Wagtail does.

The window and the search page's cap on results are one number, `SEARCH_MAX_RESULTS`
(mmhub.search.services): every backend lists at most that many results.
"""

from django.db import connection
from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.query import Fuzzy, MatchAll, Not


class WindowedPostgresCompiler(PostgresSearchQueryCompiler):
    def ranks_in_window(self, backend):
        return (
            bool(getattr(backend, "rank_window", None))
            and self.order_by_relevance
            and not isinstance(self.query, (MatchAll, Fuzzy, Not))
        )

    def matches(self, config):
        """The queryset of every match, unordered: what Wagtail's search filters on."""
        search_query = self.build_tsquery(self.query, config=config)
        vectors = self.get_search_vectors(search_query)
        combined_vector = vectors[0][0]
        for vector, _boost in vectors[1:]:
            combined_vector = combined_vector._combine(vector, "||", False)
        # alias, not annotate: the combined vector is for the filter, never a column to sort
        # and return with every row.
        return self.queryset.alias(_vector_=combined_vector).filter(_vector_=search_query)

    def search(self, config, start, stop, score_field=None, backend=None):
        if not self.ranks_in_window(backend):
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        search_query = self.build_tsquery(self.query, config=config)
        vectors = self.get_search_vectors(search_query)
        rank_expression = self._build_rank_expression(vectors, config)
        newest = self.matches(config).order_by("-pk").values("pk")[: backend.rank_window]
        window = self.queryset.filter(pk__in=newest)
        return self._apply_ordering_and_scoring(window, rank_expression, start, stop, score_field)


class WindowedPostgresResults(PostgresSearchResults):
    def _do_count(self):
        """The matches in the slice, counted without ranking them (Wagtail's count orders
        every match by rank when the results are sliced). Counts every match, also beyond the
        ranking window: the search page slices within the window and learns from a count of
        one more whether there are more."""
        compiler = self.query_compiler
        if isinstance(compiler.query, (MatchAll, Fuzzy)) or (
            isinstance(compiler.query, Not) and isinstance(compiler.query.subquery, MatchAll)
        ):
            return super()._do_count()
        matches = compiler.matches(compiler.get_config(self.backend)).order_by()
        if self.start or self.stop is not None:
            matches = matches[self.start : self.stop]
        return matches.count()


class WindowedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = WindowedPostgresCompiler
    results_class = WindowedPostgresResults

    def __init__(self, params):
        super().__init__(params)
        self.rank_window = params.get("RANK_WINDOW") or None


def SearchBackend(params):  # noqa: N802 - Wagtail looks the backend class up by this name
    """The database backend Wagtail would choose, windowed on PostgreSQL."""
    if connection.vendor == "postgresql":
        return WindowedPostgresSearchBackend(params)
    return database_backend(params)
