"""The search page: full-text search over the articles a reader may open, with filters."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods

from . import services
from .forms import SearchForm

RESULTS_PER_PAGE = 10


@require_http_methods(["GET", "HEAD"])
def search(request):
    form = SearchForm(request.GET or None)
    context = {"form": form, "search_query": "", "results": None, "outcome": None}
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound and form.cleaned_data["q"]:
        outcome = services.search_articles(request.user, form.cleaned_data["q"], form.filters())
        results = Paginator(outcome.articles, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        results.object_list = services.add_snippets(results.object_list, outcome.terms)
        if "page" not in request.GET and request.method == "GET":
            services.record_search(outcome.query, results.paginator.count)
        context.update(
            search_query=outcome.query,
            results=results,
            outcome=outcome,
            filters_active=form.filters().active,
            query_string=_without_page(request),
        )
    response = render(request, "search/search.html", context, status=status)
    patch_cache_control(response, private=True)
    return response


def _without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
