"""`source_lang`: the attribute that marks editor content shown untranslated (titles on cards,
area names) as English, for screen readers, when the interface is in another language."""

from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from . import languages

ENGLISH = mark_safe(' lang="en"')


def reader_language(request):
    return {"source_lang": "" if languages.is_default(get_language()) else ENGLISH}
