"""Polls inside content pages: the content app's templates load these tags and never import polls."""

from django import template

from mmhub.polls.display import poll_context
from mmhub.polls.models import Poll, PollStatus
from mmhub.polls.services import polls_for_area

register = template.Library()


@register.inclusion_tag("polls/_poll_slot.html", takes_context=True)
def poll_widget(context, poll):
    """One poll where an editor placed it. A scheduled poll shows only to editors, as a note."""
    request = context.get("request")
    if poll is None or request is None:
        return {"hidden": True}
    if not isinstance(poll, Poll):
        return {"hidden": True}
    if poll.status() == PollStatus.SCHEDULED:
        return {"hidden": not is_editor(request.user), "scheduled": poll}
    return {**poll_context(request, poll), "csrf_token": context.get("csrf_token")}


@register.simple_tag(takes_context=True)
def area_polls(context, area):
    request = context.get("request")
    return polls_for_area(area, include_scheduled=request is not None and is_editor(request.user))


def is_editor(user):
    return user.has_perm("wagtailadmin.access_admin")
