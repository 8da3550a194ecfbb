"""RSS feed of the latest articles (behind the HCP gate, like all content)."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone

from .models import article_cards, live_articles


class LatestArticlesFeed(Feed):
    title = "MM Hub: latest articles"
    link = "/"
    description = "New multiple myeloma education for healthcare professionals from MM Hub."

    def get_object(self, request, *args, **kwargs):
        return request.user

    def items(self, reader):
        return article_cards(live_articles(reader))[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.publication_date, time(9, 0)))
