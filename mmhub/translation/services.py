"""Machine-translate rendered HTML for a reader: cached per segment, glossary kept, output sanitised.

`translate_html` never raises for a provider problem: whatever could not be translated stays in
English (marked `lang="en"`), and the result says so, for the page to tell the reader.
"""

import hashlib
import logging
from dataclasses import dataclass, field

import nh3
from django.conf import settings
from django.core.cache import cache

from . import glossary, segments
from .models import MachineTranslation
from .providers import ProviderError, configured_provider

logger = logging.getLogger("mmhub.translation")

# What a translated segment may contain: the inline markup of our own content, nothing active.
ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "br",
    "cite",
    "em",
    "i",
    "mark",
    "q",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    glossary.PLACEHOLDER_TAG,  # our protected terms, restored after sanitising
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "time": {"datetime"},
    glossary.PLACEHOLDER_TAG: {"n"},
}


@dataclass
class Translation:
    html: str
    language: str
    provider: str
    segments: int = 0
    from_cache: int = 0
    translated: int = 0
    left_in_english: int = 0
    problems: list = field(default_factory=list)

    @property
    def complete(self):
        return self.left_in_english == 0


def source_hash(segment):
    return hashlib.sha256(segment.source.encode()).hexdigest()


def sanitise(fragment, attributes=None):
    """Provider output is untrusted: only our inline tags and safe attributes survive.

    With `attributes` given, exactly those survive and nothing is added (wagtail-localize's
    strings allow no `rel` on links); otherwise links get rel="noopener noreferrer"."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=attributes or ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None if attributes else "noopener noreferrer",
    )


def translate_html(fragment, language, provider=None, source_language="en", attributes=None):
    """`fragment` translated into `language`, segment by segment; see `Translation` for what
    happened. Segments already translated come from the cache; the rest go in one batch.

    `attributes` widens what the sanitiser keeps (wagtail-localize needs the `id` it puts on
    inline tags to put their attributes back)."""
    provider = provider or configured_provider()
    soup = segments.parse(fragment)
    found = segments.segments_of(soup)
    result = Translation(fragment, language, provider.name if provider else "", len(found))
    if not found:
        return result
    if provider is None:  # machine translation is switched off: all of it stays English
        for segment in found:
            segments.mark_english(segment)
        result.left_in_english = len(found)
        result.html = soup.decode(formatter="minimal")
        return result
    hashes = [source_hash(segment) for segment in found]
    cached = dict(
        MachineTranslation.objects.filter(
            source_hash__in=set(hashes), language=language, provider=provider.name
        ).values_list("source_hash", "translated")
    )
    missing = [(s, h) for s, h in zip(found, hashes, strict=True) if h not in cached]
    fresh = _ask_provider(provider, missing, source_language, language, result, attributes)
    for segment, digest in zip(found, hashes, strict=True):
        text = cached.get(digest, fresh.get(digest))
        if text is None:
            segments.mark_english(segment)
            result.left_in_english += 1
        else:
            segments.replace_contents(segment, text)
    result.from_cache = sum(1 for digest in hashes if digest in cached)
    result.translated = len(found) - result.left_in_english
    result.html = soup.decode(formatter="minimal")
    return result


def pause_key(provider):
    return f"translation:paused:{provider.name}"


def _ask_provider(provider, missing, source_language, language, result, attributes=None):
    """{hash: restored, sanitised translation} for the segments the cache lacked (and stored).

    After a failure the provider is left alone for MT_PAUSE_AFTER_FAILURE seconds (shared cache):
    readers then get English at once instead of each waiting for the timeout again."""
    if not missing:
        return {}
    paused = cache.get(pause_key(provider))
    if paused:
        result.problems.append(paused)
        return {}
    unique = {}
    for segment, digest in missing:
        unique.setdefault(digest, segment)
    digests = list(unique)
    fresh = {}
    size = settings.MT_BATCH_SIZE
    for start in range(0, len(digests), size):
        batch = digests[start : start + size]
        try:
            answers = provider.translate(
                [unique[digest].source for digest in batch], source_language, language
            )
        except ProviderError as error:
            logger.warning("Machine translation to %s failed: %s", language, error)
            result.problems.append(str(error))
            if settings.MT_PAUSE_AFTER_FAILURE > 0:
                cache.set(pause_key(provider), str(error), settings.MT_PAUSE_AFTER_FAILURE)
            break
        for digest, answer in zip(batch, answers, strict=True):
            segment = unique[digest]
            try:
                # Sanitise the provider's text first, then put back our own (trusted) terms and
                # markup, which the sanitiser would otherwise strip from charts and code.
                fresh[digest] = glossary.restore(sanitise(answer, attributes), segment.terms)
            except glossary.GlossaryViolation as violation:
                result.problems.append(f"kept in English: {violation}")
    _store(fresh, language, provider.name)
    return fresh


def _store(fresh, language, provider_name):
    rows = [
        MachineTranslation(
            source_hash=digest, language=language, provider=provider_name, translated=text
        )
        for digest, text in fresh.items()
    ]
    # Another request may have stored some of them first: theirs are the same.
    MachineTranslation.objects.bulk_create(rows, ignore_conflicts=True)
