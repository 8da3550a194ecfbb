"""Reading history: an article view by a signed-in reader who has personalisation on."""

from wagtail import hooks

from mmhub.accounts.access import can_read_verified_only
from mmhub.content.models import ArticlePage

from . import services


@hooks.register("before_serve_page")
def record_article_read(page, request, serve_args, serve_kwargs):
    if not issubclass(page.specific_class, ArticlePage) or request.method != "GET":
        return None
    user = request.user
    if not user.is_authenticated:
        return None
    if page.specific.verified_only and not can_read_verified_only(user):
        return None  # the reader gets the "verified HCPs only" page, not the article
    if services.is_personalised(request):
        services.record_read(request, page)
    return None
