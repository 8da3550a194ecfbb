"""What readers of a published page share is kept once in the shared cache, and never outlives
the content: bodies per (revision, language), routes, the areas and articles beside an article,
its citation. Plus the headers that keep gated pages out of shared caches, and conditional GET."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mmhub.content.models import ArticlePage
from mmhub.evidence.models import Trial

FLAGSHIP_PATH = "/articles/myeloma-xi-lenalidomide-maintenance/"


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def publish_text(article, text):
    """A new revision whose first paragraph reads `text`, published as an editor would."""
    article = ArticlePage.objects.get(pk=article.pk)
    body = list(article.body.raw_data)
    body[0] = {**body[0], "value": f"<p>{text}</p>"}
    article.body = body
    article.save_revision().publish()
    return article


def test_a_trial_changed_behind_a_stored_body_is_shown_at_once(hcp_client, flagship):
    first = hcp_client.get(FLAGSHIP_PATH).content.decode()
    trial = Trial.objects.get(acronym="Myeloma XI")
    assert trial.design_summary[:40] in first

    # Written around the model (no signal): the stored body is what readers get...
    Trial.objects.filter(pk=trial.pk).update(design_summary="A summary nobody has seen.")
    assert "A summary nobody has seen." not in hcp_client.get(FLAGSHIP_PATH).content.decode()
    # ...and an editor's save starts a new generation: the next reader sees the change.
    trial.refresh_from_db()
    trial.design_summary = "A summary an editor wrote."
    trial.save()
    assert "A summary an editor wrote." in hcp_client.get(FLAGSHIP_PATH).content.decode()


def test_publishing_shows_the_new_revision_and_not_the_stored_one(hcp_client, flagship):
    publish_text(flagship, "First wording of the opening paragraph.")
    assert "First wording" in hcp_client.get(FLAGSHIP_PATH).content.decode()

    publish_text(flagship, "Second wording of the opening paragraph.")
    page = hcp_client.get(FLAGSHIP_PATH).content.decode()
    assert "Second wording" in page
    assert "First wording" not in page


def test_a_stored_body_keeps_each_readers_poll_their_own(hcp_client, flagship):
    """The poll block is a hole in the stored body, filled for each request: after voting the
    reader sees their answer in the results, while the body around it comes from the cache."""
    from mmhub.polls.demo import load_demo_polls
    from mmhub.polls.models import Poll

    load_demo_polls()
    poll = Poll.objects.get(question__startswith="How long do you continue lenalidomide")
    poll.accounts_only = False
    poll.save()
    before = hcp_client.get(FLAGSHIP_PATH).content.decode()
    assert f'action="/polls/{poll.pk}/vote/"' in before
    assert "Your answer" not in before

    option = poll.options.first()
    voted = hcp_client.post(
        f"/polls/{poll.pk}/vote/", {"option": [option.pk], "next": FLAGSHIP_PATH}
    )
    assert voted.status_code == 302
    after = hcp_client.get(FLAGSHIP_PATH).content.decode()
    assert "Your answer" in after
    assert f'action="/polls/{poll.pk}/vote/"' not in after


def test_an_unpublished_article_stops_answering_even_with_its_route_stored(hcp_client, flagship):
    assert hcp_client.get(FLAGSHIP_PATH).status_code == 200  # route and body stored
    ArticlePage.objects.get(pk=flagship.pk).unpublish()
    assert hcp_client.get(FLAGSHIP_PATH).status_code == 404


def test_a_renamed_article_moves_to_its_new_address(hcp_client, flagship):
    assert hcp_client.get(FLAGSHIP_PATH).status_code == 200
    article = ArticlePage.objects.get(pk=flagship.pk)
    article.slug = "myeloma-xi-maintenance"
    article.save_revision().publish()
    assert hcp_client.get(FLAGSHIP_PATH).status_code == 404
    assert hcp_client.get("/articles/myeloma-xi-maintenance/").status_code == 200


def test_a_warm_article_page_costs_the_same_queries_however_long_its_body(hcp_client, flagship):
    """Twelve more evidence blocks and paragraphs cost nothing once the body is stored."""
    short = ArticlePage.objects.get(slug="mgus-smouldering-myeloma-progression-risk")
    path = short.url
    hcp_client.get(path)
    before = queries_for(hcp_client, path)

    body = list(short.body.raw_data)
    evidence = [b for b in flagship.body.raw_data if b["type"] in {"trial_design", "trial_results"}]
    extra = [{"type": b["type"], "value": b["value"]} for b in evidence] * 4
    extra += [{"type": "text", "value": f"<p>Paragraph {n}.</p>"} for n in range(4)]
    short.body = body[:1] + extra + body[1:]
    short.save_revision().publish()

    hcp_client.get(path)  # renders and stores the longer body
    assert queries_for(hcp_client, path) == before


def test_a_second_reader_of_an_article_runs_fewer_queries_than_the_first(hcp_client, flagship):
    cold = queries_for(hcp_client, FLAGSHIP_PATH)
    warm = queries_for(hcp_client, FLAGSHIP_PATH)
    assert warm < cold


def test_gated_pages_are_private_and_vary_on_the_cookie(hcp_client, flagship):
    response = hcp_client.get(FLAGSHIP_PATH)
    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "public" not in cache_control
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize(
    "path", ["/articles/mgus-smouldering-myeloma-progression-risk/", "/about/"]
)
def test_an_unchanged_page_answers_304_to_its_etag(hcp_client, demo_site, path):
    first = hcp_client.get(path)
    assert first.status_code == 200
    etag = first["ETag"]
    again = hcp_client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert hcp_client.get(path, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_refused_and_gate_responses_are_never_stored(client, demo_site):
    response = client.get(FLAGSHIP_PATH)
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    assert not response.has_header("ETag")
