"""The SQLite (FTS5) part of mmhub.search.backend: imported only on SQLite, where Wagtail's
FTS model exists."""

from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from .backend import WindowBackend, WindowCompiler, WindowResults


class WindowedSQLiteCompiler(WindowCompiler, SQLiteSearchQueryCompiler):
    def build_search_query_content(self, query, config=None):
        """Wagtail puts each word between double quotes for FTS5 without doubling the quotes
        inside it, so a word with a `"` in it was an FTS5 syntax error and the search page a 500
        (wagtail/wagtail#13227). Doubled, the quote is the separator FTS5 would make of it."""
        if isinstance(query, PlainText):
            query = PlainText(
                query.query_string.replace('"', '""'), operator=query.operator, boost=query.boost
            )
        return super().build_search_query_content(query, config=config)

    def searches_words(self):
        return super().searches_words() and not isinstance(normalize(self.query), (MatchAll, Not))

    def _index_entries(self, config):
        """The FTS rows matching the query, for this model and its subclasses (as Wagtail's
        SQLite search builds them)."""
        search_query = self.build_search_query(normalize(self.query), config=config)
        return (
            SQLiteFTSIndexEntry.objects.filter(
                MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query)
            )
            .select_related("index_entry")
            .filter(
                index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model)
            )
        )

    def matches(self, config):
        ids = self._index_entries(config).values_list("index_entry__object_id", flat=True)
        return self.queryset.filter(pk__in=ids)

    def ranked(self, config, window):
        """BM25 of the window's rows; best (lowest) first, then the newest, as Wagtail orders
        them."""
        to_pk = self.queryset.model._meta.pk.to_python
        rows = (
            self._index_entries(config)
            .filter(index_entry__object_id__in=[str(pk) for pk in window])
            .annotate(score=self._build_rank_expression(self.get_search_vectors(), config))
            .values_list("index_entry__object_id", "score")
        )
        scored = [(to_pk(object_id), score) for object_id, score in rows]
        return sorted(scored, key=lambda row: (row[1], -row[0]))


class WindowedSQLiteResults(WindowResults, SQLiteSearchResults):
    pass


class WindowedSQLiteSearchBackend(WindowBackend, SQLiteSearchBackend):
    query_compiler_class = WindowedSQLiteCompiler
    results_class = WindowedSQLiteResults
