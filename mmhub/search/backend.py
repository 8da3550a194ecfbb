"""Wagtail's database search backend, with one change on PostgreSQL for large archives.

`WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "mmhub.search.backend"` picks the same backend
as "wagtail.search.backends.database" for the database in use (SQLite FTS5, PostgreSQL full
text, MySQL or the fallback), so indexing, queries and the search API are Wagtail's.

On PostgreSQL, relevance ranking runs over the newest `RANK_WINDOW` matches (by primary key,
that is the order pages were created in) instead of over every match, and a count never ranks:

- Wagtail's backend orders all matches by `ts_rank` of their title and body, which reads every
  matching article's stored body vector. A word most articles contain ("myeloma", a common drug,
  a large trial's name) then costs about half a second at 50,000 articles, whichever page of
  results is asked for, and counting the matches as much again.
- Here one query fetches the ids of the newest `RANK_WINDOW` + 1 matches (Wagtail's own filter),
  kept on the compiler, which every slice and the count of the same results share; the count
  comes from those ids. A second query ranks just the window's rows with Wagtail's own rank
  expression and returns the slice's ids; the objects then come from the search's queryset.
- A query matching up to `RANK_WINDOW` articles is ranked exactly as Wagtail ranks it: the
  window holds every match. Only broader queries are ranked within their newest matches.
- Sorting by anything but relevance is Wagtail's search; its count does not rank either.
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
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._newest = None

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

    def newest_matches(self, config, backend):
        """The ids of the newest `rank_window` + 1 matches, newest first: one query per search,
        kept for the count and every slice of the same results (they share this compiler)."""
        if self._newest is None:
            newest = self.matches(config).order_by("-pk").values_list("pk", flat=True)
            self._newest = list(newest[: backend.rank_window + 1])
        return self._newest

    def ranked_in_window(self, config, backend, start, stop):
        """[(pk, score)] of the slice of the window's matches ordered by Wagtail's rank. Ranks
        the window's rows alone (the model's table and the index entries, by primary key), not
        joined with the filters again: those picked the window."""
        search_query = self.build_tsquery(self.query, config=config)
        rank_expression = self._build_rank_expression(self.get_search_vectors(search_query), config)
        window = self.newest_matches(config, backend)[: backend.rank_window]
        model = self.queryset.model
        ranked = (
            model._base_manager.filter(pk__in=window)
            .annotate(_rank_=rank_expression)
            .order_by("-_rank_", "-pk")
            .values_list("pk", "_rank_")
        )
        return list(ranked[start:stop])


class WindowedPostgresResults(PostgresSearchResults):
    def _do_search(self):
        """Ranked in the window: the slice's ids by rank, then those objects from the search's
        own queryset (its select_related and prefetches), in rank order."""
        compiler = self.query_compiler
        if not compiler.ranks_in_window(self.backend):
            return super()._do_search()
        ranked = compiler.ranked_in_window(
            compiler.get_config(self.backend), self.backend, self.start, self.stop
        )
        if not ranked:
            return []
        found = compiler.queryset.in_bulk([pk for pk, _score in ranked])
        results = []
        for pk, score in ranked:
            if pk in found:
                if self._score_field:
                    setattr(found[pk], self._score_field, score)
                results.append(found[pk])
        return results

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
        config = compiler.get_config(self.backend)
        if compiler.ranks_in_window(self.backend):
            newest = compiler.newest_matches(config, self.backend)
            # Every match is among the ids fetched, or the slice ends within them.
            if len(newest) <= self.backend.rank_window or (
                self.stop is not None and self.stop <= len(newest)
            ):
                return len(newest[self.start : self.stop])
        matches = compiler.matches(config).order_by()
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
