"""Casting a vote: one per account or session, the poll's dates and limits, in place or not."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from mmhub.polls.models import ResultsShown, Vote, VoteChoice
from mmhub.polls.services import Voter, VoteRefused, cast_vote, count_votes
from tests.accounts.conftest import make_account, sign_in
from tests.conftest import declare
from tests.polls.conftest import make_poll, option_ids, vote

THANKS = "Thank you: your vote is counted."
ALREADY = "You have already voted in this poll, and a vote cannot be changed."


def test_an_account_votes_once_and_the_second_vote_is_refused(member, open_poll):
    client, user = member
    first = vote(client, open_poll, "2 years", next_url="/articles/x/")
    assert first.status_code == 302
    assert first["Location"] == f"/articles/x/#poll-{open_poll.pk}"
    second = vote(client, open_poll, "3 years", htmx=True)
    assert ALREADY in second.content.decode()
    assert list(Vote.objects.filter(poll=open_poll).values_list("user", flat=True)) == [user.pk]
    assert count_votes(open_poll).respondents == 1
    assert [row.votes for row in count_votes(open_poll).options] == [0, 1, 0, 0]


def test_the_database_allows_one_vote_per_account_even_past_the_service(member, open_poll):
    from django.db import IntegrityError, transaction

    _, user = member
    Vote.objects.create(poll=open_poll, user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(poll=open_poll, user=user)


def test_the_same_vote_retried_is_refused_not_counted_twice(open_poll, member):
    _, user = member
    ids = option_ids(open_poll, "Until progression")
    cast_vote(open_poll, ids, Voter(user=user))
    with pytest.raises(VoteRefused) as refused:
        cast_vote(open_poll, ids, Voter(user=user))
    assert refused.value.code == "already_voted"
    assert VoteChoice.objects.filter(vote__poll=open_poll).count() == 1


def test_htmx_vote_returns_the_poll_with_results_and_an_announcement(member, open_poll):
    client, _ = member
    response = vote(client, open_poll, "2 years", htmx=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(THANKS) == 2  # in the poll, and in the live region (out of band)
    assert 'id="live-status" hx-swap-oob="innerHTML"' in html
    assert "Results from 1 respondent, so far." in html
    assert "Your answer" in html
    assert "private" in response["Cache-Control"]


def test_plain_post_comes_back_with_the_notice_inside_the_poll(demo_site, member):
    from mmhub.content.models import ArticlePage
    from mmhub.polls.demo import load_demo_polls

    load_demo_polls()
    client, _ = member
    page = ArticlePage.objects.get(slug="myeloma-xi-lenalidomide-maintenance")
    poll = page.body.first_block_by_name("poll").value
    response = vote(client, poll, "Until disease progression or intolerance", next_url=page.url)
    assert response["Location"] == f"{page.url}#poll-{poll.pk}"
    html = client.get(page.url).content.decode()
    assert THANKS in html
    assert "Your answer" in html
    # Shown once: the next visit has no notice.
    assert THANKS not in client.get(page.url).content.decode()


def test_accounts_only_poll_refuses_a_visitor_and_offers_sign_in(hcp_client, open_poll):
    response = vote(hcp_client, open_poll, "2 years", htmx=True)
    assert "Only account holders can vote in this poll." in response.content.decode()
    assert not Vote.objects.exists()


def test_a_declared_visitor_votes_once_per_session_where_the_poll_allows(visitor_poll):
    first, second = Client(), Client()
    declare(first)
    declare(second)
    assert THANKS in vote(first, visitor_poll, "2 years", htmx=True).content.decode()
    assert ALREADY in vote(first, visitor_poll, "3 years", htmx=True).content.decode()
    assert THANKS in vote(second, visitor_poll, "3 years", htmx=True).content.decode()
    votes = Vote.objects.filter(poll=visitor_poll)
    assert votes.count() == 2
    assert all(v.user is None and len(v.visitor_key) == 64 for v in votes)
    session_tokens = {first.session["polls_visitor"], second.session["polls_visitor"]}
    assert not session_tokens & {v.visitor_key for v in votes}, "only a hash is stored"


def test_an_undeclared_visitor_meets_the_gate_not_the_poll(client, visitor_poll):
    response = vote(client, visitor_poll, "2 years")
    assert response.status_code == 302
    assert response["Location"].startswith("/gate/")
    assert not Vote.objects.exists()


def test_a_closed_poll_refuses_votes_and_shows_its_results(member):
    client, _ = member
    poll = make_poll(opens=-10, closes=-1)
    Vote.objects.create(poll=poll, user=None)
    response = vote(client, poll, "2 years", htmx=True)
    html = response.content.decode()
    assert "This poll closed on" in html and "no longer takes votes" in html
    assert "Poll closed" in html
    assert "Results from 1 respondent." in html
    assert Vote.objects.filter(poll=poll).count() == 1


def test_a_scheduled_poll_refuses_votes(member):
    client, _ = member
    poll = make_poll(opens=2, closes=5)
    response = vote(client, poll, "2 years", htmx=True)
    assert "This poll opens on" in response.content.decode()
    assert not Vote.objects.exists()


def test_results_after_closing_stay_hidden_from_voters_until_then(member):
    client, _ = member
    poll = make_poll(results_shown=ResultsShown.AFTER_CLOSING)
    html = vote(client, poll, "2 years", htmx=True).content.decode()
    assert THANKS in html
    assert "The results are shown when the poll closes" in html
    assert "poll-results" not in html
    poll.closes_at = timezone.now() - timedelta(seconds=1)
    poll.opens_at = poll.closes_at - timedelta(days=2)
    poll.save()
    assert "Results from 1 respondent." in vote(client, poll, "2 years", htmx=True).content.decode()


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ([], "Choose at least one answer, then vote."),
        (["FISH", "Karyotype", "SNP array", "NGS panel"], "Choose at most 3 answers; you chose 4."),
    ],
)
def test_multiple_choice_limits(member, multiple_poll, choices, message):
    client, _ = member
    html = vote(client, multiple_poll, *choices, htmx=True).content.decode()
    assert message in html
    assert not Vote.objects.exists()


def test_multiple_choice_counts_each_answer_and_respondents_once(member, multiple_poll):
    client, _ = member
    vote(client, multiple_poll, "FISH", "SNP array", htmx=True)
    results = count_votes(multiple_poll)
    assert results.respondents == 1
    assert {row.option.text: row.percent for row in results.options if row.votes} == {
        "FISH": 100,
        "SNP array": 100,
    }


def test_single_choice_refuses_two_answers(member, open_poll):
    client, _ = member
    html = vote(client, open_poll, "2 years", "3 years", htmx=True).content.decode()
    assert "This poll takes one answer; choose just one." in html
    assert not Vote.objects.exists()


def test_an_option_of_another_poll_is_refused(member, open_poll):
    client, _ = member
    other = make_poll(question="Another poll")
    response = client.post(
        f"/polls/{open_poll.pk}/vote/",
        {"option": option_ids(other, "2 years")},
        HTTP_HX_REQUEST="true",
    )
    assert "That answer is not an option in this poll" in response.content.decode()
    assert not Vote.objects.exists()


def test_votes_need_a_csrf_token(member, open_poll):
    client, _ = member
    client.handler.enforce_csrf_checks = True
    response = client.post(
        f"/polls/{open_poll.pk}/vote/", {"option": option_ids(open_poll, "2 years")}
    )
    assert response.status_code == 403
    assert not Vote.objects.exists()


def test_voting_is_rate_limited(member, settings):
    settings.ACCOUNT_RATE_LIMITS = settings.ACCOUNT_RATE_LIMITS | {"poll_vote": "3/m/key"}
    client, _ = member
    polls = [make_poll(question=f"Poll {n}") for n in range(4)]
    for poll in polls[:3]:
        assert vote(client, poll, "2 years").status_code == 302
    limited = vote(client, polls[3], "2 years")
    assert limited.status_code == 429
    assert limited["Retry-After"] == "60"
    assert "Wait a minute, then vote again" in limited.content.decode()
    assert Vote.objects.count() == 3


def test_votes_cast_before_signing_in_become_the_accounts(visitor_poll, db):
    user = make_account("later@example.org")
    client = Client()
    declare(client)
    vote(client, visitor_poll, "2 years")
    sign_in(client, "later@example.org")
    assert Vote.objects.get(poll=visitor_poll).user == user
    html = vote(client, visitor_poll, "3 years", htmx=True).content.decode()
    assert ALREADY in html
    assert Vote.objects.filter(poll=visitor_poll).count() == 1


def test_unknown_poll_is_404(member):
    client, _ = member
    assert client.post("/polls/999999/vote/", {"option": ["1"]}).status_code == 404


def test_a_refused_choice_comes_back_ticked_and_described(member, multiple_poll):
    client, _ = member
    chosen = ["FISH", "Karyotype", "SNP array", "NGS panel"]
    html = vote(client, multiple_poll, *chosen, htmx=True).content.decode()
    assert html.count(" checked") == 4
    notice_id = f"poll-{multiple_poll.pk}-notice"
    assert f'id="{notice_id}"' in html
    assert f'aria-describedby="{notice_id} poll-{multiple_poll.pk}-hint"' in html


def test_without_javascript_a_refused_choice_comes_back_ticked(demo_site, member, multiple_poll):
    from mmhub.content.models import AreaOfInterest

    multiple_poll.areas = [AreaOfInterest.objects.get(slug="diagnosis-and-staging")]
    multiple_poll.save()
    client, _ = member
    area_page = "/areas-of-interest/diagnosis-and-staging/"
    chosen = ["FISH", "Karyotype", "SNP array", "NGS panel"]
    response = vote(client, multiple_poll, *chosen, next_url=area_page)
    assert response["Location"] == f"{area_page}#poll-{multiple_poll.pk}"
    html = client.get(area_page).content.decode()
    assert "Choose at most 3 answers; you chose 4." in html
    assert html.count(" checked") == 4
