"""Broad searches: the page lists at most SEARCH_MAX_RESULTS and says when more match; the
database backend (PostgreSQL or SQLite) ranks only the newest matches of a broad query, ranks
the rest exactly as Wagtail does, and counts without ranking (mmhub/search/backend.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from modelsearch.backends.database import SearchBackend as database_backend

from mmhub.content.models import ArticlePage
from mmhub.search.backend import SearchBackend
from tests.search.test_search_page import add_article, slugs


def limited(limit):
    return override_settings(
        SEARCH_MAX_RESULTS=limit,
        WAGTAILSEARCH_BACKENDS={
            "default": {"BACKEND": "mmhub.search.backend", "RANK_WINDOW": limit}
        },
    )


def test_a_broad_search_lists_at_most_the_limit_and_says_so(hcp_client, demo_site):
    for number in range(15):
        add_article(f"Qwertyzomib note {number}", "<p>Qwertyzomib.</p>")

    with limited(12):
        first = hcp_client.get("/search/", {"q": "qwertyzomib"})
        second = hcp_client.get("/search/", {"q": "qwertyzomib", "page": "2"})
        beyond = hcp_client.get("/search/", {"q": "qwertyzomib", "page": "3"})
    body = first.content.decode()

    assert first.context["results"].paginator.count == 12
    assert first.context["outcome"].more_than_listed
    assert "More than 12 articles match “qwertyzomib”: the first 12 are listed." in body
    assert "results for" not in body
    assert len(slugs(first)) == 10 and len(slugs(second)) == 2
    assert not set(slugs(first)) & set(slugs(second))
    assert slugs(beyond) == slugs(second)  # the paginator's last page, not an error

    # Under the limit, the exact count as before.
    unlimited = hcp_client.get("/search/", {"q": "qwertyzomib"})
    assert unlimited.context["results"].paginator.count == 15
    assert not unlimited.context["outcome"].more_than_listed
    assert "15 results for “qwertyzomib”." in unlimited.content.decode()


@pytest.mark.parametrize("limit", [3, 0], ids=["exactly the limit", "no limit"])
def test_no_more_than_listed(hcp_client, demo_site, limit):
    for number in range(3):
        add_article(f"Asdfzomib note {number}", "<p>Asdfzomib.</p>")
    with limited(limit):
        response = hcp_client.get("/search/", {"q": "asdfzomib"})
    assert response.context["results"].paginator.count == 3
    assert not response.context["outcome"].more_than_listed
    assert "3 results for “asdfzomib”." in response.content.decode()


def test_an_exact_title_still_comes_first_when_more_match(hcp_client, demo_site):
    for number in range(6):
        add_article(f"Zxcvzomib note {number}", "<p>Zxcvzomib. Zxcvzomib. Zxcvzomib.</p>")
    exact = add_article("Zxcvzomib", "<p>Other words.</p>", standfirst="Other words.")
    with limited(4):
        response = hcp_client.get("/search/", {"q": "zxcvzomib"})
    found = slugs(response)
    assert found[0] == exact.slug and len(found) == 5  # the title, then four
    assert response.context["outcome"].more_than_listed


# Wagtail's own backend for the database the tests run on, and what its SQL calls the match and
# the rank there.
WAGTAILS = database_backend
MATCH_AND_RANK = {"postgresql": ("@@", "ts_rank("), "sqlite": (" MATCH ", "bm25(")}


def test_a_query_within_the_window_ranks_as_wagtail_does(demo_site):
    articles = ArticlePage.objects.live()
    wagtails = WAGTAILS({}).search("myeloma", articles)
    ours = SearchBackend({"RANK_WINDOW": 1000}).search("myeloma", articles)

    expected = [page.pk for page in wagtails]
    assert len(expected) > 5
    assert [page.pk for page in ours] == expected
    assert ours.count() == len(expected)
    assert [page.pk for page in ours[3:7]] == expected[3:7]


def test_a_broad_query_ranks_its_newest_matches_and_counts_without_ranking(demo_site):
    _match, rank = MATCH_AND_RANK[connection.vendor]
    articles = ArticlePage.objects.live()
    ranked_by_wagtail = [page.pk for page in WAGTAILS({}).search("myeloma", articles)]
    newest = set(sorted(ranked_by_wagtail)[-3:])

    results = SearchBackend({"RANK_WINDOW": 3}).search("myeloma", articles)
    assert [page.pk for page in results] == [pk for pk in ranked_by_wagtail if pk in newest]

    results = SearchBackend({"RANK_WINDOW": 3}).search("myeloma", articles)
    with CaptureQueriesContext(connection) as queries:
        assert results.count() == len(ranked_by_wagtail)  # every match is counted
        assert results[:4].count() == 4
    assert queries.captured_queries
    assert not any(rank in query["sql"] for query in queries.captured_queries)

    # Sorting by anything else than relevance is Wagtail's, window or not.
    by_date = articles.order_by("-publication_date", "-id")
    ours = SearchBackend({"RANK_WINDOW": 3}).search("myeloma", by_date, order_by_relevance=False)
    wagtails = WAGTAILS({}).search("myeloma", by_date, order_by_relevance=False)
    assert [page.pk for page in ours] == [page.pk for page in wagtails]


def test_a_search_page_matches_once_and_ranks_once(hcp_client, demo_site):
    match, rank = MATCH_AND_RANK[connection.vendor]
    with CaptureQueriesContext(connection) as queries:
        response = hcp_client.get("/search/", {"q": "myeloma"})
    assert response.status_code == 200 and len(slugs(response)) == 10
    sql = [query["sql"] for query in queries.captured_queries]
    # The newest matches, which give the count too; then the window, ranked.
    assert sum(match in statement and rank not in statement for statement in sql) == 1
    assert sum(rank in statement for statement in sql) == 1


def test_the_backend_is_wagtails_for_the_database():
    ours = SearchBackend({})
    assert isinstance(ours, type(WAGTAILS({})))
