"""Split rendered HTML into translatable segments and put translations back, markup intact.

A segment is the content of a leaf block (a paragraph, list item, heading, table cell, caption):
whole sentences with their inline markup (links, emphasis), which is what engines translate best
in HTML mode. Code, SVG, maths and anything marked `translate="no"` are never segments.
"""

from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment

from . import glossary

BLOCKS = {
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "caption",
    "figcaption",
    "dt",
    "dd",
    "summary",
    "blockquote",
    "div",
    "section",
    "article",
    "aside",
}
CONTAINERS = {"div", "section", "article", "aside", "blockquote"}  # segments only if leaf
NEVER = {"script", "style", "code", "pre", "svg", "math", "kbd", "samp", "var", "template"}


@dataclass
class Segment:
    element: Tag
    source: str  # the element's inner HTML with protected terms as placeholders
    terms: list


def parse(fragment):
    return BeautifulSoup(fragment, "html.parser")


def segments_of(soup):
    """The translatable leaf blocks of a parsed fragment, in document order."""
    found = []
    for element in soup.find_all(BLOCKS):
        if _excluded(element) or _has_block_child(element) or not element.get_text(strip=True):
            continue
        if element.name in CONTAINERS and element.find(NEVER):
            continue  # a wrapper around a chart or a code sample, not prose
        found.append(_protected(element))
    return found


def _excluded(element):
    for node in [element, *element.parents]:
        if not isinstance(node, Tag):
            continue
        if node.name in NEVER or node.get("translate") == "no":
            return True
        if "notranslate" in (node.get("class") or []):
            return True
    return False


def _has_block_child(element):
    return element.find(BLOCKS) is not None


def _protected(element):
    """The element's inner HTML with glossary terms, and any inline code or chart, swapped for
    placeholders (on a copy)."""
    copy = parse(element.decode_contents())
    terms = []
    for never in copy.find_all(NEVER):
        if never.parent is not None and not any(p.name in NEVER for p in never.parents):
            mark = glossary.placeholder(terms, glossary.Markup(str(never)))
            never.replace_with(*parse(mark).contents)
    for text in list(copy.find_all(string=True)):
        if isinstance(text, Comment):
            text.extract()
            continue
        count = len(terms)
        marked = glossary.protect(str(text), terms)
        if len(terms) > count:
            text.replace_with(*parse(marked).contents)
    return Segment(element, copy.decode_contents(formatter="minimal"), terms)


def replace_contents(segment, translated_html):
    """Put a (restored, sanitised) translation in the segment's element."""
    segment.element.clear()
    for node in list(parse(translated_html).contents):
        segment.element.append(node)


def mark_english(segment):
    """A segment left untranslated is announced as English to screen readers."""
    segment.element["lang"] = "en"
