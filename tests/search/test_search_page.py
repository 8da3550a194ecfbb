"""The search page: ranking, exact trial names and registry numbers, filters, snippets,
pagination, the empty page, and the anonymous counts editors read."""

import re
from datetime import date

import pytest
from django.utils import timezone

from mmhub.content.models import AreaOfInterest, ArticleIndexPage, ArticlePage
from mmhub.evidence.models import Trial
from mmhub.search import services
from mmhub.search.models import SearchTermDay
from tests.conftest import FLAGSHIP_SLUG

MAIA_SLUG = "maia-daratumumab-rd-transplant-ineligible"


def slugs(response):
    return [article.slug for article in response.context["results"]]


def add_article(title, body_html="<p>Text.</p>", *, standfirst="A standfirst.", areas=(), **fields):
    index = ArticleIndexPage.objects.get(locale__language_code="en-gb")
    page = ArticlePage(
        title=title,
        slug=re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:50],
        standfirst=standfirst,
        article_type=fields.pop("article_type", "educational_theme"),
        body=fields.pop("body", [("text", body_html)]),
        **fields,
    )
    page.areas = list(areas)
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_an_exact_title_ranks_first(hcp_client, flagship):
    # Many articles share these words; the one whose title is the query comes first.
    response = hcp_client.get("/search/", {"q": flagship.title})
    assert slugs(response)[0] == FLAGSHIP_SLUG

    other = add_article(
        "Lenalidomide maintenance",
        "<p>Lenalidomide maintenance.</p>",
        standfirst="Maintenance.",
    )
    response = hcp_client.get("/search/", {"q": "lenalidomide maintenance"})
    found = slugs(response)
    assert found[0] == other.slug and FLAGSHIP_SLUG in found


def test_a_trial_acronym_is_a_phrase_not_its_words(hcp_client, demo_site):
    anywhere = slugs(hcp_client.get("/search/", {"q": "myeloma"}))
    response = hcp_client.get("/search/", {"q": "myeloma  xi"})
    found = slugs(response)

    assert FLAGSHIP_SLUG in found
    assert MAIA_SLUG in anywhere and MAIA_SLUG not in found  # "myeloma" alone is not enough
    assert set(found) < set(anywhere)
    body = response.content.decode()
    assert "Showing articles about the trial <strong>Myeloma XI</strong> (NCT01554852)" in body


def test_a_registry_number_finds_its_trial(hcp_client, flagship):
    for query in ["NCT01554852", "nct01554852", "ISRCTN49407852"]:
        response = hcp_client.get("/search/", {"q": query})
        assert FLAGSHIP_SLUG in slugs(response), query
        assert response.context["outcome"].trial.acronym == "Myeloma XI"
    # A number that is not a registered trial finds nothing, not every NCT number.
    assert slugs(hcp_client.get("/search/", {"q": "NCT99999999"})) == []


def test_the_evidence_blocks_make_an_article_findable_by_its_trial(hcp_client, demo_site):
    maia = Trial.objects.create(
        acronym="MAIA",
        title="Daratumumab plus lenalidomide and dexamethasone versus Rd",
        nct_id="NCT02252172",
        phase="3",
        masking="open_label",
        design_summary="Randomised, open-label, phase 3.",
    )
    silent = add_article(
        "Quadruplets and triplets compared",
        "<p>No trial named in the text.</p>",
        body=[("text", "<p>No trial named.</p>"), ("trial_design", {"trial": maia, "heading": ""})],
    )

    assert silent.slug in slugs(hcp_client.get("/search/", {"q": "MAIA"}))
    assert silent.slug in slugs(hcp_client.get("/search/", {"q": "NCT02252172"}))
    assert ArticlePage.objects.get(pk=silent.pk).trial_terms() == "MAIA NCT02252172"


def test_filters_narrow_the_results(hcp_client, demo_site):
    everything = slugs(hcp_client.get("/search/", {"q": "myeloma"}))
    trial_updates = slugs(hcp_client.get("/search/", {"q": "myeloma", "type": "trial_update"}))
    in_area = slugs(hcp_client.get("/search/", {"q": "myeloma", "area": "maintenance"}))
    autumn = slugs(
        hcp_client.get(
            "/search/",
            {"q": "myeloma", "published_after": "2026-09-01", "published_before": "2026-10-31"},
        )
    )

    pages = {page.slug: page for page in ArticlePage.objects.live()}
    assert trial_updates and set(trial_updates) < set(everything)
    assert all(pages[s].article_type == "trial_update" for s in trial_updates)
    maintenance = AreaOfInterest.objects.get(slug="maintenance")
    assert in_area and set(in_area) < set(everything)
    assert all(maintenance in pages[s].areas.all() for s in in_area)
    assert autumn and all(
        date(2026, 9, 1) <= pages[s].publication_date <= date(2026, 10, 31) for s in autumn
    )
    assert set(autumn) < set(everything)


def test_sorting_by_date(hcp_client, demo_site):
    found = hcp_client.get("/search/", {"q": "myeloma", "sort": "date"}).context["results"]
    dates = [article.publication_date for article in found]

    assert len(dates) > 3 and dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"q": "myeloma", "published_after": "2026-13-45"}, "Enter a date such as"),
        (
            {"q": "myeloma", "published_after": "2026-10-01", "published_before": "2026-09-01"},
            "Swap the two dates",
        ),
        ({"q": "myeloma", "area": "no-such-area"}, "Select a valid choice"),
        ({"q": "myeloma", "sort": "popularity"}, "Select a valid choice"),
    ],
)
def test_bad_filters_are_explained_and_the_query_kept(hcp_client, demo_site, params, message):
    response = hcp_client.get("/search/", params)
    body = response.content.decode()

    assert response.status_code == 400
    assert message in body and 'role="alert"' in body
    assert 'value="myeloma"' in body  # what the reader typed is still there
    assert response.context["results"] is None


