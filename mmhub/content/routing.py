"""Serving pages: Wagtail's serve view, with the route to a page kept in the shared cache.

Finding the page for a path costs Wagtail a query for the site, the root page, its translation
in the reader's language and one per path segment, on every request. The result for a plain
page (an article, the home page) is the same for every reader of the language until a page is
published, moved or removed (mmhub.content.published), so it is stored once for all web nodes.
Pages with routes of their own (RoutablePageMixin) and paths that lead nowhere are not stored.
Everything else — view restrictions, the gate, verified-only articles — still runs per request.
"""

from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from . import published


def serve(request, path):
    key = None
    if request.method in ("GET", "HEAD"):
        key = f"published:route:{request.get_host()}:{request.LANGUAGE_CODE}:{path}"
        generation, stored = published.lookup(key)
        if stored is not None:
            # Wagtail's own per-request memo: route_for_request returns it without queries.
            request._wagtail_route_for_request = RouteResult(stored)
    response = wagtail_views.serve(request, path)
    if key is not None and stored is None:
        result = Page.route_for_request(request, path)
        if result is not None and shareable_route(result):
            published.store(key, generation, result.page)
    return response


def shareable_route(result):
    page = result.page
    return not result.args and not result.kwargs and not isinstance(page, RoutablePageMixin)
