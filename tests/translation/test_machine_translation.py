"""Reader-side machine translation: segments, glossary, cache, sanitising and provider failures,
against a server that speaks LibreTranslate's protocol."""

import time

import pytest
from bs4 import BeautifulSoup

from mmhub.translation import glossary, segments
from mmhub.translation.models import MachineTranslation
from mmhub.translation.providers import LibreTranslate, ProviderError, configured_provider
from mmhub.translation.services import translate_html

ARTICLE = """
<h2>Results of the trial</h2>
<p>In <a href="/articles/myeloma-xi/">Myeloma XI</a>, lenalidomide maintenance improved
median progression-free survival: 57.3 months versus 30.1 months (HR 0.46; 95% CI 0.41–0.53;
p&lt;0.001) in patients with t(4;14) and del(17p).</p>
<table><caption>Key data</caption>
<tr><th>Outcome</th><td>Median PFS 39 months with 10 mg days 1–21</td></tr></table>
<pre><code>survival ~ arm</code></pre>
<p translate="no">The trial acronym stays as it is.</p>
<!-- editors' note -->
"""

pytestmark = pytest.mark.django_db


def text_of(fragment):
    return " ".join(BeautifulSoup(fragment, "html.parser").get_text().split())


def test_the_page_is_translated_segment_by_segment_in_one_batch_with_markup_kept(
    libretranslate,
):
    result = translate_html(ARTICLE, "es")

    assert len(libretranslate.requests) == 1, "one batch per page"
    sent = libretranslate.requests[0]
    assert (sent["source"], sent["target"], sent["format"]) == ("en", "es", "html")
    assert len(sent["q"]) == result.segments == 5  # h2, p, caption, th, td
    soup = BeautifulSoup(result.html, "html.parser")
    assert soup.h2.get_text() == "Resultados de el ensayo"
    link = soup.find("a")
    assert link["href"] == "/articles/myeloma-xi/" and link.get_text() == "Myeloma XI"
    assert soup.find("table").caption and soup.find("td")
    assert soup.find("pre").get_text() == "survival ~ arm", "code is never translated"
    assert (
        soup.find("p", attrs={"translate": "no"}).get_text() == "The trial acronym stays as it is."
    )
    assert result.complete and result.provider == "LibreTranslate"


def test_protected_terms_and_numbers_survive_an_engine_that_rewrites_them(libretranslate):
    result = translate_html(ARTICLE, "es")

    text = text_of(result.html)
    for term in [
        "lenalidomide",
        "Myeloma XI",
        "57.3",
        "30.1",
        "HR",
        "0.46",
        "95%",
        "CI",
        "0.41–0.53",
        "p<0.001",
        "t(4;14)",
        "del(17p)",
        "10 mg",
        "1–21",
        "PFS",
    ]:
        assert term in text, term
    assert "57,3" not in text and "0,46" not in text
    assert "mantenimiento" in text and "supervivencia" in text, "the rest is translated"
    # Without protection the same engine does mangle numbers: the test can fail.
    unprotected = LibreTranslate(libretranslate.url).translate(["HR 0.46"], "en", "es")
    assert unprotected == ["HR 0,46"]


@pytest.mark.parametrize(
    "text, protected",
    [
        ("gain(1q) and amp(1q21)", ["gain(1q)", "amp(1q21)"]),
        ("t(11;14) with venetoclax", ["t(11;14)", "venetoclax"]),
        ("Dara-VRd then R-ISS III", ["Dara-VRd", "R-ISS", "III"]),
        ("melphalan 200 mg/m² and ide-cel", ["melphalan", "200 mg/m²", "ide-cel"]),
        ("CARTITUDE-4 and MajesTEC-1", ["CARTITUDE-4", "MajesTEC-1"]),
        ("The median was 12 months.", ["12"]),
    ],
)
def test_the_glossary_finds_drug_trial_cytogenetic_and_numeric_terms(text, protected):
    assert [text[a:b] for a, b in glossary.protected_spans(text)] == protected


def test_the_same_segments_are_translated_once_then_come_from_the_cache(libretranslate):
    first = translate_html(ARTICLE, "es")
    second = translate_html(ARTICLE, "es")
    other_page = translate_html("<p>Results of the trial</p><p>Nothing else.</p>", "es")

    assert second.html == first.html
    assert second.from_cache == second.segments and len(libretranslate.requests) == 2
    assert libretranslate.requests[1]["q"] == ["Nothing else."], "only the new segment is sent"
    assert (other_page.segments, other_page.from_cache) == (2, 1), "a heading's text, reused"
    assert MachineTranslation.objects.filter(language="es").count() == first.segments + 1
    translate_html(ARTICLE, "fr")
    assert len(libretranslate.requests) == 3, "another language is another translation"


