"""Translate the flagship article through the configured provider and check what came back.

For an operator bringing up a real LibreTranslate or DeepL: `make mt-smoke MT_URL=http://…`.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from mmhub.content.models import source_articles
from mmhub.translation import glossary, segments
from mmhub.translation.providers import configured_provider
from mmhub.translation.services import translate_html

FLAGSHIP = "myeloma-xi-lenalidomide-maintenance"


class Command(BaseCommand):
    help = (
        "Machine-translate the demo flagship article's body with the configured provider "
        "(MT_PROVIDER, MT_URL, MT_API_KEY) and report segments, time, cache use and whether "
        "every protected term (drugs, trials, cytogenetics, numbers) survived."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--language", default="es", help="Target language code (es, fr, de, it)"
        )
        parser.add_argument("--slug", default=FLAGSHIP, help="Article to translate")
        parser.add_argument("--show", type=int, default=3, help="Translated segments to print")

    def handle(self, *args, language, slug, show, **options):
        provider = configured_provider()
        if provider is None:
            raise CommandError("MT_PROVIDER is 'none': set it to libretranslate or deepl.")
        page = source_articles().filter(slug=slug).first()
        if page is None:
            raise CommandError(f"No article with slug {slug!r}; run `manage.py load_demo_content`.")
        source = page.body.render_as_block()
        start = time.monotonic()
        result = translate_html(source, language, provider)
        seconds = time.monotonic() - start
        self.stdout.write(
            f"{provider.name} -> {language}: {result.segments} segments, {result.translated} "
            f"translated ({result.from_cache} from the cache), {result.left_in_english} left in "
            f"English, in {seconds:.1f} s"
        )
        for problem in result.problems:
            self.stdout.write(f"  problem: {problem}")
        missing = _missing_terms(source, result.html)
        if missing:
            self.stdout.write(f"  protected terms missing from the translation: {missing[:10]}")
        translated = segments.segments_of(segments.parse(result.html))
        for segment in translated[:show]:
            self.stdout.write(f"  | {segment.element.get_text(' ', strip=True)[:160]}")
        if result.left_in_english or missing:
            raise CommandError("The translation is incomplete; see the problems above.")
        self.stdout.write("Every segment translated and every protected term kept.")


def _missing_terms(source, translated):
    """Protected terms of the source text that do not appear in the translation's text."""
    source_text = segments.parse(source).get_text(" ")
    translated_text = segments.parse(translated).get_text(" ")
    terms = {source_text[a:b] for a, b in glossary.protected_spans(source_text)}
    return sorted(term for term in terms if term not in translated_text)
