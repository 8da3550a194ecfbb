"""What a reader sees of a poll: the form, a note, or the results, decided in one place."""

from django.urls import reverse

from .models import PollStatus
from .services import count_votes, results_visible, vote_of, voter_for

NOTICE_SESSION_KEY = "polls_notice"


def remember_notice(request, poll, notice):
    """For the page a plain form POST redirects back to: shown once, inside that poll."""
    request.session[NOTICE_SESSION_KEY] = {"poll": poll.pk, **notice}


def submitted_choices(request):
    """The options a refused vote named, to tick them again: the reader corrects, not restarts."""
    return sorted({int(value) for value in request.POST.getlist("option") if value.isdigit()})


def take_notice(request, poll):
    notice = request.session.get(NOTICE_SESSION_KEY)
    if notice and notice.get("poll") == poll.pk:
        del request.session[NOTICE_SESSION_KEY]
        return notice
    return None


def poll_context(request, poll, notice=None, in_place=False):
    if notice is None:
        notice = take_notice(request, poll)
    voter = voter_for(request)
    vote = vote_of(poll, voter)
    chosen = {choice.option_id for choice in vote.choices.all()} if vote else set()
    status = poll.status()
    is_open = status == PollStatus.OPEN
    signed_in = request.user.is_authenticated
    show_results = results_visible(poll, vote is not None)
    options = list(poll.options.all())
    return {
        "poll": poll,
        "options": options,
        "status": status,
        "is_open": is_open,
        "is_closed": status == PollStatus.CLOSED,
        "has_voted": vote is not None,
        "can_vote": is_open and vote is None and (signed_in or not poll.accounts_only),
        "needs_account": is_open and vote is None and poll.accounts_only and not signed_in,
        "results": count_votes(poll, chosen, options) if show_results else None,
        "notice": notice,
        "ticked": set(notice.get("chosen", ())) if notice else set(),
        "in_place": in_place,
        "next": request.POST.get("next") if in_place else request.get_full_path(),
        "vote_url": reverse("polls:vote", args=[poll.pk]),
        "request": request,
    }
