"""Articles served from page frames (mmhub/content/frames.py): the page HTML is kept once for all
readers and only each reader's own parts are filled in. The test that matters most compares, for
several kinds of reader, the page a frame gives with the page rendered in full."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage import default_storage
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mmhub.accounts.models import VerificationStatus
from mmhub.content.models import ArticlePage
from mmhub.personal.models import Bookmark, FollowedArea
from tests.accounts.conftest import make_account
from tests.conftest import FLAGSHIP_PATH, declare

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def comparable(html):
    """The same page for the same reader, whatever the mask on its CSRF tokens."""
    return TOKEN.sub('name="csrfmiddlewaretoken" value="…"', html)


def reader(email, status=VerificationStatus.UNVERIFIED, **profile):
    user = make_account(email, status=status, **profile)
    client = Client()
    client.force_login(user)
    declare(client)
    return user, client


def served_from_frame(response):
    """True when the page's own template was not rendered for this response."""
    return "content/article_page.html" not in [t.name for t in response.templates if t.name]


def other_article(flagship):
    return ArticlePage.objects.live().exclude(pk=flagship.pk).first()


@pytest.fixture
def readers(flagship):
    """A declared visitor with a bookmark in the session; an unverified account with bookmarks
    and followed areas; a verified HCP with nothing chosen."""
    visitor = Client()
    declare(visitor)
    saved = visitor.post(
        f"/personal/saved/{other_article(flagship).pk}/",
        {"action": "save"},
        headers={"HX-Request": "true"},  # in place: no message waiting for the next page
    )
    assert saved.status_code == 200
    unverified, unverified_client = reader("unverified@example.org", profession="nurse")
    Bookmark.objects.create(user=unverified, page=flagship)
    FollowedArea.objects.create(user=unverified, area=flagship.areas.first())
    _, verified_client = reader(
        "verified@example.org", status=VerificationStatus.VERIFIED, profession="physician"
    )
    return {"visitor": visitor, "unverified": unverified_client, "verified": verified_client}


def test_a_frame_gives_each_reader_the_page_rendered_in_full(readers, settings):
    settings.PAGE_FRAMES = False
    full = {name: client.get(FLAGSHIP_PATH).content.decode() for name, client in readers.items()}
    settings.PAGE_FRAMES = True
    cache.clear()

    recorder = Client()
    declare(recorder)  # someone else records the frames
    assert not served_from_frame(recorder.get(FLAGSHIP_PATH))
    for name, client in readers.items():
        if name == "verified":  # the verified HCPs' frame is recorded by one of them
            assert not served_from_frame(client.get(FLAGSHIP_PATH))
        response = client.get(FLAGSHIP_PATH)
        assert served_from_frame(response), name
        framed = response.content.decode()
        assert "\ue000" not in framed
        assert comparable(framed) == comparable(full[name]), name
    # The parts that differ really are there.
    assert "Your account" in full["verified"] and "Sign in" in full["visitor"]
    assert "bookmark__button--saved" in full["unverified"]
    assert '<span class="count-badge" aria-hidden="true">1</span>' in full["visitor"]
    assert 'value="unverified@example.org"' in full["unverified"]


def test_each_reader_posts_with_their_own_csrf_token(flagship):
    recorder = Client()
    declare(recorder)
    recorder.get(FLAGSHIP_PATH)
    user, _ = reader("careful@example.org")
    careful = Client(enforce_csrf_checks=True)
    careful.force_login(user)
    declare_response = careful.get("/gate/")
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', declare_response.content.decode()
    )
    careful.post("/gate/", {"choice": "hcp", "next": "/", "csrfmiddlewaretoken": token[1]})

    page = careful.get(FLAGSHIP_PATH)
    assert served_from_frame(page)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    saved = careful.post(
        f"/personal/saved/{flagship.pk}/",
        {"action": "save", "next": FLAGSHIP_PATH, "csrfmiddlewaretoken": token},
    )
    assert saved.status_code == 302
    assert Bookmark.objects.filter(user=user, page=flagship).exists()
    again = careful.get(FLAGSHIP_PATH).content.decode()
    assert "bookmark__button--saved" in again
    assert '<span class="count-badge" aria-hidden="true">1</span>' in again


