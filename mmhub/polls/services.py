"""Casting votes and counting them: the rules every vote passes, whichever page it came from."""

import hashlib
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import formats, timezone
from django.utils.translation import gettext

from .models import Poll, PollStatus, ResultsShown, Vote, VoteChoice

VISITOR_SESSION_KEY = "polls_visitor"


class VoteRefused(Exception):
    """The vote was not recorded; the message tells the reader why and what they can do."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Voter:
    """Who is voting: an account, or a declared visitor known by a session token's hash."""

    user: object = None
    visitor_key: str | None = None

    @property
    def is_known(self):
        return self.user is not None or self.visitor_key is not None


def voter_for(request, create=False):
    """The request's voter. A session visitor gets a token only when they vote (`create`)."""
    if request.user.is_authenticated:
        return Voter(user=request.user)
    token = request.session.get(VISITOR_SESSION_KEY)
    if token is None and create:
        token = secrets.token_urlsafe(32)
        request.session[VISITOR_SESSION_KEY] = token
    return Voter(visitor_key=visitor_key(token) if token else None)


def visitor_key(token):
    return hashlib.sha256(f"mmhub-poll-visitor:{token}".encode()).hexdigest()


def format_moment(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def check_open(poll, now=None):
    status = poll.status(now)
    if status == PollStatus.SCHEDULED:
        raise VoteRefused(
            gettext("This poll opens on %(moment)s; come back then to vote.")
            % {"moment": format_moment(poll.opens_at)},
            "scheduled",
        )
    if status == PollStatus.CLOSED:
        raise VoteRefused(
            gettext(
                "This poll closed on %(moment)s and no longer takes votes. "
                "Its results are shown instead."
            )
            % {"moment": format_moment(poll.closes_at)},
            "closed",
        )


def chosen_options(poll, option_ids):
    """The options a vote names, checked against the poll's rules; raises VoteRefused."""
    try:
        wanted = {int(option_id) for option_id in option_ids}
    except (TypeError, ValueError):
        wanted = None
    valid = {option.pk for option in poll.options.all()}
    if wanted is None or not wanted <= valid:
        raise VoteRefused(
            gettext("That answer is not an option in this poll; reload the page and vote again."),
            "unknown_option",
        )
    if not wanted:
        if poll.is_multiple:
            raise VoteRefused(gettext("Choose at least one answer, then vote."), "no_choice")
        raise VoteRefused(gettext("Choose an answer, then vote."), "no_choice")
    if not poll.is_multiple and len(wanted) > 1:
        raise VoteRefused(gettext("This poll takes one answer; choose just one."), "too_many")
    if poll.is_multiple and poll.max_choices and len(wanted) > poll.max_choices:
        raise VoteRefused(
            gettext("Choose at most %(most)d answers; you chose %(chosen)d.")
            % {"most": poll.max_choices, "chosen": len(wanted)},
            "too_many",
        )
    return sorted(wanted)


def cast_vote(poll, option_ids, voter, now=None):
    """Record one vote, or raise VoteRefused. Safe to retry: a repeat is refused, never counted."""
    check_open(poll, now)
    if voter.user is None and poll.accounts_only:
        raise VoteRefused(
            gettext(
                "Only account holders can vote in this poll. Sign in, or create an account, "
                "and vote again."
            ),
            "account_needed",
        )
    if not voter.is_known:
        raise VoteRefused(
            gettext("Your browser did not keep a session; allow cookies and vote again."),
            "no_session",
        )
    options = chosen_options(poll, option_ids)
    try:
        with transaction.atomic():
            vote = Vote.objects.create(
                poll=poll,
                user=voter.user,
                visitor_key=voter.visitor_key,
                cast_at=now or timezone.now(),
            )
            VoteChoice.objects.bulk_create(
                [VoteChoice(vote=vote, option_id=option_id) for option_id in options]
            )
    except IntegrityError:
        if vote_of(poll, voter) is None:
            raise
        raise VoteRefused(
            gettext("You have already voted in this poll, and a vote cannot be changed."),
            "already_voted",
        ) from None
    return vote


def vote_of(poll, voter):
    """The voter's vote in this poll with its chosen option ids, or None."""
    if voter.user is not None:
        votes = Vote.objects.filter(poll=poll, user=voter.user)
    elif voter.visitor_key is not None:
        votes = Vote.objects.filter(poll=poll, visitor_key=voter.visitor_key)
    else:
        return None
    return votes.prefetch_related("choices").first()


@dataclass(frozen=True)
class OptionResult:
    option: object
    votes: int
    percent: int
    chosen_by_reader: bool


@dataclass(frozen=True)
class PollResults:
    respondents: int
    options: list

    @property
    def leader_votes(self):
        return max((row.votes for row in self.options), default=0)


def count_votes(poll, reader_choice_ids=(), options=None):
    """Counts and percentages of respondents per option, in the editor's order: two queries."""
    counts = dict(
        VoteChoice.objects.filter(vote__poll=poll)
        .values_list("option_id")
        .annotate(total=Count("id"))
        .order_by()
    )
    respondents = Vote.objects.filter(poll=poll).count()
    rows = []
    for option in poll.options.all() if options is None else options:
        votes = counts.get(option.pk, 0)
        percent = round(100 * votes / respondents) if respondents else 0
        rows.append(OptionResult(option, votes, percent, option.pk in reader_choice_ids))
    return PollResults(respondents=respondents, options=rows)


def results_visible(poll, has_voted, now=None):
    if poll.status(now) == PollStatus.CLOSED:
        return True
    return has_voted and poll.results_shown == ResultsShown.AFTER_VOTING


def claim_visitor_votes(request, user):
    """At sign-in, votes cast earlier in this session become the account's, where the account
    has not voted in that poll itself; otherwise they stay as they were, anonymous."""
    token = request.session.get(VISITOR_SESSION_KEY)
    if not token:
        return 0
    already = Vote.objects.filter(user=user).values("poll_id")
    return (
        Vote.objects.filter(visitor_key=visitor_key(token), user__isnull=True)
        .exclude(poll_id__in=already)
        .update(user=user, visitor_key=None)
    )


def polls_for_area(area, include_scheduled=False, now=None):
    """Polls an editor placed on an area's page, newest first (at most three). Readers get the
    ones that have opened; editors also those still to open, to check them before they do."""
    polls = Poll.objects.filter(areas=area)
    if not include_scheduled:
        polls = polls.filter(opens_at__lte=now or timezone.now())
    return list(polls.prefetch_related("options").order_by("-opens_at", "-pk")[:3])


def export_votes(user):
    return [
        {
            "poll": vote.poll.question,
            "answers": [choice.option.text for choice in vote.choices.all()],
            "cast_at": vote.cast_at,
        }
        for vote in Vote.objects.filter(user=user)
        .select_related("poll")
        .prefetch_related("choices__option")
    ]


def anonymise_votes(user):
    count = Vote.objects.filter(user=user).update(user=None, visitor_key=None)
    return f"{count} poll vote{'s' if count != 1 else ''} kept in the totals without the account"
