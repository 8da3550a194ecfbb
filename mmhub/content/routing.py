"""Serving pages: Wagtail's serve view, with the route to a page kept in the shared cache.

Finding the page for a path costs Wagtail a query for the site, the root page, its translation
in the reader's language and one per path segment, on every request. The result for a plain
page (an article, the home page) is the same for every reader of the language until a page is
published, moved or removed (mmhub.content.published), so it is stored once for all web nodes.
Pages with routes of their own (RoutablePageMixin) and paths that lead nowhere are not stored.
Everything else — the gate, verified-only articles, view restrictions — still runs per request;
for pages served from frames the view restrictions that apply to the page (its own and its
ancestors') are stored with the route and checked against each request without a query.
"""

from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from . import published
from .frames import FramedPageMixin


def serve(request, path):
    key = None
    if request.method in ("GET", "HEAD"):
        key = f"published:route:{request.get_host()}:{request.LANGUAGE_CODE}:{path}"
        generation, stored = published.lookup(key, request)
        if stored is not None:
            page, restrictions = stored
            if restrictions is not None:
                page.stored_view_restrictions = restrictions
            # Wagtail's own per-request memo: route_for_request returns it without queries.
            request._wagtail_route_for_request = RouteResult(page)
    response = wagtail_views.serve(request, path)
    if key is not None and stored is None:
        result = Page.route_for_request(request, path)
        if result is not None and shareable_route(result):
            page = result.page
            restrictions = None
            if isinstance(page, FramedPageMixin):
                restrictions = list(page.get_view_restrictions())
                page = lean(page)
            published.store(key, generation, (page, restrictions))
    return response


def lean(page):
    """A copy of a framed page to keep with its route: most readers get the page from its frame
    and need only its own columns, so its StreamFields (the body) are left out — Django loads a
    left-out field with a query if a full rendering asks for it — and so is what Wagtail cached
    on the instance while routing (the parent page). Unpickling the whole page cost more than
    the round trip that fetches it."""
    copy = page.__class__.__new__(page.__class__)
    copy.__dict__ = {
        name: value
        for name, value in page.__dict__.items()
        if not name.startswith("_cached_") and name != "specific"
    }
    for field in page._meta.concrete_fields:
        if isinstance(field, StreamField):
            copy.__dict__.pop(field.attname, None)
    return copy


def shareable_route(result):
    page = result.page
    return not result.args and not result.kwargs and not isinstance(page, RoutablePageMixin)
