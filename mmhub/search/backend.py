"""Wagtail's database search backend, ranking broad queries among their newest matches.

`WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "mmhub.search.backend"` picks the same backend
as "wagtail.search.backends.database" for the database in use, so indexing, queries and the
search API are Wagtail's. On PostgreSQL and on SQLite with FTS5, a query sorted by relevance is
ranked over its newest `RANK_WINDOW` matches (by primary key, that is the order pages were
created in) instead of over every match, and a count never ranks:

- Wagtail's backends order all matches by rank: PostgreSQL's `ts_rank` reads every matching
  article's stored text vector, SQLite's BM25 runs a subquery per match. A word most articles
  contain ("myeloma", a common drug, a large trial's name) then costs about half a second on
  PostgreSQL at 50,000 articles, whichever page of results is asked for, and counting the
  matches as much again.
- Here one query fetches the ids of the newest `RANK_WINDOW` + 1 matches (Wagtail's own match),
  kept on the compiler, which every slice and the count of the same results share; the count
  comes from those ids. A second query ranks just the window's rows with Wagtail's own rank
  expression; the slice's objects then come from the search's queryset, in rank order.
- A query matching up to `RANK_WINDOW` articles is ranked exactly as Wagtail ranks it: the
  window holds every match. Only broader queries are ranked within their newest matches.
- Sorting by anything but relevance is Wagtail's search; its count does not rank either.
  Match-all, negated and fuzzy queries are Wagtail's throughout.
- `RANK_WINDOW: None` (or 0) ranks every match, as Wagtail does.

The window and the search page's cap on results are one number, `SEARCH_MAX_RESULTS`
(mmhub.search.services): every backend lists at most that many results.
"""

from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.query import Fuzzy, MatchAll, Not


class WindowCompiler:
    """What ranking in a window needs from a compiler; `matches` and `ranked` are the
    database's own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._newest = None

    def ranks_in_window(self, backend):
        return (
            bool(getattr(backend, "rank_window", None))
            and self.order_by_relevance
            and self.searches_words()
        )

    def searches_words(self):
        """False for match-all, negated and fuzzy queries, which stay Wagtail's throughout."""
        return not isinstance(self.query, (MatchAll, Fuzzy, Not))

    def matches(self, config):
        """The queryset of every match, unordered: what Wagtail's search filters on."""
        raise NotImplementedError

    def ranked(self, config, window):
        """[(pk, score)] of the window's matches, best first, as Wagtail orders them."""
        raise NotImplementedError

    def newest_matches(self, config, backend):
        """The ids of the newest `rank_window` + 1 matches, newest first: one query per search,
        kept for the count and every slice of the same results (they share this compiler)."""
        if self._newest is None:
            newest = self.matches(config).order_by("-pk").values_list("pk", flat=True)
            self._newest = list(newest[: backend.rank_window + 1])
        return self._newest


class WindowResults:
    def _do_search(self):
        """Ranked in the window: the slice's ids by rank, then those objects from the search's
        own queryset (its select_related and prefetches), in rank order."""
        compiler = self.query_compiler
        if not compiler.ranks_in_window(self.backend):
            return super()._do_search()
        config = compiler.get_config(self.backend)
        window = compiler.newest_matches(config, self.backend)[: self.backend.rank_window]
        ranked = compiler.ranked(config, window)[self.start : self.stop] if window else []
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
        """The matches in the slice, counted without ranking them (Wagtail's count ranks every
        match when the results are sliced). Counts every match, also beyond the ranking window:
        the search page slices within the window and learns from a count of one more whether
        there are more."""
        compiler = self.query_compiler
        if not compiler.searches_words():
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


class WindowBackend:
    def __init__(self, params):
        super().__init__(params)
        self.rank_window = params.get("RANK_WINDOW") or None


# PostgreSQL ----------------------------------------------------------------------------------


class WindowedPostgresCompiler(WindowCompiler, PostgresSearchQueryCompiler):
    def matches(self, config):
        search_query = self.build_tsquery(self.query, config=config)
        vectors = self.get_search_vectors(search_query)
        combined_vector = vectors[0][0]
        for vector, _boost in vectors[1:]:
            combined_vector = combined_vector._combine(vector, "||", False)
        # alias, not annotate: the combined vector is for the filter, never a column to sort
        # and return with every row.
        return self.queryset.alias(_vector_=combined_vector).filter(_vector_=search_query)

    def ranked(self, config, window):
        """Ranks the window's rows alone (the model's table and the index entries, by primary
        key), not joined with the filters again: those picked the window."""
        search_query = self.build_tsquery(self.query, config=config)
        rank_expression = self._build_rank_expression(self.get_search_vectors(search_query), config)
        return list(
            self.queryset.model._base_manager.filter(pk__in=window)
            .annotate(_rank_=rank_expression)
            .order_by("-_rank_", "-pk")
            .values_list("pk", "_rank_")
        )


class WindowedPostgresResults(WindowResults, PostgresSearchResults):
    pass


class WindowedPostgresSearchBackend(WindowBackend, PostgresSearchBackend):
    query_compiler_class = WindowedPostgresCompiler
    results_class = WindowedPostgresResults


def SearchBackend(params):  # noqa: N802 - Wagtail looks the backend class up by this name
    """The database backend Wagtail would choose, ranking broad queries in a window on
    PostgreSQL and on SQLite with FTS5 (whose module only imports where its tables exist)."""
    backend = database_backend(params)
    if isinstance(backend, PostgresSearchBackend):
        return WindowedPostgresSearchBackend(params)
    if type(backend).__module__ == "modelsearch.backends.database.sqlite.sqlite":
        from .backend_sqlite import WindowedSQLiteSearchBackend

        return WindowedSQLiteSearchBackend(params)
    return backend
