"""The rules an editor's poll must follow: dates, options, single or multiple choice."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from mmhub.polls.models import Poll, PollKind, PollStatus
from tests.polls.conftest import make_poll


def test_a_poll_must_close_after_it_opens(db):
    with pytest.raises(ValidationError) as refused:
        make_poll(opens=2, closes=1)
    assert refused.value.message_dict["closes_at"] == [
        "The poll must close after it opens; choose a later date."
    ]


def test_the_database_refuses_a_closing_date_before_the_opening(db):
    poll = make_poll()
    poll.closes_at = poll.opens_at - timedelta(hours=1)
    with pytest.raises(IntegrityError):
        poll.save(update_fields=["closes_at"])


def test_a_poll_without_closing_date_stays_open(db):
    poll = make_poll(closes=None)
    assert poll.status(timezone.now() + timedelta(days=3650)) == PollStatus.OPEN


def test_status_follows_the_dates(db):
    poll = make_poll(opens=1, closes=10)
    now = timezone.now()
    assert poll.status(now) == PollStatus.SCHEDULED
    assert poll.status(now + timedelta(days=2)) == PollStatus.OPEN
    assert poll.status(now + timedelta(days=10, seconds=1)) == PollStatus.CLOSED


def test_single_choice_takes_no_answer_limit(db):
    with pytest.raises(ValidationError) as refused:
        make_poll(kind=PollKind.SINGLE, max_choices=2)
    assert "single-choice poll takes one answer" in refused.value.message_dict["max_choices"][0]


def test_new_polls_are_for_account_holders_and_show_results_after_voting(db):
    poll = Poll(question="?")
    assert poll.accounts_only is True
    assert poll.results_shown == "after_voting"
    assert poll.kind == PollKind.SINGLE
