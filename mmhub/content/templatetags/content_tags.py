"""Template helpers for content pages: area listing addresses and citations."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def area_url(context, area):
    topics_url = context.get("site_links", {}).get("topics", "")
    return f"{topics_url}{area.slug}/" if topics_url else ""
