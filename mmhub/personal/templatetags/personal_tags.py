"""Personal parts of content pages: bookmark and follow buttons, recommendations.

Content templates load these tags; the content app never imports this one (ARCHITECTURE.md).
Each tag shares the request's memo in services, so a page of cards costs one bookmark query.
"""

from django import template

from mmhub.personal import recommend, services

register = template.Library()


@register.inclusion_tag("personal/_bookmark_button.html", takes_context=True)
def bookmark_button(context, article, compact=False):
    request = context["request"]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "article": article,
        "saved": services.is_saved(request, article),
        "compact": compact,
    }


@register.inclusion_tag("personal/_follow_button.html", takes_context=True)
def follow_button(context, area):
    request = context["request"]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "area": area,
        "following": area.pk in services.followed_area_ids(request),
    }


@register.simple_tag(takes_context=True)
def recommended_for_you(context, limit=4):
    request = context.get("request")
    return recommend.for_reader(request, limit=limit) if request else []


@register.simple_tag(takes_context=True)
def related_for_you(context, page, limit=3):
    request = context.get("request")
    return recommend.related_for_reader(request, page, limit=limit) if request else []


@register.simple_tag(takes_context=True)
def saved_count(context):
    request = context.get("request")
    return len(services.saved_page_ids(request)) if request else 0