def test_choices_changed_anywhere_show_on_the_next_page(flagship):
    user, client = reader("changing@example.org")
    client.get(FLAGSHIP_PATH)
    assert "bookmark__button--saved" not in client.get(FLAGSHIP_PATH).content.decode()
    # Not through the site's views (the admin, a data migration, another node's request).
    Bookmark.objects.create(user=user, page=flagship)
    page = client.get(FLAGSHIP_PATH)
    assert served_from_frame(page)
    assert "bookmark__button--saved" in page.content.decode()
    Bookmark.objects.filter(user=user).delete()
    assert "bookmark__button--saved" not in client.get(FLAGSHIP_PATH).content.decode()


def test_the_next_path_is_each_requests_own(flagship):
    _, client = reader("linked@example.org")
    client.get(FLAGSHIP_PATH)
    page = client.get(FLAGSHIP_PATH + "?utm_source=digest&x=<b>")
    assert served_from_frame(page)
    assert (
        'name="next" value="/articles/myeloma-xi-lenalidomide-maintenance/'
        '?utm_source=digest&amp;x=%3Cb%3E"' in page.content.decode()
    )


def test_a_reader_with_a_message_waiting_gets_the_page_in_full(flagship):
    _, client = reader("messaged@example.org")
    client.get(FLAGSHIP_PATH)
    client.post(
        f"/personal/saved/{flagship.pk}/", {"action": "save", "next": FLAGSHIP_PATH}
    )  # leaves "… is saved for later." for the next page
    page = client.get(FLAGSHIP_PATH)
    assert not served_from_frame(page)
    assert "is saved for later." in page.content.decode()
    assert served_from_frame(client.get(FLAGSHIP_PATH))


def test_publishing_records_a_new_frame(flagship, hcp_client):
    hcp_client.get(FLAGSHIP_PATH)
    assert served_from_frame(hcp_client.get(FLAGSHIP_PATH))
    article = ArticlePage.objects.get(pk=flagship.pk)
    article.standfirst = "A standfirst written after the frame was kept."
    article.save_revision().publish()
    page = hcp_client.get(FLAGSHIP_PATH)
    assert not served_from_frame(page)
    assert "A standfirst written after the frame was kept." in page.content.decode()


def test_verified_readers_frame_is_not_shown_to_others(flagship, settings):
    """ "More in these areas" lists verified-only articles to verified HCPs only: a frame one of
    them recorded is never filled for anyone else."""
    import datetime

    other = (
        ArticlePage.objects.live()
        .filter(areas__in=flagship.areas.all())
        .exclude(pk=flagship.pk)
        .first()
    )
    ArticlePage.objects.filter(pk=other.pk).update(
        verified_only=True, publication_date=datetime.date(2099, 1, 1)
    )
    _, verified = reader("v@example.org", status=VerificationStatus.VERIFIED)
    _, unverified = reader("u@example.org")
    assert f'href="{other.url}"' in verified.get(FLAGSHIP_PATH).content.decode()
    settings.PAGE_FRAMES = False
    full = unverified.get(FLAGSHIP_PATH).content.decode()
    settings.PAGE_FRAMES = True
    assert not served_from_frame(unverified.get(FLAGSHIP_PATH))  # a frame of its own
    page = unverified.get(FLAGSHIP_PATH)
    assert served_from_frame(page)
    assert f'href="{other.url}"' not in page.content.decode()
    assert comparable(page.content.decode()) == comparable(full)


