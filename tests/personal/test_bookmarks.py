"""Bookmarks: save and remove without JavaScript and with htmx, session bookmarks, merge on sign-in."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.test import Client

from mmhub.content.models import ArticlePage
from mmhub.personal import services
from mmhub.personal.models import Bookmark
from tests.accounts.conftest import make_account, sign_in
from tests.conftest import FLAGSHIP_PATH, declare

MRD_EDITORIAL = "editorial-mrd-prognostic-marker-not-yet-treatment-guide"  # verified HCPs only
MAIA = "maia-daratumumab-rd-transplant-ineligible"


def article(slug):
    return ArticlePage.objects.get(slug=slug)


def save(client, page, action="save", headers=None, **data):
    return client.post(f"/personal/saved/{page.pk}/", {"action": action, **data}, headers=headers)


@pytest.fixture
def signed_in(client, demo_site):
    make_account("reader@example.org")
    sign_in(client, "reader@example.org")
    return client


def test_saving_without_javascript_redirects_back_and_lists_the_article(signed_in, flagship):
    response = save(signed_in, flagship, next=FLAGSHIP_PATH)
    assert response.status_code == 302
    assert response["Location"] == FLAGSHIP_PATH
    page = signed_in.get(FLAGSHIP_PATH).content.decode()
    assert "Remove “" in page or ": remove “" in page
    saved = signed_in.get("/personal/saved/").content.decode()
    assert flagship.title in saved
    assert Bookmark.objects.filter(page=flagship).count() == 1


def test_htmx_save_returns_the_new_button_only(signed_in, flagship):
    response = save(signed_in, flagship, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert 'value="remove"' in body
    assert "Saved for later." in body
    # Out of band: the header count and an announcement in the page's persistent live region.
    assert '<span id="saved-count" hx-swap-oob="true">' in body
    assert "&nbsp;(1 article)" in body
    assert '<div id="live-status" hx-swap-oob="innerHTML">' in body
    assert f"“{flagship.title}” is saved for later." in body
    assert response["Cache-Control"].startswith("private") or "private" in response["Cache-Control"]


def test_double_save_is_one_bookmark_and_remove_is_idempotent(signed_in, flagship):
    save(signed_in, flagship)
    save(signed_in, flagship)
    assert Bookmark.objects.filter(page=flagship).count() == 1
    save(signed_in, flagship, action="remove")
    save(signed_in, flagship, action="remove")
    assert not Bookmark.objects.filter(page=flagship).exists()


def test_unknown_action_and_get_are_refused(signed_in, flagship):
    assert save(signed_in, flagship, action="toggle").status_code == 404
    assert signed_in.get(f"/personal/saved/{flagship.pk}/").status_code == 405


def test_open_redirect_is_refused(signed_in, flagship):
    response = save(signed_in, flagship, next="https://evil.example/")
    assert response["Location"] == "/"


def test_verified_only_article_cannot_be_saved_by_an_unverified_reader(signed_in):
    response = save(signed_in, article(MRD_EDITORIAL))
    assert response.status_code == 404
    assert not Bookmark.objects.exists()


def test_saved_page_lists_newest_first_and_marks_read(signed_in, flagship):
    maia = article(MAIA)
    save(signed_in, flagship)
    save(signed_in, maia)
    page = signed_in.get("/personal/saved/").content.decode()
    page = page[page.index("<h1>") :]  # after the "saved" messages
    assert page.index(maia.title) < page.index(flagship.title)
    signed_in.post(f"/personal/saved/{flagship.pk}/read/", {"action": "read"})
    assert Bookmark.objects.get(page=flagship).read_at is not None
    page = signed_in.get("/personal/saved/").content.decode()
    page = page[page.index("<h1>") :]
    assert page.index("To read") < page.index(maia.title) < page.index('id="read-title"')
    assert page.index('id="read-title"') < page.index(flagship.title)
    signed_in.post(f"/personal/saved/{flagship.pk}/read/", {"action": "unread"})
    assert Bookmark.objects.get(page=flagship).read_at is None


def test_empty_saved_page_says_how_to_save(signed_in):
    page = signed_in.get("/personal/saved/").content.decode()
    assert "Nothing saved yet." in page
    assert "Bookmark this article" in page


def test_undeclared_visitor_meets_the_gate(client, demo_site, flagship):
    response = save(client, flagship)
    assert response.status_code in (302, 403)
    assert not Bookmark.objects.exists()
    assert client.get("/personal/saved/").status_code == 302


def test_visitor_bookmarks_live_in_the_session_and_merge_on_sign_in(client, demo_site, flagship):
    declare(client)
    maia = article(MAIA)
    save(client, flagship)
    save(client, maia)
    save(client, maia)
    page = client.get("/personal/saved/").content.decode()
    assert flagship.title in page and maia.title in page
    assert "this browser session only" in page
    assert not Bookmark.objects.exists()

    user = make_account("visitor@example.org")
    Bookmark.objects.create(user=user, page=flagship)  # already saved on another device
    sign_in(client, "visitor@example.org")
    titles = list(Bookmark.objects.filter(user=user).values_list("page__slug", flat=True))
    assert sorted(titles) == sorted([flagship.slug, maia.slug])
    assert services.SESSION_SAVED not in client.session


def test_session_merge_skips_articles_the_account_may_not_read(client, demo_site, flagship):
    declare(client)
    session = client.session
    editorial = article(MRD_EDITORIAL)
    session[services.SESSION_SAVED] = {
        str(editorial.pk): {"at": "2026-11-01T10:00:00+00:00", "read": ""},
        "999999": {"at": "2026-11-01T10:00:00+00:00", "read": ""},
    }
    session.save()
    user = make_account("visitor@example.org")
    sign_in(client, "visitor@example.org")
    assert not Bookmark.objects.filter(user=user).exists()


def test_cards_carry_a_bookmark_button_each_with_one_query(signed_in, flagship):
    save(signed_in, flagship)
    page = signed_in.get("/articles/").content.decode()
    assert page.count('class="bookmark bookmark--compact"') >= 10
    assert page.count("bookmark__button--saved") == 1


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database refuses concurrent writers outright "
    "('database table is locked'); CI runs this test against PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_make_one_bookmark(demo_site):
    flagship = ArticlePage.objects.get(slug="myeloma-xi-lenalidomide-maintenance")
    make_account("racer@example.org")
    clients = []
    for _ in range(6):
        client = Client()
        sign_in(client, "racer@example.org")
        clients.append(client)
    barrier = threading.Barrier(len(clients))
    statuses = []

    def hit(client):
        try:
            barrier.wait()
            statuses.append(save(client, flagship).status_code)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=hit, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * len(clients)
    assert Bookmark.objects.filter(page=flagship).count() == 1
