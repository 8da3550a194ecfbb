"""The search page: full-text search over live articles, paginated."""

from django.core.paginator import Paginator
from django.shortcuts import render

from mmhub.content.models import article_cards, readable_articles

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        matches = article_cards(readable_articles(request.user)).search(query)
        results = Paginator(matches, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "search/search.html", {"search_query": query, "results": results})
