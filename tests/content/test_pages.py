"""What a declared HCP sees on each page type, and that page queries stay constant as content grows."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mmhub.content.models import AreaOfInterest, ArticleIndexPage, ArticlePage, FundersPage
from tests.conftest import DISCLOSURE, FLAGSHIP_SLUG

PAGE_PATHS = [
    "/",
    "/articles/",
    "/areas-of-interest/",
    "/areas-of-interest/maintenance/",
    f"/articles/{FLAGSHIP_SLUG}/",
    "/funders/",
    "/about/",
    "/privacy/",
    "/search/?q=myeloma",
]


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_every_page_carries_the_funding_disclosure_and_funders_link(hcp_client, demo_site, path):
    body = hcp_client.get(path).content.decode()

    assert 'aria-label="Funding disclosure"' in body
    assert DISCLOSURE in body
    assert body.count('href="/funders/"') >= 2
    assert '<html lang="en-gb">' in body


def test_home_lists_latest_articles_areas_and_funders(hcp_client, demo_site):
    response = hcp_client.get("/")

    latest = response.context["latest_articles"]
    dates = [article.publication_date for article in latest]
    assert dates == sorted(dates, reverse=True) and len(latest) == 6
    assert response.context["areas_with_articles"]
    assert "Articles by area of interest" in response.content.decode()
    assert "See our funders" in response.content.decode()


def test_areas_of_interest_are_listed_in_the_editors_order(hcp_client, demo_site):
    AreaOfInterest.objects.filter(slug="al-amyloidosis").update(sort_order=0)
    AreaOfInterest.objects.exclude(slug="al-amyloidosis").update(sort_order=5)

    areas = list(hcp_client.get("/areas-of-interest/").context["areas"])

    assert areas[0].slug == "al-amyloidosis"
    assert [area.name for area in areas[1:]] == sorted(area.name for area in areas[1:])
    assert sum(area.article_count for area in areas) >= 12


def test_demo_areas_follow_their_defined_order(hcp_client, demo_site):
    areas = list(hcp_client.get("/areas-of-interest/").context["areas"])

    assert [area.slug for area in areas][:3] == [
        "smouldering-myeloma-mgus",
        "diagnosis-and-staging",
        "transplant-eligible-ndmm",
    ]


def test_topic_listing_shows_only_that_areas_articles(hcp_client, demo_site):
    response = hcp_client.get("/areas-of-interest/car-t/")

    articles = list(response.context["articles"])
    assert articles
    car_t = AreaOfInterest.objects.get(slug="car-t")
    assert all(car_t in article.areas.all() for article in articles)


def test_unknown_area_is_a_404_with_a_way_back(hcp_client, demo_site):
    response = hcp_client.get("/areas-of-interest/no-such-area/")

    assert response.status_code == 404


def test_article_index_filters_by_type_and_ignores_unknown_types(hcp_client, demo_site):
    trial_updates = hcp_client.get("/articles/?type=trial_update").context["articles"]
    everything = hcp_client.get("/articles/?type=bogus").context["articles"]

    assert all(article.article_type == "trial_update" for article in trial_updates)
    assert (
        everything.paginator.count == ArticlePage.objects.live().exclude(verified_only=True).count()
    )


def test_article_shows_dates_tables_references_and_areas(hcp_client, flagship):
    body = hcp_client.get(flagship.url).content.decode()

    assert "Published" in body and "18 November 2026" in body
    assert "Last reviewed" in body and "20 November 2026" in body
    assert body.count('<caption><span class="key-data__title">') == 2
    assert 'id="references-title"' in body
    assert 'href="/areas-of-interest/maintenance/"' in body


def test_supported_article_says_so_and_names_the_supporter(hcp_client, demo_site):
    article = ArticlePage.objects.filter(supported_by__isnull=False).first()

    body = hcp_client.get(article.url).content.decode()

    assert "This educational content was supported by" in body
    assert article.supported_by.name in body
    assert "had no influence on its content" in body


def test_review_date_before_publication_is_refused(flagship):
    flagship.last_reviewed = date(2020, 1, 1)

    with pytest.raises(ValidationError, match="review date cannot be before"):
        flagship.full_clean()


def test_funders_grouped_by_level_in_order_with_grants_apart(hcp_client, demo_site):
    response = hcp_client.get("/funders/")

    levels = [level for level, _ in response.context["sponsor_levels"]]
    assert levels == ["Platinum", "Gold", "Silver"]
    grants = response.context["educational_grants"]
    assert [grant.slug for grant in grants] == ["lumen-health-foundation"]
    page = FundersPage.objects.get()
    body = response.content.decode()
    for statement in (page.independence_statement, page.influence_statement, page.levels_statement):
        assert statement in body


def test_about_page_lists_the_steering_committee(hcp_client, demo_site):
    body = hcp_client.get("/about/").content.decode()

    assert "Editorial independence" in body
    assert "Steering committee" in body and "Haematology pharmacist" in body


def test_search_finds_the_flagship(hcp_client, flagship):
    response = hcp_client.get("/search/?q=lenalidomide maintenance")

    assert flagship in list(response.context["results"])


def test_search_without_matches_suggests_broader_terms(hcp_client, demo_site):
    body = hcp_client.get("/search/?q=zzzzqqq").content.decode()

    assert "No articles match" in body and "broader terms" in body


# Two articles that share the "maintenance" area and both mention myeloma.
FEW_ARTICLES = [FLAGSHIP_SLUG, "myeloma-xi-mrd-after-asct-lenalidomide"]


def add_articles(count):
    index = ArticleIndexPage.objects.get()
    areas = list(AreaOfInterest.objects.filter(slug__in=["maintenance", "mrd", "car-t"]))
    for number in range(count):
        page = ArticlePage(
            title=f"Extra article {number}",
            slug=f"extra-{number}",
            standfirst="Extra myeloma article.",
            article_type="educational_theme",
            body=[("text", "<p>Extra.</p>")],
        )
        page.areas = areas
        index.add_child(instance=page)
        page.save_revision().publish()


def count_queries(client, path):
    client.get(path)  # warm per-process caches (site root paths, section links)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_home_shows_each_areas_three_newest_live_articles(hcp_client, demo_site):
    add_articles(5)
    ArticlePage.objects.filter(slug="extra-4").update(live=False)

    areas = dict(hcp_client.get("/").context["areas_with_articles"])

    by_slug = {
        area.slug: [article.slug for article in articles] for area, articles in areas.items()
    }
    # All extras share today's date, so the newest pages come first; the unpublished one never.
    assert by_slug["maintenance"] == ["extra-3", "extra-2", "extra-1"]
    assert by_slug["car-t"] == ["extra-3", "extra-2", "extra-1"]
    assert all(1 <= len(slugs) <= 3 for slugs in by_slug.values())


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_page_queries_do_not_grow_with_the_number_of_articles_shown(hcp_client, demo_site, path):
    """Listings cap how many cards they show, so compare a page with two cards to a full one."""
    ArticlePage.objects.exclude(slug__in=FEW_ARTICLES).update(live=False)
    with_few = count_queries(hcp_client, path)

    ArticlePage.objects.update(live=True)
    add_articles(8)

    assert count_queries(hcp_client, path) == with_few
