"""The search page: full-text search over live articles, paginated."""

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Locale

from mmhub.content.models import article_cards, readable_articles

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        originals = readable_articles(request.user, locale=Locale.get_default())
        matches = article_cards(originals).search(query)
        results = Paginator(matches, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "search/search.html", {"search_query": query, "results": results})
