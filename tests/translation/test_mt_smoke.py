"""`make mt-smoke`: the flagship article through the configured provider, checked."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def test_the_flagship_article_translates_completely_with_its_terms_kept(demo_site, libretranslate):
    out = StringIO()

    call_command("mt_smoke", "--language", "es", stdout=out)

    report = out.getvalue()
    assert "LibreTranslate -> es:" in report and "0 left in English" in report
    assert "Every segment translated and every protected term kept." in report
    assert len(libretranslate.requests) >= 1
    assert all(request["format"] == "html" for request in libretranslate.requests)


def test_an_engine_that_loses_terms_fails_the_smoke_test(demo_site, libretranslate):
    libretranslate.mode = "drop-terms"

    with pytest.raises(CommandError, match="incomplete"):
        call_command("mt_smoke", stdout=StringIO())


def test_an_unreachable_server_fails_with_the_reason(demo_site, libretranslate, settings):
    settings.MT_URL = "http://127.0.0.1:9"
    out = StringIO()

    with pytest.raises(CommandError):
        call_command("mt_smoke", stdout=out)
    assert "problem: http://127.0.0.1:9/translate" in out.getvalue()
