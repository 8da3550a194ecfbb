"""Articles through the read API: what each account may read, filters, pages and the body."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mmhub.content.models import AreaOfInterest, ArticlePage, Sponsor
from tests.api.conftest import CLOSED_SLUG
from tests.conftest import FLAGSHIP_SLUG


def all_results(api, **params):
    """Every item of a list, following `next` links to the end."""
    response = api.get("/articles", {**params, "limit": 100})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["next"] is None
    return body["results"]


def slugs(results):
    return [item["slug"] for item in results]


# What each account may read -------------------------------------------------------------------


def test_the_list_holds_what_the_site_lists_newest_first(api):
    results = all_results(api)

    expected = ArticlePage.objects.live().filter(verified_only=False, locale__language_code="en-gb")
    assert len(results) == expected.count()
    dates = [item["publication_date"] for item in results]
    assert dates == sorted(dates, reverse=True)


def test_a_list_item_says_what_a_card_shows(api, flagship):
    item = next(item for item in all_results(api) if item["slug"] == FLAGSHIP_SLUG)

    assert item["id"] == flagship.pk
    assert item["title"] == flagship.title
    assert item["url"].startswith("http") and item["url"].endswith(f"/articles/{FLAGSHIP_SLUG}/")
    assert item["standfirst"] == flagship.standfirst
    assert item["article_type"] == "trial_update"
    assert item["publication_date"] == flagship.publication_date.isoformat()
    assert item["last_reviewed"] == flagship.last_reviewed.isoformat()
    assert {"slug": "maintenance", "name": "Maintenance therapy"} in item["areas"]
    assert item["verified_only"] is False
    assert item["trials"] == ["Myeloma XI"]


def test_an_unverified_account_never_sees_a_closed_article(api, closed_article):
    assert CLOSED_SLUG not in slugs(all_results(api))
    assert CLOSED_SLUG not in slugs(all_results(api, area="mrd"))

    closed = api.get(f"/articles/{closed_article.pk}")
    missing = api.get("/articles/999999")

    # The same answer as for an article that does not exist: nothing tells it is there.
    assert closed.status_code == missing.status_code == 404
    assert closed.json() == missing.json()
    assert closed_article.title not in closed.content.decode()


def test_a_verified_account_reads_a_closed_article(verified_api, closed_article):
    assert CLOSED_SLUG in slugs(all_results(verified_api))

    response = verified_api.get(f"/articles/{closed_article.pk}")

    assert response.status_code == 200
    assert response.json()["verified_only"] is True
    assert response.json()["title"] == closed_article.title


def test_area_counts_only_count_what_the_account_may_read(api, verified_api, closed_article):
    def mrd_count(client):
        areas = client.get("/areas", {"limit": 100}).json()["results"]
        return next(area["article_count"] for area in areas if area["slug"] == "mrd")

    assert mrd_count(verified_api) == mrd_count(api) + 1


def test_areas_come_in_the_editors_order_with_descriptions(api):
    body = api.get("/areas").json()

    assert body["count"] == len(body["results"])
    first = body["results"][0]
    assert set(first) == {"slug", "name", "description", "article_count"}
    assert [area["slug"] for area in body["results"]] == [
        area.slug for area in AreaOfInterest.objects.all()[:20]
    ]


def test_an_unpublished_article_is_not_found(api, flagship):
    flagship.unpublish()

    assert FLAGSHIP_SLUG not in slugs(all_results(api))
    assert api.get(f"/articles/{flagship.pk}").status_code == 404


def test_other_pages_are_not_articles(api, flagship):
    assert api.get(f"/articles/{flagship.get_parent().pk}").status_code == 404


# Filters --------------------------------------------------------------------------------------


def test_filter_by_area(api):
    results = all_results(api, area="maintenance")

    assert results
    assert all("maintenance" in [area["slug"] for area in item["areas"]] for item in results)
    expected = ArticlePage.objects.live().filter(areas__slug="maintenance", verified_only=False)
    assert len(results) == expected.count()


def test_filter_by_type(api):
    results = all_results(api, type="expert_opinion")

    assert results
    assert {item["article_type"] for item in results} == {"expert_opinion"}


def test_filter_by_dates_includes_both_ends(api):
    everything = all_results(api)
    first, last = everything[-3]["publication_date"], everything[1]["publication_date"]

    results = all_results(api, published_after=first, published_before=last)

    assert [item["id"] for item in results] == [item["id"] for item in everything[1:-2]]


def test_filter_by_trial_acronym_in_any_case(api, flagship):
    assert [item["id"] for item in all_results(api, trial="MYELOMA xi")] == [flagship.pk]


def test_filters_combine(api, flagship):
    assert slugs(all_results(api, trial="Myeloma XI", area="maintenance")) == [FLAGSHIP_SLUG]
    assert all_results(api, trial="Myeloma XI", type="expert_opinion") == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"area": "no-such-area"}, "No area of interest has the slug 'no-such-area'"),
        ({"trial": "XYZ-123"}, "No trial has the acronym 'XYZ-123'"),
    ],
)
def test_a_filter_naming_nothing_says_where_valid_values_are(api, params, message):
    response = api.get("/articles", params)

    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert "GET /api/v1/" in response.json()["detail"]


@pytest.mark.parametrize(
    "params",
    [
        {"type": "blog"},
        {"published_after": "yesterday"},
        {"published_after": "1700000000"},
        {"published_before": "2026-02-30"},
        {"area": "two words"},
        {"limit": 0},
        {"limit": 101},
        {"offset": -1},
    ],
)
def test_malformed_parameters_are_refused_with_where_and_why(api, params):
    response = api.get("/articles", params)

    assert response.status_code == 422
    (name,) = params
    assert [error["loc"] for error in response.json()["detail"]] == [["query", name]]
    assert all(error["msg"] for error in response.json()["detail"])


# Pages ----------------------------------------------------------------------------------------


def ids(page):
    return [item["id"] for item in page["results"]]


def test_pages_link_to_each_other_and_cover_the_list_once(api):
    everything = [item["id"] for item in all_results(api)]
    page = api.get("/articles", {"limit": 5}).json()
    assert page["count"] == len(everything)
    assert page["previous"] is None
    seen = ids(page)

    while page["next"]:
        page = api.follow(page["next"]).json()
        seen += ids(page)

    assert seen == everything


def test_the_previous_link_leads_back(api):
    first = api.get("/articles", {"limit": 5}).json()
    second = api.follow(first["next"]).json()

    assert api.follow(second["previous"]).json() == first


def test_page_links_keep_the_filters(api):
    body = api.get("/articles", {"type": "trial_update", "limit": 2}).json()

    assert "type=trial_update" in body["next"]
    assert body["next"].startswith("http://testserver/api/v1/articles?")


def test_an_offset_past_the_end_gives_an_empty_page(api):
    body = api.get("/articles", {"offset": 500}).json()

    assert body["results"] == []
    assert body["next"] is None
    assert body["previous"] is not None


def test_the_list_costs_the_same_queries_for_2_or_100_articles(api, settings):
    api.get("/articles", {"limit": 1})  # first use of the token records it; site paths cached

    def queries(params):
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/articles", params).status_code == 200
        return len(captured)

    two, many = queries({"limit": 2}), queries({"limit": 100})
    by_trial = queries({"limit": 100, "trial": "Myeloma XI"})

    assert two == many
    assert many <= 12
    # Finding the trial's articles: the trial, the bodies, and the records they name.
    assert by_trial <= many + 4


# One article ----------------------------------------------------------------------------------


def test_the_body_comes_as_typed_blocks(api, flagship):
    article = api.get(f"/articles/{flagship.pk}").json()
    blocks = article["body"]

    assert [block["type"] for block in blocks] == [
        "text",
        "trial_design",
        "trial_results",
        "text",
        "trial_results",
        "forest_plot",
        "text",
        "references",
    ]
    assert blocks[0]["html"].startswith("<h2>The question</h2>")
    assert blocks[1]["trial"]["acronym"] == "Myeloma XI"
    pfs, os_ = blocks[2]["estimates"]
    assert (pfs["endpoint"], pfs["population"]) == ("PFS", "All patients (ITT)")
    assert (pfs["median_a"], pfs["median_b"], pfs["hr"]) == (39, 20, 0.46)
    assert pfs["p_value"] == "< 0.0001"
    assert (os_["landmark"], os_["landmark_a"], os_["landmark_b"]) == ("3-year", 78.6, 75.8)
    assert len(blocks[5]["estimates"]) == 4
    assert article["trials"] == ["Myeloma XI"]


def test_references_are_gathered_with_their_identifiers(api, flagship):
    article = api.get(f"/articles/{flagship.pk}").json()

    jackson = article["references"][0]
    assert jackson["journal"] == "Lancet Oncol"
    assert jackson["doi"] == "10.1016/S1470-2045(18)30687-9"
    assert jackson["pmcid"] == "PMC6318225"
    assert jackson["pmid"] is None  # not given: null, never ""
    assert article["references"] == article["body"][-1]["references"]


def test_an_independent_article_has_no_support_note(api, flagship):
    article = api.get(f"/articles/{flagship.pk}").json()

    assert article["supported_by"] is None
    assert article["funding_statement"] is None


@pytest.mark.parametrize(
    ("sponsor", "statement"),
    [
        ("halden-therapeutics", "This educational content was supported by Halden"),
        ("lumen-health-foundation", "supported by an independent educational grant from Lumen"),
    ],
)
def test_a_supported_article_says_who_supported_it(api, sponsor, statement):
    supporter = Sponsor.objects.get(slug=sponsor)
    article = ArticlePage.objects.live().filter(supported_by=supporter).first()

    body = api.get(f"/articles/{article.pk}").json()

    assert body["supported_by"] == supporter.name
    assert statement in body["funding_statement"]
    assert body["funding_statement"].endswith("The supporter had no influence on its content.")


def test_a_methods_article_describes_its_kaplan_meier_data(api):
    article = ArticlePage.objects.get(slug="methods-survival-curves-from-patient-level-data")

    blocks = api.get(f"/articles/{article.pk}").json()["body"]

    (km,) = [block for block in blocks if block["type"] == "kaplan_meier"]
    assert km["dataset"]["name"].startswith("flchain")
    assert km["dataset"]["is_reconstructed"] is False


def test_dates_are_iso(api, flagship):
    article = api.get(f"/articles/{flagship.pk}").json()

    assert datetime.date.fromisoformat(article["publication_date"]) == flagship.publication_date
