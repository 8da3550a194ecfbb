"""Atom feeds of new articles: all of them, and one per area of interest.

Feed readers cannot pass the HCP gate, so the feeds sit outside it and open only with an
account holder's personal feed token (`mmhub.accounts.tokens`): a feed URL without a valid
token gets 403 and no content, and what a feed lists is what its account may read (articles
for verified HCPs only reach verified HCPs' feeds). Revoking the token closes the feed.
"""

from datetime import datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext, override

from mmhub.accounts.models import TokenPurpose
from mmhub.accounts.tokens import authenticate

from .models import AreaOfInterest, TopicIndexPage, article_cards, live_articles

ITEMS_PER_FEED = 30
# Feed readers poll; a quarter of an hour in their own cache is plenty for new articles.
FEED_MAX_AGE = 15 * 60


class ArticlesFeed(Feed):
    """Newest articles first. Feed URLs are in the site's default language."""

    feed_type = Atom1Feed

    def __call__(self, request, token, *args, **kwargs):
        reader = authenticate(token, TokenPurpose.FEEDS)
        if reader is None:
            response = HttpResponseForbidden(
                "This feed address is not valid or was revoked. Sign in to MM Hub and copy your "
                "feed address from Feeds and API again.\n",
                content_type="text/plain; charset=utf-8",
            )
            patch_cache_control(response, private=True, no_store=True)
            return response
        request.feed_reader = reader
        with override(settings.LANGUAGE_CODE):
            response = super().__call__(request, token, *args, **kwargs)
        patch_cache_control(response, private=True, max_age=FEED_MAX_AGE)
        patch_vary_headers(response, ["Authorization"])
        return response

    def get_object(self, request, token, *args, **kwargs):
        return {"reader": request.feed_reader, "area": None}

    def articles(self, obj):
        return article_cards(live_articles(obj["reader"]))

    def items(self, obj):
        return list(self.articles(obj)[:ITEMS_PER_FEED])

    def title(self, obj):
        return gettext("%(site)s: new articles") % {"site": settings.WAGTAIL_SITE_NAME}

    def subtitle(self, obj):
        return gettext(
            "Multiple myeloma education for healthcare professionals. Independent; funded by "
            "sponsors who have no influence on the content."
        )

    def link(self, obj):
        return "/"

    def author_name(self, obj):
        return settings.WAGTAIL_SITE_NAME

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst

    def item_link(self, item):
        return item.full_url or item.url

    def item_guid(self, item):
        # Stable across renames and moves: the page id, not its address.
        host = settings.WAGTAILADMIN_BASE_URL.split("://", 1)[-1].split("/", 1)[0].split(":")[0]
        return f"tag:{host},2026:article:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.publication_date, time(9, 0)))

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)

    def item_categories(self, item):
        return [area.name for area in item.areas.all()]


class AreaFeed(ArticlesFeed):
    def get_object(self, request, token, slug):
        return {"reader": request.feed_reader, "area": get_object_or_404(AreaOfInterest, slug=slug)}

    def articles(self, obj):
        return super().articles(obj).filter(areas=obj["area"])

    def title(self, obj):
        return gettext("%(site)s: %(area)s") % {
            "site": settings.WAGTAIL_SITE_NAME,
            "area": obj["area"].name,
        }

    def link(self, obj):
        topics = (
            TopicIndexPage.objects.live()
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .first()
        )
        return f"{topics.url}{obj['area'].slug}/" if topics else "/"
