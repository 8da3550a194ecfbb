"""Every route the site answers, found by walking the URL resolver, each with a path that reaches it.

The security tests (the gate's route inventory, CSRF) ask every route rather than a list someone
keeps: a route added tomorrow is in the walk without anyone remembering to add it.

A sample path is built from each pattern's own regular expression (`sample_from_regex`), so
Django path converters, regex routes and included URLconfs are all handled the same way.
"""

import re
from dataclasses import dataclass
from re import _constants as sre
from re import _parser as sre_parser

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

# One character for each class a pattern may ask for: letters for words, 1 for digits.
CATEGORY_SAMPLES = {
    sre.CATEGORY_DIGIT: "1",
    sre.CATEGORY_WORD: "a",
    sre.CATEGORY_NOT_DIGIT: "a",
    sre.CATEGORY_NOT_SPACE: "a",
    sre.CATEGORY_NOT_WORD: "-",
    sre.CATEGORY_SPACE: " ",
}


@dataclass(frozen=True)
class Route:
    route: str  # the pattern as written, includes joined, without the language prefix
    name: str  # namespace:name, or the route when it has no name
    path: str  # a path the resolver sends to this pattern (or to one before it)
    translated: bool  # inside i18n_patterns: also served under /es/, /fr/, ...
    callback: object


def sample_from_regex(pattern):
    """The shortest plain string the regular expression matches, choosing the first option
    wherever it offers several. Raises ValueError for a construct it does not know."""
    return "".join(_sample(sre_parser.parse(pattern)))


def _sample(parsed):
    for op, value in parsed:
        if op == sre.LITERAL:
            yield chr(value)
        elif op == sre.NOT_LITERAL:
            yield "b" if chr(value) == "a" else "a"
        elif op == sre.ANY:
            yield "a"
        elif op == sre.AT:
            continue
        elif op == sre.IN:
            yield _sample_set(value)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, _high, item = value
            yield "".join(_sample(item)) * max(low, 1)
        elif op == sre.SUBPATTERN:
            yield from _sample(value[-1])
        elif op == sre.BRANCH:
            yield from _sample(value[1][0])
        elif op == sre.CATEGORY:
            yield CATEGORY_SAMPLES[value]
        else:
            raise ValueError(f"cannot sample the regular expression construct {op}")


def _sample_set(items):
    if items and items[0][0] == sre.NEGATE:
        excluded = {chr(value) for op, value in items[1:] if op == sre.LITERAL}
        return next(char for char in "abc1" if char not in excluded)
    op, value = items[0]
    if op == sre.LITERAL:
        return chr(value)
    if op == sre.RANGE:
        return chr(value[0])
    if op == sre.CATEGORY:
        return CATEGORY_SAMPLES[value]
    raise ValueError(f"cannot sample the character set item {op}")


def all_routes():
    """Every URL pattern, in resolver order, each with a sample path in the default language."""
    return list(_walk(get_resolver().url_patterns, "", "", "", False))


def _walk(patterns, route_prefix, path_prefix, namespace, translated):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            is_locale = isinstance(entry.pattern, LocalePrefixPattern)
            yield from _walk(
                entry.url_patterns,
                route_prefix + ("" if is_locale else str(entry.pattern)),
                path_prefix + ("" if is_locale else sample_from_regex(entry.pattern.regex.pattern)),
                f"{namespace}{entry.namespace}:" if entry.namespace else namespace,
                translated or is_locale,
            )
        elif isinstance(entry, URLPattern):
            route = route_prefix + str(entry.pattern)
            yield Route(
                route=route,
                name=f"{namespace}{entry.name}" if entry.name else route,
                path="/" + path_prefix + sample_from_regex(entry.pattern.regex.pattern),
                translated=translated,
                callback=entry.callback,
            )


def other_languages():
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def language_prefix(code):
    """/fr/ for French: the prefix i18n_patterns gives each language but the default."""
    return f"/{re.sub(r'-.*', '', code)}"
