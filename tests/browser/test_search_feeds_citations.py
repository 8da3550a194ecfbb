"""Search, personal feeds and API keys, and "Cite this article", as a reader uses them in Chromium.

Search starts from the header box (reached with the keyboard), narrows with the filters, sorts by
date and opens a result; a query that names a trial says so, one that finds nothing suggests what
to try, and filters that contradict each other come back as a 400 with an error summary. Feed
addresses and API keys are made, used from outside the browser's session and revoked. Citations
download as RIS and BibTeX files that reference managers parse. Every step leaves a named
full-page screenshot in test-artifacts/screenshots/ and axe and the Content Security Policy are
checked where the reader stops.
"""

import html
import re
from urllib.parse import parse_qs, urlsplit

import bibtexparser
import pytest
import rispy

from tests.accounts.conftest import PASSWORD, make_account
from tests.browser.conftest import assert_clean, path_of, save_screenshot
from tests.conftest import FLAGSHIP_PATH, FLAGSHIP_SLUG

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
READER = "feeds.reader@example.org"
# The flagship article, and one outside the Maintenance therapy area (demo content).
FLAGSHIP_TITLE = "Myeloma XI: lenalidomide maintenance versus observation after first-line therapy"
NOT_ABOUT_MAINTENANCE = (
    "ANDROMEDA: daratumumab plus CyBorD as first-line treatment for AL amyloidosis"
)
RESULT_COUNT = re.compile(r"^(\d+) results? for “(.+)”\.$")


def shot(page, name):
    save_screenshot(page, f"search-feeds-cite-{name}")


def result_count(page):
    """The number the results page announces, checked against the query it names."""
    found = RESULT_COUNT.match(page.locator(".search-summary").inner_text().strip())
    assert found, f"unexpected summary: {page.locator('.search-summary').inner_text()!r}"
    assert found.group(2) == page.get_by_label("Search terms").input_value()
    return int(found.group(1))


def result_titles(page):
    return [title.strip() for title in page.locator(".search-result__title").all_inner_texts()]


def result_types(page):
    return [
        badge.strip()
        for badge in page.locator(
            ".search-result .card__meta .badge:not(.badge--verified)"
        ).all_inner_texts()
    ]


def result_dates(page):
    return page.locator(".search-result .card__meta time").evaluate_all(
        "times => times.map(time => time.getAttribute('datetime'))"
    )


def sign_in(page, email):
    """Sign in through the real form; returns on the page the sign-in redirected to."""
    page.goto("/accounts/login/")
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.wait_for_load_state("load")


def query_of(page):
    return {name: values[0] for name, values in parse_qs(urlsplit(page.url).query).items()}


def submit(page, button):
    """Click a button that submits a form; returns the response the page navigated to."""
    with page.expect_navigation() as navigation:
        button.click()
    page.wait_for_load_state("load")
    return navigation.value


