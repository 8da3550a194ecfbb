"""Addresses of the site's fixed sections (navigation and the footer's funding disclosure)."""

from django.core.cache import cache

SITE_LINKS_CACHE_KEY = "content:site-links"


def site_links(request):
    """One cached lookup per process and five minutes, not five queries per page."""
    links = cache.get(SITE_LINKS_CACHE_KEY)
    if links is None:
        links = _find_site_links(request)
        cache.set(SITE_LINKS_CACHE_KEY, links, 300)
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
    links = {}
    for name, model in sections.items():
        page = model.objects.live().only("id", "url_path", "path", "depth").first()
        links[name] = page.get_url(request) if page else ""
    return links


def forget_site_links():
    cache.delete(SITE_LINKS_CACHE_KEY)
