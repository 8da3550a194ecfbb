"""The "Cite this article" section: the formatted citation and the addresses of its downloads."""

from django import template
from django.urls import reverse

from mmhub.content import citations, published

register = template.Library()


@register.simple_tag(takes_context=True)
def article_citation(context, page):
    """{"text", "ris_url", "bibtex_url", "references_ris_url", "references_bibtex_url"} for the
    article on this page, or None (a preview of an unsaved page, an article not live in English).
    Set it before the body is rendered: the references block reads it for its export links.
    The same for every reader of the page in a language: kept in the shared cache."""
    if page is not None and published.shareable(page, context.get("request")):
        return published.cached(published.page_key(page, "citation"), lambda: citation_links(page))
    return citation_links(page)


def citation_links(page):
    article = citations.cited_article(page)
    if article is None:
        return None
    links = {
        "text": citations.format_citation(article),
        "ris_url": reverse("content:article_ris", args=[article.pk]),
        "bibtex_url": reverse("content:article_bibtex", args=[article.pk]),
    }
    if citations.has_references(article):
        links["references_ris_url"] = reverse("content:references_ris", args=[article.pk])
        links["references_bibtex_url"] = reverse("content:references_bibtex", args=[article.pk])
    return links
