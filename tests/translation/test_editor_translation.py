"""Editors translate in wagtail-localize and may start from machine output: the "Machine translate"
button uses the readers' provider and glossary."""

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue

from mmhub.translation.localize import ProviderTranslator

pytestmark = pytest.mark.django_db


def locales():
    return Locale.objects.get(language_code="en-gb"), Locale.objects.get(language_code="fr")


def test_the_translator_keeps_inline_markup_ids_and_protected_terms(libretranslate):
    english, french = locales()
    strings = [
        StringValue('The trial of <b>lenalidomide</b> with <a id="a1">results</a>'),
        StringValue("Median PFS 39 months versus 20 months (HR 0.46)"),
        StringValue("Myeloma XI"),
    ]

    translated = ProviderTranslator().translate(english, french, strings)

    assert translated[strings[0]].data == (
        'El ensayo de <b>lenalidomide</b> con <a id="a1">resultados</a>'
    )
    assert translated[strings[1]].data == "Mediana PFS 39 meses frente a 20 meses (HR 0.46)"
    assert translated[strings[2]].data == "Myeloma XI"
    assert len(libretranslate.requests) == 1 and libretranslate.requests[0]["target"] == "fr"


def test_strings_the_provider_mangles_are_left_for_the_editor(libretranslate):
    english, french = locales()
    libretranslate.mode = "drop-terms"
    strings = [StringValue("lenalidomide maintenance"), StringValue("overall survival")]

    translated = ProviderTranslator().translate(english, french, strings)

    assert strings[0] not in translated, "a lost drug name is not offered as a translation"
    assert translated[strings[1]].data == "global supervivencia"


def test_the_translator_is_unavailable_when_machine_translation_is_off(settings):
    settings.MT_PROVIDER = "none"
    english, french = locales()

    assert not ProviderTranslator().can_translate(english, french)
    assert not ProviderTranslator().can_translate(english, english)


def test_the_editor_machine_translates_a_page_in_the_admin(editor, flagship, libretranslate):
    source, _ = TranslationSource.get_or_create_from_instance(flagship)
    translation = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code="it")
    )
    translation.save_target(publish=False)  # the draft the admin's "Translate" action creates

    response = editor.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk]),
        {"next": "/admin/"},
    )

    assert response.status_code == 302
    done = StringTranslation.objects.filter(locale__language_code="it")
    assert done.count() > 20
    assert set(done.values_list("tool_name", flat=True)) == {"LibreTranslate"}
    assert set(done.values_list("translation_type", flat=True)) == {
        StringTranslation.TRANSLATION_TYPE_MACHINE
    }
    title = done.get(context__path="title").data
    assert "mantenimiento" in title and "Myeloma XI" in title
    assert libretranslate.requests[0]["target"] == "it"
