"""wagtail-localize's "Machine translate" button, through the readers' provider and glossary.

Editors start a translation from the same engine readers get (settings.MT_PROVIDER), with drug
names, trial names, cytogenetics and numbers protected the same way; what they publish after
reviewing it is the reviewed translation readers then see without a disclaimer.
"""

from bs4 import BeautifulSoup
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.strings import StringValue

from . import glossary, languages, services
from .providers import configured_provider

# wagtail-localize swaps a link's attributes for an id (`<a id="a1">`) and puts them back after
# translation: the sanitiser keeps that id, and no other attribute (wagtail-localize allows none).
LOCALIZE_ATTRIBUTES = {"a": {"id"}, glossary.PLACEHOLDER_TAG: {"n"}}


class ProviderTranslator(BaseMachineTranslator):
    def __init__(self, options=None):
        super().__init__(options or {})
        self.provider = configured_provider()

    @property
    def display_name(self):
        return self.provider.name if self.provider else "Machine translation (off)"

    def can_translate(self, source_locale, target_locale):
        source = languages.base(source_locale.language_code)
        return self.provider is not None and source != languages.base(target_locale.language_code)

    def translate(self, source_locale, target_locale, strings):
        """{StringValue: translated StringValue}; a string the provider could not translate
        (or whose protected terms it lost) is left out, for the editor to translate by hand."""
        strings = list(strings)
        fragment = "".join(f"<p>{string.data}</p>" for string in strings)
        outcome = services.translate_html(
            fragment,
            languages.base(target_locale.language_code),
            provider=self.provider,
            source_language=languages.base(source_locale.language_code),
            attributes=LOCALIZE_ATTRIBUTES,
        )
        paragraphs = BeautifulSoup(outcome.html, "html.parser").find_all("p", recursive=False)
        translated = {}
        for string, paragraph in zip(strings, paragraphs, strict=True):
            if paragraph.get("lang") == "en" or not paragraph.get_text(strip=True):
                continue
            translated[string] = StringValue.from_translated_html(paragraph.decode_contents())
        return translated
