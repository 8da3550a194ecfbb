"""With every article flagged "verified HCPs only", a signed-in but unverified HCP walks the whole
site: every route the URL resolver knows, in every language, every published page, a search for
every article, their feeds and the read API. Nothing may give away an article: not its page (403),
not a link to it, not its standfirst.

tests/accounts/test_verified_only.py checks one closed article in the places known to list
articles; this walk finds a place nobody thought of, such as a new listing or route.
"""

import pytest
from django.urls import reverse
from wagtail.models import Page

from mmhub.accounts import tokens
from mmhub.accounts.models import TokenPurpose, VerificationStatus
from mmhub.content.models import AreaOfInterest, ArticlePage
from tests.accounts.conftest import make_account, sign_in
from tests.conftest import declare
from tests.routes import all_routes, language_prefix, other_languages

# Not the reader's site: the admin has its own sign-in, the webhooks their own secret.
NOT_READERS = ("admin/", "django-admin/", "anymail/")


@pytest.fixture
def everything_closed(reviewed_translations):
    ArticlePage.objects.update(verified_only=True)
    articles = list(ArticlePage.objects.live())
    assert len(articles) >= 10 and all(article.standfirst for article in articles)
    return articles


@pytest.fixture(params=[VerificationStatus.UNVERIFIED, VerificationStatus.PENDING])
def unverified_reader(client, db, request):
    user = make_account(f"{request.param}@example.org", status=request.param)
    assert sign_in(client, user.email).status_code == 302
    declare(client)
    return client, user


def giveaways(body, articles, asked):
    """What the response shows of any closed article: its address or its standfirst."""
    found = []
    for article in articles:
        path = article.url
        if path in body and not asked.endswith(path):  # its own page names its own address
            found.append(f"a link to {path}")
        if article.standfirst[:80] in body:
            found.append(f"the standfirst of {path}")
    return found


def test_an_unverified_reader_finds_no_closed_article_anywhere(
    unverified_reader, everything_closed
):
    client, user = unverified_reader
    feed_token = tokens.token_for(tokens.issue(user, TokenPurpose.FEEDS, "reader"))
    api_token = tokens.token_for(tokens.issue(user, TokenPurpose.API, "script"))
    languages = [""] + [language_prefix(code) for code in other_languages()]

    asks = []  # (path, headers)
    for route in all_routes():
        if not route.route.startswith(NOT_READERS):
            prefixes = languages if route.translated else [""]
            asks += [(prefix + route.path, {}) for prefix in prefixes]
    asks += [(page.url, {}) for page in Page.objects.live().exclude(depth=1).specific()]
    asks += [
        (f"{prefix}{article.url}", {}) for article in everything_closed for prefix in languages
    ]
    asks += [(f"/search/?q={article.title}", {}) for article in everything_closed]
    asks.append((reverse("feed_articles", args=[feed_token]), {}))
    asks += [
        (reverse("feed_area", args=[feed_token, area.slug]), {})
        for area in AreaOfInterest.objects.all()
    ]
    bearer = {"Authorization": f"Bearer {api_token}"}
    asks += [(f"/api/v1/{kind}?limit=100", bearer) for kind in ("articles", "areas", "trials")]
    asks += [(f"/api/v1/articles/{article.pk}", bearer) for article in everything_closed]

    problems, article_paths, statuses = [], {article.url for article in everything_closed}, {}
    for path, headers in asks:
        response = client.get(path, headers=headers)
        statuses[path] = response.status_code
        if response.status_code >= 500:
            problems.append(f"{path} fails with {response.status_code}")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        for found in giveaways(body.decode(errors="replace"), everything_closed, path):
            problems.append(f"{path} ({response.status_code}) shows {found}")

    assert not problems, "\n".join(problems)
    # The walk reached the places that list articles, and every article page refused.
    for listing in ("/", "/articles/", "/search/?q=myeloma", "/personal/saved/"):
        assert statuses.get(listing, 200) == 200, listing
    for article_path in article_paths:
        for prefix in languages:
            assert statuses[prefix + article_path] == 403, prefix + article_path
    assert statuses[reverse("feed_articles", args=[feed_token])] == 200
    assert statuses["/api/v1/articles?limit=100"] == 200
