"""Votes in the personal-data export; deleting an account keeps the totals, not the person."""

import json

from mmhub.polls.models import Vote
from mmhub.polls.services import Voter, anonymise_votes, cast_vote, count_votes
from mmhub.privacy.models import AccountDeletion
from tests.accounts.conftest import PASSWORD, make_account
from tests.polls.conftest import option_ids


def test_the_export_lists_each_vote_with_its_answers(member, multiple_poll, open_poll):
    client, user = member
    cast_vote(multiple_poll, option_ids(multiple_poll, "FISH", "NGS panel"), Voter(user=user))
    cast_vote(open_poll, option_ids(open_poll, "3 years"), Voter(user=user))
    someone_else = make_account("other@example.org")
    cast_vote(open_poll, option_ids(open_poll, "2 years"), Voter(user=someone_else))

    data = json.loads(client.get("/accounts/your-data/download/").content)
    section = data["sections"]["poll_votes"]
    assert section["title"] == "Poll votes"
    answers = {entry["poll"]: entry["answers"] for entry in section["data"]}
    assert answers == {
        multiple_poll.question: ["FISH", "NGS panel"],
        open_poll.question: ["3 years"],
    }
    assert all(entry["cast_at"] for entry in section["data"])
    assert "Poll votes" in client.get("/accounts/your-data/").content.decode()


def test_deleting_the_account_keeps_its_vote_in_the_totals_without_the_person(member, open_poll):
    client, user = member
    cast_vote(open_poll, option_ids(open_poll, "3 years"), Voter(user=user))
    response = client.post("/accounts/delete/", {"password": PASSWORD, "understood": "on"})
    assert response.status_code == 302

    vote = Vote.objects.get(poll=open_poll)
    assert vote.user is None and vote.visitor_key is None
    assert [row.votes for row in count_votes(open_poll).options] == [0, 0, 1, 0]
    log = AccountDeletion.objects.get()
    assert log.summary["poll_votes"] == "1 poll vote kept in the totals without the account"
    assert "haematologist@example.org" not in json.dumps(log.summary)


def test_a_visitor_vote_can_be_anonymised_with_the_account_that_claimed_it(visitor_poll, db):
    user = make_account("claimer@example.org")
    cast_vote(visitor_poll, option_ids(visitor_poll, "2 years"), Voter(visitor_key="k" * 64))
    Vote.objects.update(user=user, visitor_key=None)
    assert anonymise_votes(user) == "1 poll vote kept in the totals without the account"
    assert Vote.objects.filter(user__isnull=True, visitor_key__isnull=True).count() == 1
