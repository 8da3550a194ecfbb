"""The interface catalogues (mmhub/locale) are complete, correct and current.

A new string in a template or in Python fails here until it is translated into every language
(`make messages`, then translate the new entries); a translation that drops a placeholder or
changes markup fails too, before a reader sees a broken sentence.
"""

import os
import re
import shutil
import subprocess
import sys
from collections import Counter

import polib
import pytest
from django.conf import settings

from tests.conftest import REPO

LANGUAGES = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
LOCALE = REPO / "mmhub" / "locale"
PLURALS = {
    "es": "nplurals=2; plural=(n != 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "it": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{\s*[\w.]+\s*\}\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def catalogue(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def key(entry):
    return (entry.msgctxt or "", entry.msgid)


def translations_of(entry):
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language):
    po = catalogue(language)

    assert len(po) > 300, "the catalogue holds the whole interface"
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == [], "fuzzy entries are not used by Django"
    assert [e.msgid for e in po.obsolete_entries()] == []
    assert po.metadata["Language"] == language
    assert po.metadata["Plural-Forms"] == PLURALS[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_markup(language):
    problems = []
    for entry in catalogue(language).translated_entries():
        sources = [entry.msgid, entry.msgid_plural or entry.msgid]
        for index, text in enumerate(translations_of(entry)):
            source = sources[min(index, 1)]
            if Counter(PLACEHOLDER.findall(text)) != Counter(PLACEHOLDER.findall(source)):
                # a plural form may leave the count out ("un artículo" for 1)
                if not (entry.msgid_plural and index == 0):
                    problems.append(f"placeholders: {entry.msgid!r} -> {text!r}")
            if Counter(TAG.findall(text)) != Counter(TAG.findall(source)):
                problems.append(f"markup: {entry.msgid!r} -> {text!r}")
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_the_current_one(language):
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))

    compiled = {key(entry): translations_of(entry) for entry in mo if entry.msgid}
    written = {key(entry): translations_of(entry) for entry in po.translated_entries()}
    assert compiled == written, "run `make messages` (compilemessages) after editing the .po files"


def test_the_catalogues_hold_every_string_in_the_code_and_no_other(tmp_path):
    """Extract the strings again, as `make messages` does, into a copy of the code."""
    copy = tmp_path / "repo"
    shutil.copytree(
        REPO / "mmhub",
        copy / "mmhub",
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "node_modules"),
    )
    shutil.copy(REPO / "manage.py", copy / "manage.py")
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed arguments
        [
            sys.executable,
            "manage.py",
            "makemessages",
            *[f"-l{language}" for language in LANGUAGES],
            "--add-location=file",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env=os.environ | {"DJANGO_SETTINGS_MODULE": "mmhub.settings.test"},
    )
    for language in LANGUAGES:
        merged = polib.pofile(
            str(copy / "mmhub" / "locale" / language / "LC_MESSAGES" / "django.po")
        )
        new = [e.msgid for e in merged.untranslated_entries() + merged.fuzzy_entries()]
        gone = [e.msgid for e in merged.obsolete_entries()]
        assert new == [], f"{language}: strings in the code with no translation: run make messages"
        assert gone == [], f"{language}: translations of strings the code no longer has"
