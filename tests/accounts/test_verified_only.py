"""Articles flagged "verified HCPs only": closed, listed, found and syndicated only for verified
readers (and editors), everywhere articles appear; everyone else is told how to get verified."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from mmhub.accounts import tokens
from mmhub.accounts.models import TokenPurpose, VerificationStatus
from mmhub.content.models import ArticlePage
from tests.accounts.conftest import make_account, sign_in
from tests.conftest import FLAGSHIP_PATH, FLAGSHIP_SLUG, declare

# The caption of the flagship's key-data table: present only when the article body is shown.
BODY_MARKER = "Co-primary endpoints, intention-to-treat population"


@pytest.fixture
def closed_flagship(flagship):
    ArticlePage.objects.filter(pk=flagship.pk).update(verified_only=True)
    flagship.refresh_from_db()
    return flagship


def reader(client, status):
    """A client as seen by one kind of reader: a declared visitor without an account, or a
    signed-in account with the given verification status."""
    if status == "visitor":
        declare(client)
        return client
    email = f"{status}@example.org"
    make_account(email, status=status, profession="physician")
    assert sign_in(client, email).status_code == 302
    return client


def feed(status):
    """The all-articles Atom feed as the reader's feed reader sees it (visitors have no
    account, so no feed: they are given one of a fresh unverified account)."""
    email = f"{status}@example.org" if status != "visitor" else "feed-visitor@example.org"
    user = get_user_model().objects.filter(email=email).first() or make_account(email)
    token = tokens.token_for(tokens.issue(user, TokenPurpose.FEEDS, "reader"))
    response = Client().get(reverse("feed_articles", args=[token]))
    assert response.status_code == 200
    return response.content.decode()


def listed_slugs(client, path):
    return [article.slug for article in client.get(path).context["articles"]]


NOT_ALLOWED = ["visitor", "unverified", "pending", "rejected"]


@pytest.mark.parametrize("status", NOT_ALLOWED)
def test_the_article_is_closed_with_an_explanation(client, closed_flagship, status):
    client = reader(client, status)
    response = client.get(FLAGSHIP_PATH)
    body = response.content.decode()

    assert response.status_code == 403
    assert "This article is for verified healthcare professionals" in body
    assert "lenalidomide maintenance" in body.lower()  # the title says what is closed
    assert BODY_MARKER not in body  # the body is not
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    explanation = {
        "visitor": "Create an account",
        "unverified": "Complete your profile and ask to be verified",
        "pending": "has not finished checking your registration",
        "rejected": "could not verify your last request",
    }[status]
    assert explanation in body


@pytest.mark.parametrize("status", NOT_ALLOWED)
def test_it_is_left_out_of_every_listing_search_and_feed(client, closed_flagship, status):
    client = reader(client, status)

    assert FLAGSHIP_SLUG not in [a.slug for a in client.get("/").context["latest_articles"]]
    home_areas = client.get("/").context["areas_with_articles"]
    assert FLAGSHIP_SLUG not in [a.slug for _, articles in home_areas for a in articles]
    assert FLAGSHIP_SLUG not in listed_slugs(client, "/articles/")
    assert FLAGSHIP_SLUG not in listed_slugs(client, "/articles/?type=trial_update")
    assert FLAGSHIP_SLUG not in listed_slugs(client, "/areas-of-interest/maintenance/")
    search = client.get("/search/?q=lenalidomide maintenance").context["results"]
    assert FLAGSHIP_SLUG not in [article.slug for article in search]
    assert FLAGSHIP_SLUG not in feed(status)
    other = ArticlePage.objects.live().filter(areas__slug="maintenance").exclude(verified_only=True)
    related = client.get(other.first().url).context["more_in_areas"]
    assert FLAGSHIP_SLUG not in [article.slug for article in related]


def test_area_counts_do_not_count_what_the_reader_cannot_open(client, closed_flagship):
    client = reader(client, "visitor")
    counts = {a.slug: a.article_count for a in client.get("/areas-of-interest/").context["areas"]}
    verified = client.__class__()
    counts_verified = {
        a.slug: a.article_count
        for a in reader(verified, "verified").get("/areas-of-interest/").context["areas"]
    }
    assert counts_verified["maintenance"] == counts["maintenance"] + 1


def test_a_verified_hcp_reads_finds_and_follows_it(client, closed_flagship):
    client = reader(client, "verified")

    response = client.get(FLAGSHIP_PATH)
    assert response.status_code == 200
    assert BODY_MARKER in response.content.decode()
    assert FLAGSHIP_SLUG in listed_slugs(client, "/articles/")
    assert FLAGSHIP_SLUG in listed_slugs(client, "/areas-of-interest/maintenance/")
    search = client.get("/search/?q=lenalidomide maintenance").context["results"]
    assert FLAGSHIP_SLUG in [article.slug for article in search]
    assert FLAGSHIP_SLUG in feed("verified")


def test_editors_can_read_what_they_publish(client, closed_flagship):
    editor = get_user_model().objects.create_user("ed", "ed@example.org", "x-long-password-1")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    declare(client)
    assert client.get(FLAGSHIP_PATH).status_code == 200


def test_unflagged_articles_stay_open_to_every_declared_visitor(hcp_client, flagship):
    assert not flagship.verified_only
    assert hcp_client.get(FLAGSHIP_PATH).status_code == 200
    assert FLAGSHIP_SLUG in listed_slugs(hcp_client, "/articles/")


def test_verification_gives_access_at_once_and_losing_it_takes_it_away(client, closed_flagship):
    client = reader(client, "pending")
    assert client.get(FLAGSHIP_PATH).status_code == 403
    profile = get_user_model().objects.get(email="pending@example.org").hcp_profile
    profile.verification_status = VerificationStatus.VERIFIED
    profile.save()
    assert client.get(FLAGSHIP_PATH).status_code == 200
    profile.verification_status = VerificationStatus.UNVERIFIED
    profile.save()
    assert client.get(FLAGSHIP_PATH).status_code == 403
