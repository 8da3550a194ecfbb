"""Pages in the reader's language: URL prefixes, reviewed translations first, machine translation
of the English page with a disclaimer otherwise, and the English page when the provider fails.

The provider is the in-process LibreTranslate stand-in (tests/translation/conftest.py): it turns a
few English words into Spanish and decimal points into commas."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Locale

from mmhub.content.models import AboutPage, ArticlePage, HomePage
from mmhub.translation.models import MachineTranslation
from tests.conftest import FLAGSHIP_PATH, declare

pytestmark = pytest.mark.django_db

SPANISH_FLAGSHIP = "/es" + FLAGSHIP_PATH
DISCLAIMER = (
    "This page was translated by machine via %(provider)s. It may contain errors: the English "
    "original is authoritative."
)
COULD_NOT_TRANSLATE = (
    "This page could not be translated just now, so you are reading its English original. "
    "Please try again later."
)


def in_spanish(english):
    """The Spanish catalogue's wording of an interface string (the translators own it)."""
    with translation.override("es"):
        return translation.gettext(english)


@pytest.fixture
def reader(client, demo_site, settings):
    settings.MT_BATCH_SIZE = 500  # the flagship has more segments than the default 50 a request
    declare(client)
    return client


def soup_of(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def notice_of(soup):
    return soup.select_one("aside.mt-notice")


def test_the_flagship_article_in_spanish_is_machine_translated_with_a_disclaimer(
    reader, libretranslate
):
    soup = soup_of(reader.get(SPANISH_FLAGSHIP))

    assert soup.html["lang"] == "es"
    title = soup.h1.get_text()
    assert "mantenimiento" in title and "Myeloma XI" in title and "lenalidomide" in title
    assert soup.h1.get("lang") is None, "a translated title is not marked English"
    body = soup.select_one(".article__body")
    text = " ".join(body.get_text().split())
    # Translated prose, and what the glossary protects exactly as written in English.
    assert "mediana" in text and "supervivencia" in text
    assert "HR 0.46" in text and "HR 0,46" not in text
    assert "78.6%" in text and "p = 0.15" in text
    assert body.find("svg") is not None, "charts are kept, not translated"
    notice = notice_of(soup)
    assert notice is not None and "mt-notice--english" not in notice["class"]
    notice_text = " ".join(notice.get_text().split())
    assert in_spanish(DISCLAIMER) % {"provider": "LibreTranslate"} in notice_text
    assert "authoritative" not in notice_text, "the disclaimer is in the reader's language"
    original = notice.find("a", hreflang="en")
    assert original["href"] == FLAGSHIP_PATH
    assert len(libretranslate.requests) == 1, "the whole page goes in one batch"


def test_the_references_and_polls_are_not_sent_for_translation(reader, libretranslate):
    reader.get(SPANISH_FLAGSHIP)

    sent = " ".join(libretranslate.requests[0]["q"])
    assert "doi" not in sent.lower(), "references are cited as published"
    assert "Your opinion matters" not in sent


def test_a_second_reader_gets_the_translation_without_asking_the_provider_again(
    reader, libretranslate
):
    first = reader.get(SPANISH_FLAGSHIP).content
    reader.get(SPANISH_FLAGSHIP)
    assert len(libretranslate.requests) == 1, "the page translation is cached per revision"

    cache.clear()  # another web node, or the page cache expired: the segment cache answers
    again = reader.get(SPANISH_FLAGSHIP).content
    assert len(libretranslate.requests) == 1
    assert MachineTranslation.objects.filter(language="es", provider="LibreTranslate").exists()
    heading = re.compile(rb"<h1[^>]*>.*?</h1>", re.S)
    assert heading.search(first).group(0) == heading.search(again).group(0)


def test_publishing_a_new_revision_translates_what_changed(reader, libretranslate, flagship):
    reader.get(SPANISH_FLAGSHIP)
    flagship.standfirst = "The trial results with maintenance, in one sentence."
    flagship.save_revision().publish()

    soup = soup_of(reader.get(SPANISH_FLAGSHIP))

    assert soup.select_one("p.lead").get_text() == (
        "El ensayo resultados con mantenimiento, en one sentence."
    )
    assert len(libretranslate.requests) == 2
    assert libretranslate.requests[1]["q"] == [
        "The trial results with maintenance, in one sentence."
    ], "only the changed text goes to the provider; the rest comes from the segment cache"


def test_provider_down_gives_the_english_page_with_a_short_notice(reader, libretranslate):
    libretranslate.mode = "down"

    soup = soup_of(reader.get(SPANISH_FLAGSHIP))

    assert soup.html["lang"] == "es", "the interface is still Spanish"
    assert soup.h1.get("lang") == "en"
    assert "Myeloma XI: lenalidomide maintenance versus observation" in soup.h1.get_text()
    notice = notice_of(soup)
    assert "mt-notice--english" in notice["class"]
    assert in_spanish(COULD_NOT_TRANSLATE) in " ".join(notice.get_text().split())
    assert "LibreTranslate" not in notice.get_text()
    paragraphs = soup.select(".article__body .rich-text p")
    assert paragraphs and all(p.get("lang") == "en" for p in paragraphs)

    # The next readers do not wait for a provider that just failed.
    asked = len(libretranslate.requests)
    soup_of(reader.get(SPANISH_FLAGSHIP))
    assert len(libretranslate.requests) == asked


def test_a_hung_provider_costs_the_reader_the_timeout_and_no_more(reader, libretranslate, settings):
    import time

    libretranslate.mode = "slow"
    libretranslate.delay = 3
    settings.MT_TIMEOUT = 0.5

    started = time.monotonic()
    soup = soup_of(reader.get(SPANISH_FLAGSHIP))
    elapsed = time.monotonic() - started

    assert "mt-notice--english" in notice_of(soup)["class"]
    assert elapsed < 2.5, f"the reader waited {elapsed:.1f} s"


def test_hostile_provider_output_never_reaches_the_page(reader, libretranslate):
    libretranslate.mode = "hostile"

    html = reader.get(SPANISH_FLAGSHIP).content.decode()

    assert "onerror" not in html and "alert(" not in html
    assert "javascript:" not in html


def test_machine_translation_switched_off_shows_english_with_the_notice(reader, settings):
    settings.MT_PROVIDER = "none"

    soup = soup_of(reader.get(SPANISH_FLAGSHIP))

    assert "mt-notice--english" in notice_of(soup)["class"]
    assert soup.h1.get("lang") == "en"


def test_english_pages_have_no_prefix_no_notice_and_no_provider_call(reader, libretranslate):
    soup = soup_of(reader.get(FLAGSHIP_PATH))

    assert soup.html["lang"] == "en-gb"
    assert notice_of(soup) is None
    assert libretranslate.requests == []


def test_links_on_a_spanish_page_keep_the_reader_in_spanish(reader, libretranslate):
    soup = soup_of(reader.get(SPANISH_FLAGSHIP))

    nav = [a["href"] for a in soup.select("nav.site-nav a")]
    assert nav and all(href.startswith("/es/") for href in nav), nav
    cards = [a["href"] for a in soup.select(".related a[href*='/articles/']")]
    assert cards and all(href.startswith("/es/articles/") for href in cards), cards
    assert soup.select_one("a.brand")["href"] == "/es/"


def test_the_language_switcher_links_this_page_in_every_language(reader, libretranslate):
    soup = soup_of(reader.get(FLAGSHIP_PATH))

    links = {a["lang"]: a for a in soup.select("nav.language-switcher a")}
    assert {code: a["href"] for code, a in links.items()} == {
        "en-gb": FLAGSHIP_PATH,
        "es": "/es" + FLAGSHIP_PATH,
        "fr": "/fr" + FLAGSHIP_PATH,
        "de": "/de" + FLAGSHIP_PATH,
        "it": "/it" + FLAGSHIP_PATH,
    }
    assert [a.get_text() for a in links.values()] == [
        "English",
        "Español",
        "Français",
        "Deutsch",
        "Italiano",
    ]
    assert links["en-gb"].get("aria-current") == "true"


def test_a_reviewed_translation_is_shown_without_a_disclaimer(
    reader, libretranslate, reviewed_translations
):
    soup = soup_of(reader.get("/es/about/"))

    assert soup.h1.get_text() == "Acerca de MM Hub"
    assert "Independencia editorial" in soup.get_text()
    assert notice_of(soup) is None
    assert libretranslate.requests == [], "a reviewed page is never machine-translated"


def test_the_english_page_of_a_reviewed_translation_leads_to_it(
    reader, libretranslate, reviewed_translations
):
    spanish = AboutPage.objects.get(locale__language_code="es")
    spanish.slug = "acerca-de"
    spanish.save_revision().publish()

    response = reader.get("/es/about/")

    assert response.status_code == 302
    assert response["Location"] == "/es/acerca-de/"
    switcher = soup_of(reader.get("/about/")).select_one("nav.language-switcher a[lang=es]")
    assert switcher["href"] == "/es/acerca-de/"


def test_an_unpublished_translation_is_not_shown(reader, libretranslate, reviewed_translations):
    AboutPage.objects.get(locale__language_code="es").unpublish()

    soup = soup_of(reader.get("/es/about/"))

    assert soup.h1.get_text() != "Acerca de MM Hub"
    assert notice_of(soup) is not None, "the English page, machine-translated"


def test_french_german_and_italian_are_machine_translated_too(reader, libretranslate):
    for language in ("fr", "de", "it"):
        soup = soup_of(reader.get(f"/{language}/about/"))
        assert soup.html["lang"] == language
        assert notice_of(soup) is not None
    assert [sent["target"] for sent in libretranslate.requests] == ["fr", "de", "it"]


def test_a_translated_article_is_listed_once(reader, flagship, libretranslate):
    from wagtail_localize.models import TranslationSource

    source, _ = TranslationSource.get_or_create_from_instance(flagship)
    german, _ = source.create_or_update_translation(
        Locale.objects.get(language_code="de"), publish=False, copy_parent_pages=True, fallback=True
    )
    german.get_latest_revision().publish()
    assert ArticlePage.objects.live().filter(translation_key=flagship.translation_key).count() == 2

    listing = soup_of(reader.get("/articles/"))
    hrefs = [a["href"] for a in listing.select(".card a")]
    assert hrefs.count(FLAGSHIP_PATH) == 1
    assert not any("/de/" in href for href in hrefs)


def test_the_gate_holds_in_every_language(client, demo_site):
    response = client.get(SPANISH_FLAGSHIP)
    assert response.status_code == 302
    assert response["Location"].startswith("/es/gate/?next=")

    # Pages open to everyone are open in every language.
    assert client.get("/es/privacy/").status_code == 200
    assert client.get("/de/gate/").status_code == 200


def test_wagtail_routing_falls_back_to_the_english_tree(
    reader, libretranslate, reviewed_translations
):
    spanish_home = HomePage.objects.get(locale__language_code="es")
    assert spanish_home.alias_of_id is not None, "wagtail-localize made the parent an alias"

    assert reader.get("/es/articles/").status_code == 200
    assert reader.get("/es/areas-of-interest/").status_code == 200
    assert reader.get("/es/no-such-page/").status_code == 404
