"""Polls where editors put them: in an article's body and on topic pages, and the demo polls."""

import pytest
from django.core.management import call_command
from django.test import Client

from mmhub.content.models import AreaOfInterest, ArticlePage
from mmhub.polls.demo import DEMO_POLLS, load_demo_polls
from mmhub.polls.models import Poll, Vote
from tests.accounts.conftest import make_account, sign_in
from tests.conftest import FLAGSHIP_PATH, declare
from tests.polls.conftest import make_poll

MAINTENANCE_QUESTION = DEMO_POLLS[0].question


@pytest.fixture
def demo_polls(demo_site):
    load_demo_polls()


def test_the_flagship_article_asks_its_poll_and_a_visitor_can_vote(hcp_client, demo_polls):
    html = hcp_client.get(FLAGSHIP_PATH).content.decode()
    assert "Your opinion matters" in html
    assert MAINTENANCE_QUESTION in html
    assert 'type="radio" name="option"' in html
    assert html.count('type="radio" name="option"') == 5


def test_the_poll_sits_before_the_references(demo_polls):
    page = ArticlePage.objects.get(slug="myeloma-xi-lenalidomide-maintenance")
    kinds = [block.block_type for block in page.body]
    assert kinds.index("poll") == kinds.index("references") - 1


def test_a_topic_page_shows_the_polls_placed_on_it(hcp_client, demo_polls):
    html = hcp_client.get("/areas-of-interest/diagnosis-and-staging/").content.decode()
    assert DEMO_POLLS[1].question in html
    assert "Sign in to vote" in html
    assert "?next=/areas-of-interest/diagnosis-and-staging/%23poll-" in html
    assert DEMO_POLLS[0].question not in html


def test_a_closed_demo_poll_shows_its_results_to_everyone(hcp_client, demo_polls):
    html = hcp_client.get("/articles/myeloma-xi-mrd-after-asct-lenalidomide/").content.decode()
    assert DEMO_POLLS[2].question in html
    assert "Poll closed" in html
    assert 'name="option"' not in html


def test_a_scheduled_poll_is_hidden_from_readers_and_noted_for_editors(demo_site, hcp_client):
    poll = make_poll(opens=3, closes=10, question="Not yet open?")
    poll.areas = [AreaOfInterest.objects.get(slug="maintenance")]
    poll.save()
    area_page = "/areas-of-interest/maintenance/"
    assert "Not yet open?" not in hcp_client.get(area_page).content.decode()

    call_command("create_demo_editor", stdout=open("/dev/null", "w"))  # noqa: SIM115
    editor = Client()
    assert editor.login(username="editor", password="myeloma-demo-editor")
    declare(editor)
    html = editor.get(area_page).content.decode()
    assert "Editors only: the poll “Not yet open?” opens on" in html
    assert 'name="option"' not in html


def test_the_article_page_with_a_poll_makes_a_constant_number_of_queries(
    demo_polls, django_assert_max_num_queries
):
    make_account("reader@example.org")
    client = Client()
    sign_in(client, "reader@example.org")
    client.get(FLAGSHIP_PATH)
    with django_assert_max_num_queries(60) as counted:
        client.get(FLAGSHIP_PATH)
    without_votes = len(counted.captured_queries)
    poll = Poll.objects.get(question=MAINTENANCE_QUESTION)
    Vote.objects.bulk_create([Vote(poll=poll) for _ in range(50)])
    with django_assert_max_num_queries(without_votes):
        client.get(FLAGSHIP_PATH)


def test_loading_the_demo_polls_twice_changes_nothing(demo_site):
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(load_demo_polls()) == 3
    votes = Vote.objects.count()
    assert votes >= 42
    assert load_demo_polls() == []
    assert Poll.objects.count() == 3
    assert Vote.objects.count() == votes
    page = ArticlePage.objects.get(slug="myeloma-xi-lenalidomide-maintenance")
    assert [block.block_type for block in page.body].count("poll") == 1
