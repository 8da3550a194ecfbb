"""The reader's language: which languages the site speaks, and the language part of a URL.

English pages have no prefix; the others live under /es/, /fr/, /de/, /it/ (Django's
`i18n_patterns` with `prefix_default_language=False`), so a URL always says its language.
"""

from functools import cache

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.text import capfirst

from mmhub.content import published


@cache
def prefixes():
    """The URL prefixes of the languages other than the default, e.g. {"es", "fr"}."""
    return frozenset(code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE)


def without_prefix(path):
    """`/es/articles/x/` -> `/articles/x/`; paths without a language prefix are unchanged.

    Rules that look at paths (the gate's exempt list, quiet pages) match every language this way.
    """
    first, slash, rest = path.lstrip("/").partition("/")
    if path.startswith("/") and first in prefixes() and (slash or not rest):
        return "/" + rest
    return path


def is_default(language=None):
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return base(language) == base(settings.LANGUAGE_CODE)


def base(language):
    """ "en-gb" -> "en": what translation providers and the glossary call a language."""
    return language.split("-")[0].lower()


def name_local(code):
    """The language's name in itself, as a switcher shows it: "Español", "Deutsch", "English"."""
    return capfirst(translation.get_language_info(base(code))["name_local"])


def translation_urls(request, page):
    """{language code: URL} of the page's live translations, itself included."""
    urls = {}
    for other in page.get_translations(inclusive=True).live().select_related("locale"):
        with translation.override(other.locale.language_code):
            urls[other.locale.language_code] = other.get_url(request)
    return urls


def switcher_links(request, page=None):
    """For each language: its code, its own name, this page's URL in it, and whether it is the
    current one. A page's published translation (a different slug, say) is linked directly."""
    current = translation.get_language()
    path = request.get_full_path()
    translated = {}
    if page is not None and getattr(page, "pk", None):
        if published.shareable(page, request):
            key = published.page_key(page, "translations")
            translated = published.cached(key, lambda: translation_urls(request, page))
        else:
            translated = translation_urls(request, page)
    links = []
    for code, _ in settings.LANGUAGES:
        url = translated.get(code) or translate_url(path, code)
        links.append(
            {"code": code, "name": name_local(code), "url": url, "current": code == current}
        )
    return links