def test_hostile_provider_output_is_sanitised(libretranslate):
    libretranslate.mode = "hostile"

    result = translate_html("<p>The trial <strong>improved</strong> survival.</p>", "es")

    assert "<script" not in result.html and "onerror" not in result.html
    assert "javascript:" not in result.html
    assert "<strong>mejoró</strong>" in result.html
    stored = MachineTranslation.objects.get()
    assert "<script" not in stored.translated


@pytest.mark.parametrize("mode", ["down", "wrong-count"])
def test_a_failing_provider_leaves_the_page_in_english_and_caches_nothing(libretranslate, mode):
    libretranslate.mode = mode

    result = translate_html(ARTICLE, "es")

    assert not result.complete and result.translated == 0 and result.problems
    assert text_of(result.html) == text_of(ARTICLE.replace("<!-- editors' note -->", ""))
    soup = BeautifulSoup(result.html, "html.parser")
    assert soup.h2["lang"] == "en", "untranslated text is announced as English"
    assert not MachineTranslation.objects.exists()


def test_a_slow_provider_is_cut_off_at_the_timeout(libretranslate, settings):
    libretranslate.mode, libretranslate.delay = "slow", 3
    settings.MT_TIMEOUT = 0.5

    start = time.monotonic()
    result = translate_html("<p>The trial improved survival.</p>", "es")

    assert time.monotonic() - start < 2
    assert result.translated == 0 and "timed out" in result.problems[0].lower()


def test_a_segment_whose_protected_term_the_engine_lost_stays_in_english(libretranslate):
    libretranslate.mode = "drop-terms"

    result = translate_html("<p>Lenalidomide improved survival.</p><p>See the table.</p>", "es")

    soup = BeautifulSoup(result.html, "html.parser")
    first, second = soup.find_all("p")
    assert first.get_text() == "Lenalidomide improved survival." and first["lang"] == "en"
    assert second.get_text() == "Vea el tabla."
    assert result.left_in_english == 1 and "protected terms" in result.problems[0]
    assert MachineTranslation.objects.count() == 1


def test_the_api_key_is_sent_when_configured(libretranslate, settings):
    libretranslate.api_key = settings.MT_API_KEY = "key-123"

    assert translate_html("<p>The trial.</p>", "es").complete
    assert libretranslate.requests[0]["api_key"] == "key-123"
    settings.MT_API_KEY = "wrong"
    assert "403" in translate_html("<p>Other.</p>", "es").problems[0]


def test_the_server_lists_its_languages_and_no_provider_means_no_translation(
    libretranslate, settings
):
    assert ("es", "Spanish") in configured_provider().languages()
    settings.MT_PROVIDER = "none"
    result = translate_html("<p>The trial.</p>", "es")
    assert result.translated == 0 and result.left_in_english == 1
    with pytest.raises(ProviderError):
        LibreTranslate("http://127.0.0.1:9", timeout=1).translate(["x"], "en", "es")


def test_segments_are_the_leaf_blocks_only():
    soup = segments.parse(
        "<div><p>One</p><ul><li>Two <em>three</em></li></ul></div><section>Four</section>"
    )
    found = [segment.source for segment in segments.segments_of(soup)]
    assert found == ["One", "Two <em>three</em>", "Four"]


def test_inline_code_and_charts_inside_a_sentence_come_back_untouched(libretranslate):
    fragment = (
        '<p>The model <code>survival ~ arm 0.5</code> and <svg role="img"><text>0.25</text></svg>'
        " with the trial.</p>"
    )

    result = translate_html(fragment, "es")

    assert result.complete
    assert "<code>survival ~ arm 0.5</code>" in result.html
    assert "<text>0.25</text>" in result.html
    assert "Con el ensayo" in result.html or "con el ensayo" in result.html


def test_the_deepl_backend_sends_html_batches_with_its_key(libretranslate, settings):
    settings.MT_PROVIDER = "deepl"
    settings.MT_API_KEY = "deepl-key:fx"
    settings.MT_DEEPL_URL = libretranslate.url  # the stand-in also answers DeepL's /v2/translate

    result = translate_html("<p>The trial improved survival.</p><p>See the table.</p>", "es")

    assert result.complete and result.provider == "DeepL"
    [sent] = libretranslate.requests
    assert sent["auth"] == "DeepL-Auth-Key deepl-key:fx"
    assert (sent["source_lang"], sent["target_lang"], sent["tag_handling"]) == ("EN", "ES", "html")
    assert "El ensayo mejoró supervivencia." in result.html