def fits_the_width(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


# 1. Search from the header, filter, sort, open ------------------------------------------------


def test_search_from_the_header_filter_sort_and_open_a_result(
    page, declare, assert_accessible, csp_errors
):
    declare(page)
    page.goto("/")
    header_search = page.get_by_role("search", name="Search the site")
    box = header_search.get_by_role("searchbox", name="Search articles")
    assert box.count() == 1, "the header search box has no accessible name"

    # Keyboard only: Tab from the top of the page reaches the box, typing and Enter search.
    page.locator("body").focus()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "header-search-q":
            break
    assert page.evaluate("document.activeElement.id") == "header-search-q", (
        "30 presses of Tab never reached the header search box"
    )
    page.keyboard.type("myeloma")
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 200
    assert path_of(page) == "/search/"
    assert query_of(page) == {"q": "myeloma"}
    assert page.title().startswith("Search: myeloma")
    assert page.get_by_label("Search terms").input_value() == "myeloma"
    everything = result_count(page)
    assert everything > 10, "the demo has more than a page of articles about myeloma"
    assert page.locator("li.search-result").count() == 10
    marks = page.locator(".search-result__snippet mark").all_inner_texts()
    assert marks and {mark.lower() for mark in marks} == {"myeloma"}
    pagination = page.get_by_role("navigation", name="Pages")
    assert "Page 1 of 2" in pagination.inner_text()
    assert "q=myeloma" in pagination.get_by_role("link", name="Next").get_attribute("href")
    assert len(set(result_types(page))) > 1, "unfiltered results mix article types"
    assert_accessible(page)
    shot(page, "results")

    # Filter by article type: fewer results, every one a trial update.
    filters = page.get_by_role("group", name="Filter and sort")
    filters.get_by_label("Article type").select_option(label="Trial update")
    response = submit(page, filters.get_by_role("button", name="Apply"))
    assert response.status == 200
    assert query_of(page)["type"] == "trial_update"
    trial_updates = result_count(page)
    assert 1 < trial_updates < everything
    assert page.locator("li.search-result").count() == trial_updates
    assert set(result_types(page)) == {"Trial update"}
    assert page.get_by_role("link", name="Clear filters").count() == 1
    by_relevance = result_titles(page)

    # Then newest first: the same articles, in date order.
    filters.get_by_label("Sort by").select_option(label="Newest first")
    submit(page, filters.get_by_role("button", name="Apply"))
    query = query_of(page)
    assert (query["q"], query["type"], query["sort"]) == ("myeloma", "trial_update", "date")
    assert filters.get_by_label("Article type").input_value() == "trial_update"
    assert result_count(page) == trial_updates
    newest_first = result_titles(page)
    assert sorted(newest_first) == sorted(by_relevance)
    assert newest_first != by_relevance, "in the demo, relevance and date order differ"
    dates = result_dates(page)
    assert len(dates) == trial_updates and dates == sorted(dates, reverse=True)
    assert newest_first[0] == FLAGSHIP_TITLE  # the newest trial update in the demo
    assert_accessible(page)
    shot(page, "filtered-newest")

    # Open a result by its title.
    title = newest_first[1]
    page.locator(".search-result__title").get_by_role("link", name=title, exact=True).click()
    page.wait_for_url(lambda url: "/search/" not in url)
    assert path_of(page).startswith("/articles/")
    assert page.get_by_role("heading", level=1).inner_text().strip() == title
    assert_clean(page, csp_errors)


# 2. A trial named, nothing found, contradictory filters ---------------------------------------


def test_search_names_a_trial_suggests_when_nothing_matches_and_reports_bad_filters(
    page, declare, assert_accessible, csp_errors
):
    declare(page)
    page.goto("/search/?q=NCT01554852")
    notice = page.locator(".search-trial")
    assert notice.inner_text().strip() == (
        "Showing articles about the trial Myeloma XI (NCT01554852)."
    )
    titles = result_titles(page)
    assert FLAGSHIP_TITLE in titles
    assert NOT_ABOUT_MAINTENANCE not in titles
    shot(page, "trial")

    form = page.get_by_role("search", name="Search articles")
    form.get_by_label("Search terms").fill("xyzzy plasmacytoma quux")
    submit(page, form.get_by_role("button", name="Search", exact=True))
    assert query_of(page)["q"] == "xyzzy plasmacytoma quux"
    empty = page.locator(".search-empty")
    assert empty.get_by_role("status").inner_text() == (
        "No articles match “xyzzy plasmacytoma quux”."
    )
    assert empty.get_by_role("link", name="browse the areas of interest").count() == 1
    assert page.locator("li.search-result").count() == 0
    assert page.locator(".search-trial").count() == 0
    assert_accessible(page)
    shot(page, "no-results")

    # A date range that ends before it starts: a 400, a summary linking to the field.
    form.get_by_label("Search terms").fill("myeloma")
    filters = page.get_by_role("group", name="Filter and sort")
    filters.get_by_label("Published from").fill("2026-12-01")
    filters.get_by_label("Published until").fill("2026-01-01")
    response = submit(page, filters.get_by_role("button", name="Apply"))
    assert response.status == 400
    assert page.title().startswith("Error:")
    alert = page.get_by_role("alert")
    assert "Published until: The end of the date range is before its start." in alert.inner_text()
    link = alert.get_by_role("link")
    assert link.count() == 1
    until = filters.get_by_label("Published until")
    assert link.get_attribute("href") == f"#{until.get_attribute('id')}"
    assert until.input_value() == "2026-01-01", "the reader's dates are kept to correct"
    assert until.get_attribute("aria-invalid") == "true"
    assert page.locator("li.search-result").count() == 0
    link.click()
    assert page.evaluate("document.activeElement.id") == until.get_attribute("id")
    assert_accessible(page)
    assert_clean(page, csp_errors)
    shot(page, "filter-error")


# 3. On a phone --------------------------------------------------------------------------------


def test_search_and_its_filters_fit_a_phone(page, declare, assert_accessible, csp_errors):
    page.set_viewport_size(PHONE)
    declare(page)
    page.goto("/")
    box = page.get_by_role("search", name="Search the site").get_by_role(
        "searchbox", name="Search articles"
    )
    assert box.is_visible()
    bounds = box.bounding_box()
    assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= PHONE["width"]
    assert bounds["width"] >= 150, f"the header search box is {bounds['width']}px wide"
    box.fill("lenalidomide")
    with page.expect_navigation():
        box.press("Enter")
    assert path_of(page) == "/search/"
    everything = result_count(page)
    assert fits_the_width(page)

    filters = page.get_by_role("group", name="Filter and sort")
    for label in ("Area of interest", "Article type", "Published from", "Sort by"):
        control = filters.get_by_label(label)
        right = control.evaluate("element => element.getBoundingClientRect().right")
        assert control.is_visible() and right <= PHONE["width"], f"{label} is cut off"
    filters.get_by_label("Area of interest").select_option(label="Maintenance therapy")
    apply = filters.get_by_role("button", name="Apply")
    apply.scroll_into_view_if_needed()
    submit(page, apply)
    assert query_of(page)["area"] == "maintenance"
    assert 0 < result_count(page) < everything
    for result in page.locator("li.search-result").all():
        assert "Maintenance therapy" in result.locator(".tag-list").inner_text()
    assert fits_the_width(page)
    assert_accessible(page)
    assert_clean(page, csp_errors)
    shot(page, "phone")


# 4. Feed addresses and API keys ---------------------------------------------------------------


def entry_titles(atom):
    """The titles of an Atom feed's entries, as a feed reader lists them."""
    return [html.unescape(title) for title in re.findall(r"<entry><title>(.*?)</title>", atom)]


@pytest.fixture
def reader(demo_site):
    """An account that follows an area already, so signing in skips the onboarding step."""
    from mmhub.content.models import AreaOfInterest
    from mmhub.personal.models import FollowedArea

    user = make_account(READER, profession="nurse", specialty="Haemato-oncology")
    FollowedArea.objects.create(user=user, area=AreaOfInterest.objects.get(slug="maintenance"))
    return user


def test_make_use_and_revoke_a_feed_address_and_an_api_key(
    browser, page, reader, assert_accessible, csp_errors
):
    sign_in(page, READER)
    page.locator(".site-nav").get_by_role("link", name=re.compile(r"^Saved\b")).click()
    page.wait_for_url("**/personal/saved/")
    page.get_by_role("navigation", name="Your reading").get_by_role(
        "link", name="Feeds and API"
    ).click()
    page.wait_for_url("**/personal/feeds-and-api/")
    assert page.get_by_role("heading", level=1).inner_text() == "Feeds and API"
    feeds = page.get_by_role("region", name="Feed addresses (Atom)")
    keys = page.get_by_role("region", name="Read API keys")
    assert "You have no feed addresses yet." in feeds.inner_text()
    assert "You have no API keys yet." in keys.inner_text()

    # Make a feed address: shown in a read-only field, ready to copy.
    feeds.get_by_label("Name").fill("Feedly")
    response = submit(page, feeds.get_by_role("button", name="Make a feed address"))
    post = response.request.redirected_from or response.request
    assert response.status == 200, (
        f"the form's POST was refused ({response.status}); the browser sent it with "
        f"Origin: {post.header_value('origin')!r}"
    )
    assert path_of(page) == "/personal/feeds-and-api/"
    assert "Made “Feedly”." in page.locator(".messages").inner_text()
    assert feeds.locator(".token__label").all_inner_texts() == ["Feedly"]
    address = feeds.get_by_label("All new articles")
    feed_url = address.input_value()
    assert re.fullmatch(r"https?://[^/]+/feeds/[^/]+/articles\.atom", feed_url), feed_url
    assert address.get_attribute("readonly") is not None and not address.is_editable()
    feeds.get_by_text("One feed per area of interest").click()
    maintenance_url = feeds.get_by_label("Maintenance therapy").input_value()
    assert maintenance_url.endswith("/areas/maintenance.atom")

    # A feed reader has no session and no declaration: the address alone opens the feed.
    outsider = browser.new_context()
    try:
        feed = outsider.request.get(feed_url)
        assert feed.status == 200
        assert feed.headers["content-type"].startswith("application/atom+xml")
        xml = feed.text()
        assert xml.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed ')
        assert 'xmlns="http://www.w3.org/2005/Atom"' in xml
        everything = entry_titles(xml)
        assert FLAGSHIP_TITLE in everything and NOT_ABOUT_MAINTENANCE in everything
        in_maintenance = entry_titles(outsider.request.get(maintenance_url).text())
        assert FLAGSHIP_TITLE in in_maintenance
        assert NOT_ABOUT_MAINTENANCE not in in_maintenance
        assert set(in_maintenance) < set(everything)
    finally:
        outsider.close()

    # Make an API key: shown once, and it reads the API.
    keys.get_by_label("Name").fill("Analysis script")
    submit(page, keys.get_by_role("button", name="Make an API key"))
    secret_field = keys.get_by_label("Your new key. Copy it now: it is not shown again.")
    secret = secret_field.input_value()
    assert len(secret) >= 20
    assert not secret_field.is_editable()
    outsider = browser.new_context()
    try:
        answer = outsider.request.get(
            f"{page.url.split('/personal/')[0]}/api/v1/articles",
            headers={"Authorization": f"Bearer {secret}"},
        )
        assert answer.status == 200
        assert FLAGSHIP_TITLE in answer.text()
    finally:
        outsider.close()
    assert_accessible(page)
    shot(page, "feeds-new-key")

    page.reload()
    assert keys.locator(".token__label").all_inner_texts() == ["Analysis script"]
    assert secret_field.count() == 0
    assert secret not in page.content()
    assert feeds.get_by_label("All new articles").input_value() == feed_url  # shown every time
    assert_accessible(page)
    shot(page, "feeds-listed")

    # Revoke the feed address: the same address is refused at once.
    submit(page, feeds.get_by_role("button", name="Revoke “Feedly”"))
    assert "Revoked." in page.locator(".messages").inner_text()
    assert "You have no feed addresses yet." in feeds.inner_text()
    outsider = browser.new_context()
    try:
        refused = outsider.request.get(feed_url)
        assert refused.status == 403
        assert "not valid or was revoked" in refused.text()
        assert FLAGSHIP_TITLE not in refused.text()
    finally:
        outsider.close()

    # A feed address with no name: a 400 and an error summary linking to the field.
    response = submit(page, feeds.get_by_role("button", name="Make a feed address"))
    assert response.status == 400
    assert page.title().startswith("Error:")
    alert = page.get_by_role("alert")
    assert "Name: Give it a name, e.g. “Feedly on my phone”." in alert.inner_text()
    name_field = feeds.get_by_label("Name")
    assert alert.get_by_role("link").get_attribute("href") == f"#{name_field.get_attribute('id')}"
    assert keys.get_by_role("alert").count() == 0, "only the form that failed reports an error"
    assert_accessible(page)
    assert_clean(page, csp_errors)
    shot(page, "feeds-error")


# 5. Cite this article -------------------------------------------------------------------------


def download(page, link):
    """Click a download link; returns (suggested file name, text of the file)."""
    with page.expect_download() as info:
        link.click()
    downloaded = info.value
    assert downloaded.failure() is None
    with open(downloaded.path(), encoding="utf-8") as file:
        return downloaded.suggested_filename, file.read()


def test_cite_the_article_and_download_its_citation_and_references(
    page, declare, assert_accessible, csp_errors
):
    declare(page)
    page.goto(FLAGSHIP_PATH)
    title = page.get_by_role("heading", level=1).inner_text().strip()
    assert title == FLAGSHIP_TITLE
    cite = page.get_by_role("region", name="Cite this article")
    cite.scroll_into_view_if_needed()
    text = cite.locator(".cite__text")
    assert text.is_visible()
    assert re.match(
        rf"^MM Hub\. {re.escape(title)} \[Internet\]\. MM Hub; 2026 ", text.inner_text()
    )
    assert "Available from: http" in text.inner_text()
    assert text.inner_text().rstrip().endswith(FLAGSHIP_PATH)

    name, ris = download(page, cite.get_by_role("link", name="Download citation (RIS)"))
    assert name == f"{FLAGSHIP_SLUG}.ris"
    assert ris.startswith("TY  - ")
    [record] = rispy.loads(ris)
    assert record["type_of_reference"] == "ELEC"
    assert record["title"] == title
    assert record["urls"][0].endswith(FLAGSHIP_PATH)

    name, bib = download(page, cite.get_by_role("link", name="Download citation (BibTeX)"))
    assert name == f"{FLAGSHIP_SLUG}.bib"
    assert bib.lstrip().startswith("@misc{")
    library = bibtexparser.parse_string(bib)
    assert library.failed_blocks == []
    [entry] = library.entries
    assert entry.entry_type == "misc"
    assert entry["title"].strip("{}") == title
    assert entry["year"] == "2026"

    references = page.get_by_role("region", name="References")
    cited = references.locator("ol > li").count()
    assert cited > 1
    name, references_ris = download(
        page, references.get_by_role("link", name="Download references (RIS)")
    )
    assert name == f"{FLAGSHIP_SLUG}-references.ris"
    records = rispy.loads(references_ris)
    assert len(records) == cited
    assert all(record.get("title") for record in records)
    name, references_bib = download(
        page, references.get_by_role("link", name="Download references (BibTeX)")
    )
    assert name == f"{FLAGSHIP_SLUG}-references.bib"
    library = bibtexparser.parse_string(references_bib)
    assert library.failed_blocks == [] and len(library.entries) == cited

    assert path_of(page) == FLAGSHIP_PATH, "a download must not leave the article"
    assert_accessible(page)
    assert_clean(page, csp_errors)
    shot(page, "article-cite")
