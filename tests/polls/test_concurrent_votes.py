"""1,000 votes from concurrent threads, each sent twice as a retry would: every vote counted once."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.db import close_old_connections, connection

from mmhub.polls.models import PollKind, Vote, VoteChoice
from mmhub.polls.services import Voter, VoteRefused, cast_vote, count_votes
from tests.polls.conftest import make_poll

VOTERS = 1000
THREADS = 16

pytestmark = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database refuses concurrent writers outright "
    "('database table is locked'); CI runs this test against PostgreSQL",
)


def chosen_by(number, options):
    """Voter n's answers: a fixed pattern, so the expected totals are known in advance."""
    first = options[number % len(options)]
    if number % 3 == 0:
        return [first, options[(number + 1) % len(options)]]
    return [first]


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_and_retries_are_counted_exactly_once():
    poll = make_poll(
        options=["Until progression", "2 years", "3 years", "MRD-guided", "Not at all"],
        kind=PollKind.MULTIPLE,
        accounts_only=False,
    )
    options = [option.pk for option in poll.options.all()]
    User = get_user_model()
    User.objects.bulk_create(
        [User(username=f"voter{n:04d}", email=f"voter{n:04d}@example.org") for n in range(VOTERS)]
    )
    users = list(User.objects.filter(username__startswith="voter").order_by("username"))
    # Half the voters are accounts, half are session visitors (one key each).
    voters = [
        Voter(user=user) if n % 2 else Voter(visitor_key=f"{n:064d}")
        for n, user in enumerate(users)
    ]
    # Every vote is sent twice, as a client retrying on a timeout would; the two copies sit side
    # by side, so they go to neighbouring threads at the same moment.
    attempts = [(n, voter) for n, voter in enumerate(voters) for _copy in range(2)]
    outcomes = Counter()
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def cast(attempt):
        n, voter = attempt
        try:
            cast_vote(poll, chosen_by(n, options), voter)
            outcome = "counted"
        except VoteRefused as refusal:
            outcome = refusal.code
        with lock:
            outcomes[outcome] += 1

    def worker(batch):
        try:
            start.wait()
            for attempt in batch:
                cast(attempt)
        finally:
            close_old_connections()
            connection.close()

    batches = [attempts[i::THREADS] for i in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(worker, batches))

    assert outcomes == {"counted": VOTERS, "already_voted": VOTERS}
    assert Vote.objects.filter(poll=poll).count() == VOTERS
    expected = Counter(option for n in range(VOTERS) for option in chosen_by(n, options))
    counted = Counter(VoteChoice.objects.filter(vote__poll=poll).values_list("option", flat=True))
    assert counted == expected
    results = count_votes(poll)
    assert results.respondents == VOTERS
    assert {row.option.pk: row.votes for row in results.options} == expected
