"""Atom feeds: opened only by a personal feed token, listing what that account may read."""

import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mmhub.accounts import tokens
from mmhub.accounts.models import AccessToken, TokenPurpose
from mmhub.content.models import ArticlePage, readable_articles
from tests.accounts.conftest import make_account
from tests.conftest import FLAGSHIP_SLUG

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def holder(demo_site):
    return make_account("feeds@example.org")


@pytest.fixture
def feed_token(holder):
    return tokens.token_for(tokens.issue(holder, TokenPurpose.FEEDS, "Feedly"))


def entries(response):
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed, in a test)
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def test_the_feed_lists_new_articles_newest_first(feed_token, holder, flagship):
    response = Client().get(reverse("feed_articles", args=[feed_token]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "private" in response["Cache-Control"]
    root, items = entries(response)
    assert root.find(f"{ATOM}title").text == "MM Hub: new articles"
    readable = readable_articles(holder)
    assert 0 < readable.count() < ArticlePage.objects.live().filter(locale=flagship.locale).count()
    assert len(items) == min(30, readable.count())
    flagship_entry = next(e for e in items if e.find(f"{ATOM}title").text == flagship.title)
    assert flagship_entry.find(f"{ATOM}link").get("href").endswith(f"/articles/{FLAGSHIP_SLUG}/")
    assert flagship_entry.find(f"{ATOM}link").get("href").startswith("http")
    assert flagship_entry.find(f"{ATOM}id").text.endswith(f":article:{flagship.pk}")
    assert flagship_entry.find(f"{ATOM}summary").text == flagship.standfirst
    categories = {c.get("term") for c in flagship_entry.findall(f"{ATOM}category")}
    assert categories == {area.name for area in flagship.areas.all()}
    published = [e.find(f"{ATOM}published").text for e in items]
    assert published == sorted(published, reverse=True)


def test_an_area_feed_lists_that_area_only(feed_token, flagship):
    area = flagship.areas.first()
    response = Client().get(reverse("feed_area", args=[feed_token, area.slug]))

    assert response.status_code == 200
    root, items = entries(response)
    assert area.name in root.find(f"{ATOM}title").text
    in_area = set(ArticlePage.objects.live().filter(areas=area).values_list("title", flat=True))
    titles = {e.find(f"{ATOM}title").text for e in items}
    assert flagship.title in titles and titles <= in_area
    assert Client().get(reverse("feed_area", args=[feed_token, "no-such-area"])).status_code == 404


def refused(response, flagship):
    body = response.content.decode()
    return (
        response.status_code == 403
        and flagship.title not in body
        and "<entry" not in body
        and "no-store" in response["Cache-Control"]
    )


def test_without_a_valid_token_there_is_nothing(feed_token, holder, flagship):
    client = Client()
    key_id = feed_token.split(".")[0]
    forged = [
        "",
        "nothing",
        key_id,  # no signature
        f"{key_id}.AAAAAAAAAAAAAAAAAAAAAAAAAAA",  # a signature made up
        feed_token[:-1] + ("A" if feed_token[-1] != "A" else "B"),  # one character changed
    ]
    for token in forged:
        url = f"/feeds/{token}/articles.atom" if token else "/feeds//articles.atom"
        response = client.get(url)
        assert response.status_code in (403, 404), token
        assert flagship.title not in response.content.decode()
    assert refused(client.get(f"/feeds/{forged[4]}/articles.atom"), flagship)
    area = flagship.areas.first()
    assert refused(client.get(f"/feeds/{forged[3]}/areas/{area.slug}.atom"), flagship)


def test_revoking_closes_the_feed_at_once(feed_token, holder, flagship):
    url = reverse("feed_articles", args=[feed_token])
    assert Client().get(url).status_code == 200

    token = AccessToken.objects.get(user=holder)
    assert tokens.revoke(holder, token.pk)

    assert refused(Client().get(url), flagship)
    assert not tokens.revoke(holder, token.pk)  # already revoked


def test_an_api_key_is_not_a_feed_address(holder, flagship):
    api_key = tokens.token_for(tokens.issue(holder, TokenPurpose.API, "script"))

    assert refused(Client().get(reverse("feed_articles", args=[api_key])), flagship)


def test_an_inactive_account_has_no_feed(feed_token, holder, flagship):
    holder.is_active = False
    holder.save()

    assert refused(Client().get(reverse("feed_articles", args=[feed_token])), flagship)


def test_use_is_recorded_at_most_hourly(feed_token, holder):
    url = reverse("feed_articles", args=[feed_token])
    Client().get(url)
    first = AccessToken.objects.get(user=holder).last_used_at
    assert first is not None and timezone.now() - first < timezone.timedelta(minutes=1)

    Client().get(url)
    assert AccessToken.objects.get(user=holder).last_used_at == first


def test_a_feed_takes_the_same_queries_for_few_and_many_articles(
    feed_token, django_assert_max_num_queries
):
    url = reverse("feed_articles", args=[feed_token])
    Client().get(url)  # site root paths cached, as on a running site
    with django_assert_max_num_queries(8):
        response = Client().get(url)
    assert len(entries(response)[1]) > 5
