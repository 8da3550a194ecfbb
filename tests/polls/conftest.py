"""Polls made the way an editor makes them, and a helper that votes through the real view."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from mmhub.polls.models import Poll, PollKind, PollOption, ResultsShown
from tests.accounts.conftest import make_account, sign_in

MAINTENANCE_OPTIONS = ["Until progression", "2 years", "3 years", "Not at all"]


def make_poll(options=MAINTENANCE_OPTIONS, opens=-1, closes=30, **fields):
    """A saved poll; `opens`/`closes` are days from now (None: no closing date)."""
    now = timezone.now()
    poll = Poll(
        question=fields.pop("question", "How long do you continue lenalidomide maintenance?"),
        opens_at=now + timedelta(days=opens),
        closes_at=None if closes is None else now + timedelta(days=closes),
        **fields,
    )
    poll.options = [PollOption(text=text, sort_order=i) for i, text in enumerate(options)]
    poll.full_clean()
    poll.save()
    return poll


def option_ids(poll, *texts):
    by_text = {option.text: option.pk for option in poll.options.all()}
    return [by_text[text] for text in texts]


def vote(client, poll, *texts, htmx=False, next_url="/articles/"):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(
        f"/polls/{poll.pk}/vote/",
        {"option": option_ids(poll, *texts), "next": next_url},
        **headers,
    )


@pytest.fixture
def member(db):
    """A signed-in account holder: (client, user)."""
    user = make_account("haematologist@example.org")
    client = Client()
    sign_in(client, "haematologist@example.org")
    return client, user


@pytest.fixture
def open_poll(db):
    return make_poll()


@pytest.fixture
def visitor_poll(db):
    return make_poll(accounts_only=False, question="Visitors may vote here?")


@pytest.fixture
def multiple_poll(db):
    return make_poll(
        options=["FISH", "Karyotype", "SNP array", "NGS panel", "None"],
        kind=PollKind.MULTIPLE,
        max_choices=3,
        question="Which tests do you use for cytogenetic risk?",
    )


__all__ = ["ResultsShown", "make_poll", "option_ids", "vote"]
