"""Pages in the reader's language: a published (reviewed) translation when there is one,
otherwise the English page machine-translated, with a disclaimer.

`ReaderLanguageMixin` goes on every page model. A page read under /es/… keeps the reader in
Spanish: its links carry the prefix, and routing falls back to the English tree when no
Spanish page has that path (see `HomePage.route`). A page whose text should be machine-translated
names its fields in `machine_translated_fields` and its StreamField in `machine_translated_body`.
"""

import copy
import logging
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from wagtail.models import Locale
from wagtail.rich_text import RichText

from . import languages
from .providers import configured_provider
from .services import translate_html

logger = logging.getLogger("mmhub.translation")

# Blocks rendered for each reader (a poll knows whether you voted) or that must stay as written
# (a reference list cites titles as published) are never machine-translated.
CITED_AS_PUBLISHED = {"references", "reference"}
UNTRANSLATED_BLOCKS = {"poll"} | CITED_AS_PUBLISHED
CACHE_SECONDS = 24 * 3600


@dataclass
class PageTranslation:
    """What a reader sees of a page in a language other than the page's own."""

    language: str
    provider: str = ""
    fields: dict = field(default_factory=dict)  # name -> translated plain text
    english_fields: set = field(default_factory=set)  # fields left in English
    blocks: dict = field(default_factory=dict)  # body block index -> translated HTML
    segments: int = 0
    left_in_english: int = 0

    @property
    def complete(self):
        return self.left_in_english == 0

    @property
    def failed(self):
        """Nothing could be translated: the reader gets the English page and a short notice."""
        return self.segments > 0 and self.left_in_english == self.segments

    @property
    def partial(self):
        return not self.complete and not self.failed


class ReaderLanguageMixin:
    """For every page model: URLs and serving in the reader's language."""

    machine_translated_fields = ()
    machine_translated_body = None

    def get_url_parts(self, request=None):
        """An English page linked from a page read in Spanish stays in Spanish: /es/<path>."""
        parts = super().get_url_parts(request)
        language = translation.get_language()
        if not parts or parts[2] is None or not language or languages.is_default(language):
            return parts
        site_id, root_url, page_path = parts
        if languages.without_prefix(page_path) != page_path:
            return parts  # a page in its own locale already has its prefix
        return site_id, root_url, f"/{language}{page_path}"

    def serve(self, request, *args, **kwargs):
        language = translation.get_language()
        if getattr(request, "is_preview", False) or languages.is_default(language):
            return super().serve(request, *args, **kwargs)
        if self.is_source_language_page():
            reviewed = self.reviewed_translation(language)
            if reviewed is not None:
                return redirect(reviewed.get_url(request))
        if self.needs_machine_translation(language):
            request.mmhub_machine_translation = machine_translate_page(self, language)
        return super().serve(request, *args, **kwargs)

    def is_source_language_page(self):
        return self.alias_of_id is not None or languages.is_default(self.locale.language_code)

    def needs_machine_translation(self, language):
        """English content read in another language; a reviewed translation needs none."""
        has_text = self.machine_translated_fields or self.machine_translated_body
        return bool(has_text) and (
            self.alias_of_id is not None
            or languages.base(self.locale.language_code) != languages.base(language)
        )

    def reviewed_translation(self, language):
        """The published translation editors made for this language, if any (not an alias)."""
        locale = Locale.objects.filter(language_code=language).first()
        if locale is None or locale.pk == self.locale_id:
            return None
        found = self.get_translation_or_none(locale)
        if found is None or not found.live or found.alias_of_id is not None:
            return None
        return found

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        machine = getattr(request, "mmhub_machine_translation", None)
        if machine is not None and machine.fields:
            translated = copy.copy(context["page"])
            for name, text in machine.fields.items():
                setattr(translated, name, text)
            context["page"] = context["self"] = translated
        context["machine_translation"] = machine
        context["english_url"] = english_url(self, request) if machine is not None else ""
        return context


def english_url(page, request):
    with translation.override(settings.LANGUAGE_CODE):
        source = page.alias_of.specific if page.alias_of_id else page
        return source.get_url(request)


def machine_translate_page(page, language):
    """The page's text in `language`, batched in one provider call and cached per revision;
    a result with untranslated parts is not cached, so the next reader tries again."""
    provider = configured_provider()
    provider_name = provider.name if provider else ""
    key = f"translation:page:{page.pk}:{page.live_revision_id}:{language}:{provider_name}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    result = PageTranslation(language=language, provider=provider_name)
    pieces = _source_pieces(page)
    if not pieces:
        return result
    fragment = "".join(
        f'<section data-mt="{name}">{html}</section>' for name, html in pieces.items()
    )
    outcome = translate_html(fragment, languages.base(language), provider=provider)
    result.segments = outcome.segments
    result.left_in_english = outcome.left_in_english
    soup = BeautifulSoup(outcome.html, "html.parser")
    for section in soup.find_all("section", attrs={"data-mt": True}):
        name = section["data-mt"]
        if name.startswith("block-"):
            # Our own rendered block with the provider's text sanitised by nh3 (services.sanitise).
            translated = section.decode_contents()
            result.blocks[int(name.removeprefix("block-"))] = mark_safe(translated)  # noqa: S308
        else:
            holder = section.find("p")
            if holder.get("lang") == "en":
                result.english_fields.add(name)
            result.fields[name] = holder.get_text()
    if result.complete:
        cache.set(key, result, CACHE_SECONDS)
    elif outcome.problems:
        logger.info("Page %s in %s partly in English: %s", page.pk, language, outcome.problems)
    return result


def _source_pieces(page):
    """{name: English HTML} of what to translate: the text fields, then each body block."""
    pieces = {}
    for name in page.machine_translated_fields:
        value = getattr(page, name, "")
        if value:
            pieces[name] = f"<p>{escape(value)}</p>"
    body_name = page.machine_translated_body
    for index, block in enumerate(getattr(page, body_name, None) or [] if body_name else []):
        if block.block_type in UNTRANSLATED_BLOCKS:
            continue
        pieces[f"block-{index}"] = render_block(block, page)
    return pieces


def render_block(block, page):
    """A body block as readers see it (the same markup the page templates produce)."""
    if block.block_type == "text":
        value = block.value if isinstance(block.value, RichText) else RichText(block.value)
        return format_html('<div class="rich-text">{}</div>', value)
    return block.render_as_block(context={"page": page, "self": block.value})
