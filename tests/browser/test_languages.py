"""Readers switch the interface language in Chromium: machine-translated pages carry a disclaimer,
reviewed translations none, and a failing provider leaves the English page, marked as English.

Machine translation comes from the in-process LibreTranslate stand-in of tests/translation (a few
English words become Spanish); the live server runs in the test's process, so it asks the fake.
Expected interface text comes from Django's catalogues, never written out here, because the
translators own it."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.conftest import (
    assert_clean,
    assert_served_html_accessible,
    path_of,
    save_screenshot,
)
from tests.conftest import FLAGSHIP_PATH, HCP_BUTTON

pytestmark = pytest.mark.browser

OTHER_LANGUAGES = ["es", "fr", "de", "it"]
SWITCHER_NAMES = ["English", "Español", "Français", "Deutsch", "Italiano"]
SPANISH_FLAGSHIP = "/es" + FLAGSHIP_PATH
ENGLISH_FLAGSHIP_TITLE = "Myeloma XI: lenalidomide maintenance versus observation"
MAX_TABS = 40
PHONE = {"width": 390, "height": 844}


def in_spanish(english):
    """The Spanish catalogue's translation of an interface string (English if it has none)."""
    with translation.override("es"):
        return translation.gettext(english)


def html_lang(page):
    return page.locator("html").get_attribute("lang")


def switcher(page):
    return page.locator("nav.language-switcher")


# 1. Switching an English article to Spanish ---------------------------------------------------


def test_switching_the_flagship_to_spanish_machine_translates_it_with_a_disclaimer(
    page, declare, libretranslate, assert_accessible, csp_errors
):
    page.goto(FLAGSHIP_PATH)
    declare(page)
    assert path_of(page) == FLAGSHIP_PATH

    switcher(page).get_by_role("link", name="Español", exact=True).click()
    page.wait_for_url(f"**{SPANISH_FLAGSHIP}")

    assert path_of(page) == SPANISH_FLAGSHIP
    assert html_lang(page) == "es"
    expect(switcher(page).locator("a[aria-current=true]")).to_have_text("Español")
    title = page.get_by_role("heading", level=1).inner_text()
    assert "mantenimiento" in title and "Myeloma XI" in title, title
    notice = page.locator("aside.mt-notice")
    assert notice.is_visible()
    assert "mt-notice--english" not in notice.get_attribute("class")
    assert "LibreTranslate" in notice.inner_text()
    assert notice.locator("a[hreflang=en]").get_attribute("href") == FLAGSHIP_PATH
    assert_accessible(page)
    assert_clean(page, csp_errors)
    save_screenshot(page, "languages-flagship-es")

    nav = page.locator("nav.site-nav")
    labels = {english: in_spanish(english) for english in ("Home", "Articles", "Search")}
    for english in ("Home", "Articles"):
        expect(nav.get_by_role("link", name=labels[english], exact=True)).to_have_count(1)
    header_search = page.locator("form.header-search")
    expect(header_search.get_by_role("button", name=labels["Search"], exact=True)).to_have_count(1)

    notice.locator("a[hreflang=en]").click()
    page.wait_for_url(f"**{FLAGSHIP_PATH}")
    assert path_of(page) == FLAGSHIP_PATH
    assert html_lang(page) == "en-gb"
    assert ENGLISH_FLAGSHIP_TITLE in page.get_by_role("heading", level=1).inner_text()
    assert page.locator("aside.mt-notice").count() == 0

    # Last, so that everything above is checked even before the catalogue is compiled.
    untranslated = [english for english, spanish in labels.items() if spanish == english]
    assert untranslated == [], "not in the Spanish catalogue (mmhub/locale/es)"


# 2. A reviewed translation --------------------------------------------------------------------


def test_the_reviewed_spanish_about_page_has_no_disclaimer(
    page, declare, libretranslate, assert_accessible, csp_errors, reviewed_translations
):
    declare(page)
    page.goto("/es/about/")

    assert path_of(page) == "/es/about/"
    assert html_lang(page) == "es"
    assert page.get_by_role("heading", level=1).inner_text() == "Acerca de MM Hub"
    assert page.locator("aside.mt-notice").count() == 0
    assert libretranslate.requests == [], "a reviewed page is never machine-translated"
    assert_accessible(page)
    assert_clean(page, csp_errors)
    save_screenshot(page, "languages-about-es-reviewed")


