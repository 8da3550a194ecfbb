"""Voting: a plain form POST that redirects back to the poll, or with htmx the poll re-rendered."""

from allauth.core import ratelimit
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from mmhub.gate.services import safe_return_url

from .display import poll_context, remember_notice, submitted_choices
from .models import Poll
from .services import VoteRefused, cast_vote, voter_for

RATE_LIMITED = _(
    "You have sent many votes in a short time. Wait a minute, then vote again; "
    "nothing was recorded this time."
)
THANKS = _("Thank you: your vote is counted.")


@require_POST
def vote(request, poll_id):
    poll = get_object_or_404(Poll.objects.prefetch_related("options"), pk=poll_id)
    voter = voter_for(request, create=True)
    rate_key = f"user:{voter.user.pk}" if voter.user else f"visitor:{voter.visitor_key}"
    limited = not ratelimit.consume(request, action="poll_vote", key=rate_key)
    # Notices are kept in the session until the page is shown again: plain text, not lazy.
    if limited:
        notice = {"text": str(RATE_LIMITED), "kind": "error"}
    else:
        try:
            cast_vote(poll, request.POST.getlist("option"), voter)
            notice = {"text": str(THANKS), "kind": "success"}
        except VoteRefused as refusal:
            notice = {
                "text": refusal.message,
                "kind": "error",
                "chosen": submitted_choices(request),
            }
    if request.htmx:
        return _in_place(request, poll, notice)
    if limited:
        response = render(
            request,
            "polls/rate_limited.html",
            {"message": RATE_LIMITED, "back": _back_url(request, poll)},
            status=429,
        )
        response["Retry-After"] = "60"
        return response
    remember_notice(request, poll, notice)
    return redirect(_back_url(request, poll))


def _back_url(request, poll):
    back = safe_return_url(request, request.POST.get("next", ""))
    return f"{back.split('#')[0]}#poll-{poll.pk}"


def _in_place(request, poll, notice):
    """The poll as it now stands, plus the outcome announced in the page's live region."""
    context = poll_context(request, poll, notice=notice, in_place=True)
    html = render_to_string("polls/_poll.html", context, request)
    html += render_to_string("polls/_live_status.html", {"announcement": notice["text"]})
    response = HttpResponse(html)
    patch_cache_control(response, private=True, no_cache=True)
    return response