def test_snippets_mark_the_searched_words_and_escape_the_text(hcp_client, demo_site):
    add_article(
        "Infection prophylaxis",
        "<p>Before the passage. Give IVIG &lt;script&gt;alert(1)&lt;/script&gt; when "
        "hypogammaglobulinaemia and recurrent infections occur.</p>",
        standfirst="Preventing infections.",
    )
    body = hcp_client.get("/search/", {"q": "hypogammaglobulinaemia"}).content.decode()

    assert "<mark>hypogammaglobulinaemia</mark>" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body


def test_snippet_passages():
    text = "word " * 100 + "daratumumab was added " + "word " * 100
    passage = services.snippet(text, ["daratumumab"])
    assert passage.startswith("… ") and passage.endswith(" …")
    assert "<mark>daratumumab</mark> was added" in passage
    assert len(passage) < services.SNIPPET_LENGTH + 40
    assert services.snippet("nothing here", ["daratumumab"]) is None
    # Words, not parts of words: "ida" is not marked inside "daratumumab... Ida".
    assert services.snippet("Ida and candida", ["ida"]) == "<mark>Ida</mark> and candida"


def test_pages_keep_the_filters(hcp_client, demo_site):
    for number in range(12):
        add_article(f"Qwertyzomib note {number}", "<p>Qwertyzomib.</p>")
    add_article("Qwertyzomib opinion", "<p>Qwertyzomib.</p>", article_type="expert_opinion")
    first = hcp_client.get("/search/", {"q": "qwertyzomib", "type": "educational_theme"})
    body = first.content.decode()

    assert first.context["results"].paginator.count == 12
    assert "q=qwertyzomib&amp;type=educational_theme&amp;page=2" in body
    second = hcp_client.get(
        "/search/", {"q": "qwertyzomib", "type": "educational_theme", "page": "2"}
    )
    assert len(second.context["results"]) == 2
    assert not set(slugs(first)) & set(slugs(second))


def test_nothing_found_suggests_what_to_do(hcp_client, demo_site):
    body = hcp_client.get("/search/", {"q": "zzzzqqq", "type": "expert_opinion"}).content.decode()

    assert "No articles match “zzzzqqq”" in body
    assert "search again without the filters" in body and 'href="?q=zzzzqqq"' in body
    assert "browse the areas of interest" in body


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_a_quote_inside_a_word_is_searched_not_a_server_error(hcp_client, demo_site, sort):
    """SQLite's FTS5 took `"` inside a word as syntax (a 500, found by the XSS corpus)."""
    add_article("Quoted words", '<p>The "lenalidomide-only" arm.</p>')

    response = hcp_client.get("/search/", {"q": '"lenalidomide-only" arm', "sort": sort})

    assert response.status_code == 200
    assert "quoted-words" in slugs(response)


def test_the_header_has_a_search_box_everywhere_but_the_gate(client, hcp_client, demo_site):
    assert 'id="header-search-q"' in hcp_client.get("/").content.decode()
    assert 'id="header-search-q"' not in client.get("/gate/").content.decode()


def test_title_first_pages_through_every_result_once():
    results = list(range(1, 25))
    wrapped = services.TitleFirst(0, FakeResults(results))
    walked = []
    for start in range(0, 30, 10):
        walked += wrapped[start : start + 10]

    assert walked == list(range(25))
    assert wrapped.count() == 25 and wrapped[20:] == [20, 21, 22, 23, 24]


class FakeResults(list):
    def count(self):
        return len(self)


def test_searches_are_counted_without_personal_data(hcp_client, demo_site):
    hcp_client.get("/search/", {"q": "Lenalidomide  Maintenance"})
    hcp_client.get("/search/", {"q": "lenalidomide maintenance", "page": "2"})  # not again
    hcp_client.get("/search/", {"q": "lenalidomide maintenance"})
    hcp_client.get("/search/", {"q": "zzzzqqq"})
    hcp_client.get("/search/", {"q": "jane.doe@example.org 07700900123"})
    hcp_client.get("/search/", {"q": "NCT01554852"})

    rows = {
        row.term: (row.searches, row.zero_results)
        for row in SearchTermDay.objects.filter(day=timezone.localdate())
    }
    assert rows == {
        "lenalidomide maintenance": (2, 0),
        "zzzzqqq": (1, 1),
        "[email] [number]": (1, 1),
        "nct01554852": (1, 0),
    }


def test_editors_see_top_and_zero_result_terms(editor, hcp_client):
    for query in ["carfilzomib", "carfilzomib", "zzzzqqq"]:
        editor.get("/search/", {"q": query})

    body = editor.get("/admin/reports/search-terms/").content.decode()

    assert "Top searches" in body and "Searches that found nothing" in body
    assert re.search(r"<td>carfilzomib</td><td>2</td><td>\d+</td>", body)
    assert re.search(r"<td>zzzzqqq</td><td>1</td><td>1</td>", body)
    assert editor.get("/admin/reports/search-terms/?days=abc").status_code == 200