# 3. Every interface language ------------------------------------------------------------------


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_home_and_flagship_are_accessible_in_every_language(
    page, declare, libretranslate, assert_accessible, csp_errors, language
):
    declare(page)
    for path in (f"/{language}/", f"/{language}{FLAGSHIP_PATH}"):
        page.goto(path)
        page.wait_for_load_state("load")

        assert path_of(page) == path, "the page was gated or redirected"
        assert html_lang(page) == language
        links = switcher(page).get_by_role("link")
        assert links.all_inner_texts() == SWITCHER_NAMES
        for link in links.all():
            code = link.get_attribute("lang")
            assert code and link.get_attribute("hreflang") == code, link.evaluate(
                "a => a.outerHTML"
            )
        expect(switcher(page).locator("a[aria-current=true]")).to_have_attribute("lang", language)
        assert_accessible(page)
        assert_clean(page, csp_errors)
    save_screenshot(page, f"languages-flagship-{language}")


# 4. The provider fails ------------------------------------------------------------------------


def test_provider_down_shows_the_english_article_marked_as_english(
    page, declare, libretranslate, assert_accessible, csp_errors
):
    libretranslate.mode = "down"
    declare(page)
    page.goto(SPANISH_FLAGSHIP)

    assert path_of(page) == SPANISH_FLAGSHIP
    assert html_lang(page) == "es", "the interface stays Spanish"
    notice = page.locator("aside.mt-notice--english")
    assert notice.is_visible()
    assert "LibreTranslate" not in notice.inner_text()
    heading = page.get_by_role("heading", level=1)
    assert heading.get_attribute("lang") == "en"
    assert ENGLISH_FLAGSHIP_TITLE in heading.inner_text()
    assert libretranslate.requests, "the provider was asked before falling back"
    assert_accessible(page)
    assert_clean(page, csp_errors)
    save_screenshot(page, "languages-flagship-es-provider-down")


# 5. Without JavaScript, with the keyboard -----------------------------------------------------


def test_the_switcher_works_with_the_keyboard_and_without_javascript(
    browser, page_without_js, declare, libretranslate, assert_accessible, csp_errors
):
    page = page_without_js
    declare(page)  # the gate's form is a plain POST
    page.goto(FLAGSHIP_PATH)

    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if (
            switcher(page)
            .get_by_role("link", name="Español", exact=True)
            .evaluate("a => a === document.activeElement")
        ):
            break
    else:
        pytest.fail(f"the 'Español' link was not reached in {MAX_TABS} presses of Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert path_of(page) == SPANISH_FLAGSHIP
    assert html_lang(page) == "es"
    assert "mantenimiento" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator("aside.mt-notice").is_visible()
    assert csp_errors(page) == []
    save_screenshot(page, "languages-flagship-es-no-js")
    assert_served_html_accessible(browser, page, assert_accessible, "aside.mt-notice")


# 6. The gate in Spanish -----------------------------------------------------------------------


def test_a_new_visitor_passes_the_gate_in_spanish(
    page, libretranslate, assert_accessible, csp_errors
):
    page.goto(SPANISH_FLAGSHIP)

    assert path_of(page) == "/es/gate/"
    assert html_lang(page) == "es"
    declaration = in_spanish(HCP_BUTTON)
    button = page.get_by_role("button", name=declaration, exact=True)
    expect(button).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "languages-gate-es")

    button.click()
    page.wait_for_url(f"**{SPANISH_FLAGSHIP}")

    assert path_of(page) == SPANISH_FLAGSHIP
    assert html_lang(page) == "es"
    assert "mantenimiento" in page.get_by_role("heading", level=1).inner_text()
    assert_clean(page, csp_errors)

    # Last, so that everything above is checked even before the catalogue is compiled.
    assert declaration != HCP_BUTTON, "no Spanish catalogue (mmhub/locale/es)"


# 7. On a phone --------------------------------------------------------------------------------


def test_on_a_phone_the_switcher_fits_and_its_links_are_easy_to_tap(
    page, declare, libretranslate, assert_accessible
):
    page.set_viewport_size(PHONE)
    declare(page)
    page.goto(SPANISH_FLAGSHIP)

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for link in switcher(page).get_by_role("link").all():
        box = link.bounding_box()
        assert link.is_visible() and box["height"] >= 24, link.inner_text()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], link.inner_text()
    assert page.locator("aside.mt-notice").is_visible()
    assert_accessible(page)
    save_screenshot(page, "languages-flagship-es-phone")