def test_a_framed_article_costs_the_same_few_queries_for_every_article(flagship):
    user, client = reader("counted@example.org", status=VerificationStatus.VERIFIED)
    small = other_article(flagship)
    counts = {}
    for article in (flagship, small):
        client.get(article.url)
        client.get(article.url)  # the reader's visit is counted; this is a reload
        with CaptureQueriesContext(connection) as queries:
            response = client.get(article.url)
        assert served_from_frame(response)
        counts[article.slug] = [query["sql"] for query in queries]
    assert len(counts[flagship.slug]) == len(counts[small.slug])
    # The session and the user, Wagtail's view restrictions and the verified check; nothing
    # for the reader's bookmarks, areas, history or recommendations.
    assert len(counts[flagship.slug]) <= 5, counts[flagship.slug]


def test_messages_storage_is_checked_without_reading_it(flagship, rf):
    request = rf.get(FLAGSHIP_PATH)
    request.session = {}
    request._messages = default_storage(request)
    request._messages.add(constants.INFO, "waiting")
    from mmhub.content import frames

    assert not frames.usable(flagship, request, (), {})


def test_a_view_restriction_added_after_the_route_was_kept_applies_at_once(flagship, hcp_client):
    from wagtail.models import PageViewRestriction

    hcp_client.get(FLAGSHIP_PATH)
    assert served_from_frame(hcp_client.get(FLAGSHIP_PATH))
    restriction = PageViewRestriction.objects.create(
        page=flagship, restriction_type=PageViewRestriction.LOGIN
    )
    response = hcp_client.get(FLAGSHIP_PATH)
    assert response.status_code == 302 and "login" in response["Location"]
    restriction.delete()
    assert hcp_client.get(FLAGSHIP_PATH).status_code == 200


def test_a_verified_profile_reads_verified_only_articles_from_the_next_request(flagship):
    from mmhub.accounts.models import HcpProfile

    ArticlePage.objects.filter(pk=flagship.pk).update(verified_only=True)
    cache.clear()
    user, client = reader("soon@example.org")
    assert client.get(FLAGSHIP_PATH).status_code == 403
    profile = HcpProfile.objects.get(user=user)
    profile.verification_status = VerificationStatus.VERIFIED
    profile.save()
    assert client.get(FLAGSHIP_PATH).status_code == 200


def test_reader_tokens_are_the_readers_secret_masked_afresh(rf):
    from django.middleware.csrf import (
        CSRF_ALLOWED_CHARS,
        _get_new_csrf_string,
        _unmask_cipher_token,
    )

    from mmhub.content.frames import reader_token

    request = rf.get(FLAGSHIP_PATH)
    secret = _get_new_csrf_string()
    request.META["CSRF_COOKIE"] = secret
    tokens = {reader_token(request) for _ in range(50)}
    assert len(tokens) == 50
    for token in tokens:
        assert len(token) == 64 and set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == secret
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    # Every character of the alphabet turns up in the masks (drawn evenly, none left out).
    assert set("".join(token[:32] for token in tokens)) == set(CSRF_ALLOWED_CHARS)

    fresh = rf.get(FLAGSHIP_PATH)  # no secret yet: Django makes one, and its cookie is sent
    token = reader_token(fresh)
    assert _unmask_cipher_token(token) == fresh.META["CSRF_COOKIE"]


def test_a_full_rendering_from_a_kept_route_shows_the_whole_page(flagship, settings):
    """The route keeps the page without its body (content.routing.lean); a rendering in full
    from it (no frame, or frames off) loads the body and shows the same page."""
    _, client = reader("whole@example.org")
    settings.PAGE_FRAMES = False
    cache.clear()
    before = client.get(FLAGSHIP_PATH)
    route = f"published:route:testserver:{settings.LANGUAGE_CODE}:{FLAGSHIP_PATH.lstrip('/')}"
    _, (page, _) = cache.get(route)
    assert page.pk == flagship.pk and "body" not in vars(page)
    kept = client.get(FLAGSHIP_PATH)  # from the kept route, rendered in full
    assert comparable(kept.content.decode()) == comparable(before.content.decode())
    settings.PAGE_FRAMES = True
    assert served_from_frame(client.get(FLAGSHIP_PATH)) is False
    assert served_from_frame(client.get(FLAGSHIP_PATH))
