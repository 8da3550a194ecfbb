"""Addresses of the site's fixed sections (navigation and the footer's funding disclosure)."""

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

SITE_LINKS_CACHE_KEY = "content:site-links"


def site_links(request):
    """One cached lookup per language and five minutes, not five queries per page."""
    key = f"{SITE_LINKS_CACHE_KEY}:{translation.get_language()}"
    links = cache.get(key)
    if links is None:
        links = _find_site_links(request)
        cache.set(key, links, 300)
    return {"site_links": links, "funders_url": links.get("funders", "")}


def _find_site_links(request):
    from .models import AboutPage, ArticleIndexPage, FundersPage, PrivacyPage, TopicIndexPage

    sections = {
        "articles": ArticleIndexPage,
        "topics": TopicIndexPage,
        "about": AboutPage,
        "funders": FundersPage,
        "privacy": PrivacyPage,
    }
    # The English sections, linked in the reader's language (a translated one is found from them).
    links = {"home": reverse("wagtail_serve", args=("",))}
    for name, model in sections.items():
        page = (
            model.objects.live()
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .only("id", "url_path", "path", "depth")
            .first()
        )
        links[name] = page.get_url(request) if page else ""
    return links


def forget_site_links():
    cache.delete_many([f"{SITE_LINKS_CACHE_KEY}:{code}" for code, _ in settings.LANGUAGES])
