"""Recommendations through the site: built from the database, shown with reasons, rules kept."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mmhub.content.models import AreaOfInterest, ArticlePage
from mmhub.personal import recommend
from mmhub.personal.models import ArticleRead, Bookmark, ContentVector, FollowedArea
from tests.accounts.conftest import make_account, sign_in
from tests.conftest import declare

MRD_EDITORIAL = "editorial-mrd-prognostic-marker-not-yet-treatment-guide"  # verified HCPs only


@pytest.fixture
def site_with_readers(demo_site):
    call_command("load_demo_reading", stdout=open("/dev/null", "w"))  # noqa: SIM115
    recommend.rebuild()


@pytest.fixture
def haematologist(site_with_readers):
    user = make_account("haem@example.org", profession="physician", specialty="Haematology")
    FollowedArea.objects.create(user=user, area=AreaOfInterest.objects.get(slug="maintenance"))
    return user


@pytest.fixture
def signed_in(client, haematologist):
    sign_in(client, "haem@example.org")
    return client


def recommended_titles(client, path="/personal/recommended/"):
    page = client.get(path).content.decode()
    return page


def test_rebuild_stores_a_snapshot_and_a_vector_per_live_article(site_with_readers):
    live = ArticlePage.objects.live().public().count()
    assert ContentVector.objects.count() == live
    engine = recommend.load_engine()
    assert len(engine.model.item_ids) == live


def test_home_page_recommends_with_reasons(signed_in):
    page = signed_in.get("/").content.decode()
    assert "Recommended for you" in page
    assert "Because you follow Maintenance therapy" in page


def test_recommended_page_lists_ten_at_most_with_a_reason_each(signed_in):
    page = recommended_titles(signed_in)
    items = page.count('class="rec"')
    assert 1 <= items <= 10
    assert page.count('class="rec__reason"') == items


def test_saved_and_read_articles_are_never_recommended(signed_in, haematologist):
    engine = recommend.load_engine()
    maintenance = ArticlePage.objects.filter(areas__slug="maintenance").live()
    saved, read = list(maintenance[:2])
    Bookmark.objects.create(user=haematologist, page=saved)
    ArticleRead.objects.create(user=haematologist, page=read)
    listed = recommended_titles(signed_in).split("<h1>")[1]
    assert 'class="rec"' in listed
    assert f'href="/articles/{saved.slug}/"' not in listed
    assert f'href="/articles/{read.slug}/"' not in listed
    assert engine is recommend.load_engine()  # no reload needed for a reader's own changes


def test_similar_reason_names_the_saved_article(signed_in, haematologist, flagship):
    Bookmark.objects.create(user=haematologist, page=flagship)
    FollowedArea.objects.filter(user=haematologist).delete()
    page = recommended_titles(signed_in)
    assert f"Similar to “{flagship.title}”" in page


def test_verified_only_articles_are_recommended_only_to_verified_readers(site_with_readers):
    editorial = ArticlePage.objects.get(slug=MRD_EDITORIAL)
    mrd = AreaOfInterest.objects.get(slug="mrd")
    unverified = make_account("u@example.org", profession="physician")
    FollowedArea.objects.create(user=unverified, area=mrd)
    verified = make_account("v@example.org", profession="physician", status="verified")
    FollowedArea.objects.create(user=verified, area=mrd)
    from django.test import Client

    for email, expected in (("u@example.org", False), ("v@example.org", True)):
        client = Client()
        sign_in(client, email)
        engine = recommend.load_engine()
        index = engine.index_of[editorial.pk]
        assert (index in engine.verified_only) is True
        page = client.get("/personal/recommended/").content.decode()
        assert (editorial.title in page) is expected, email


def test_personalisation_off_uses_nothing_about_the_reader(signed_in, haematologist):
    signed_in.post("/personal/switch/", {"action": "off"})
    page = recommended_titles(signed_in)
    assert "Because you follow" not in page
    assert "Similar to" not in page
    assert "Personalisation is off" in page


def test_visitor_without_account_gets_recommendations_from_session_choices(
    client, site_with_readers
):
    declare(client)
    area = AreaOfInterest.objects.get(slug="car-t")
    client.post(f"/personal/areas/{area.pk}/follow/", {"action": "follow"})
    page = recommended_titles(client)
    assert "Because you follow CAR T-cell therapy" in page


def test_related_for_you_under_an_article(signed_in, flagship):
    page = signed_in.get(flagship.url).content.decode()
    assert "Related for you" in page
    related = page.split('id="related-for-you-title"')[1].split("</section>")[0]
    assert f'href="/articles/{flagship.slug}/"' not in related
    assert "Similar to this article" in related or "Because you follow" in related
    assert related.count('class="rec__reason"') >= 1


def test_publishing_refreshes_the_article_vector_in_a_task(
    site_with_readers, django_capture_on_commit_callbacks
):
    from mmhub.content.models import ArticleIndexPage

    index = ArticleIndexPage.objects.get()
    article = ArticlePage(
        title="Teclistamab step-up dosing in relapsed myeloma",
        slug="teclistamab-step-up-dosing",
        standfirst="Cytokine release syndrome and how step-up dosing limits it.",
        article_type="expert_opinion",
        body=[("text", "<p>Teclistamab is a BCMA bispecific antibody.</p>")],
    )
    index.add_child(instance=article)
    article.areas = [AreaOfInterest.objects.get(slug="bispecific-antibodies")]
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert ContentVector.objects.filter(page=article).exists()
    engine = recommend.load_engine()
    assert article.pk in engine.index_of  # joined the loaded model without a rebuild
    follower = make_account("b@example.org", profession="nurse")
    FollowedArea.objects.create(
        user=follower, area=AreaOfInterest.objects.get(slug="bispecific-antibodies")
    )
    from django.test import Client

    client = Client()
    sign_in(client, "b@example.org")
    assert article.title in client.get("/personal/recommended/").content.decode()


def _home_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_home_page_queries_do_not_grow_with_the_reader_history(signed_in, haematologist):
    _home_queries(signed_in)  # warm the model and the site caches
    few = _home_queries(signed_in)
    for page in ArticlePage.objects.live()[:8]:
        Bookmark.objects.get_or_create(user=haematologist, page=page)
        ArticleRead.objects.get_or_create(user=haematologist, page=page)
    FollowedArea.objects.bulk_create(
        [FollowedArea(user=haematologist, area=area) for area in AreaOfInterest.objects.all()],
        ignore_conflicts=True,
    )
    # The new history brings other recommendations, whose cards are read once for everyone
    # (one lookup, whatever their number) and then come from the shared cache like the others.
    _home_queries(signed_in)
    many = _home_queries(signed_in)
    assert many == few


def test_home_page_query_budget(signed_in, django_assert_num_queries):
    signed_in.get("/")
    # 6, whatever the page holds: the route, the listings, the language switcher's translations
    # and the recommendations come from the shared cache once stored (mmhub.content.published),
    # and so do the user row and the reader's bookmarks, areas, switch, history, profession and
    # verification (accounts.backends, personal.services, accounts.access). What is left: the
    # session (in the database under the test settings), the unverified reader's permissions
    # (2), Wagtail's view restrictions (2) and the site.
    with django_assert_num_queries(6):
        signed_in.get("/")
