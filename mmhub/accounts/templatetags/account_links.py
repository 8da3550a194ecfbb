"""The header's account links (sign in or your account); a hole in page frames
(mmhub.content.frames), filled for each reader."""

from django import template
from django.template.loader import render_to_string

from mmhub.content import frames

register = template.Library()


def _links_html(user):
    return render_to_string("accounts/_header_links.html", {"user": user})


class _Visitor:
    is_authenticated = False


class _Member:
    is_authenticated = True


@register.simple_tag(takes_context=True)
def account_links(context):
    request = context.get("request")
    if frames.recording(request) is not None:
        variants = {
            signed_in: _links_html(_Member if signed_in else _Visitor)
            for signed_in in (False, True)
        }
        return frames.hole(request, "account_links", variants)
    return _links_html(context.get("user"))


@frames.filler("account_links")
def fill_account_links(request, holes):
    return [variants[request.user.is_authenticated] for (variants,) in holes]
