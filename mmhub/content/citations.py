"""How to cite an article and the references it cites: a Vancouver (NLM) line, RIS and BibTeX.

Every value comes from editors, so each one passes through `one_line` first: control characters
and line breaks become spaces, and a title can never end an RIS record or break a BibTeX entry.

Choices, documented for editors in docs/editors.md:
- Files are UTF-8. BibTeX keeps non-ASCII letters as they are (biber and 8-bit BibTeX with
  `inputenc` read them) and escapes only LaTeX's special characters.
- An article of ours is RIS `ELEC` and BibTeX `@misc` (with `url` and `urldate`, which biblatex
  reads, and `howpublished`, which classic BibTeX styles print), the site its corporate author.
- A Vancouver author list ending in "et al." becomes "and others" in BibTeX, which styles print
  as "et al."; RIS has no equivalent, so only the named authors are listed there.
- A corporate author ends with a comma in RIS (EndNote's convention: the name is not inverted)
  and is braced in BibTeX.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone, translation

from mmhub.accounts.emails import absolute_url
from mmhub.translation import languages

CRLF = "\r\n"
# Vancouver dates use English month abbreviations, whatever the reader's language.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
BIBTEX_MONTHS = tuple(month.lower() for month in MONTHS)
LINE_BREAKING = {"Cc", "Zl", "Zp"}  # control characters, line and paragraph separators
ET_AL = re.compile(r"[,\s]*\bet\s+al\b\.?$", re.IGNORECASE)
INITIALS = re.compile(r"^[^\W\d_](?:-?[^\W\d_]){0,5}$")
NAME_SUFFIXES = {"Jr", "Sr", "II", "III", "IV", "2nd", "3rd"}
PAGE = re.compile(r"^([^\d\s]*)(\d+)$")
PAGE_DASHES = re.compile(r"\s*[-\u2010-\u2015]+\s*")
PAGE_RANGE = re.compile(r"^\s*(\S+?)\s*[-\u2010-\u2015]+\s*(\S+)\s*$")
KEY_STOPWORDS = {"the", "and", "for", "from", "with", "into", "versus", "what", "when"}
LATEX_SPECIALS = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\textbraceleft{}",
        "}": r"\textbraceright{}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


def one_line(value):
    """An editor's value as one line: line breaks and control characters become spaces, runs of
    spaces one space, so nothing in it can start a new RIS tag line."""
    text = "".join(
        " " if unicodedata.category(char) in LINE_BREAKING else char for char in str(value or "")
    )
    return " ".join(text.split())


# What a citation is made of -------------------------------------------------------------------


@dataclass(frozen=True)
class Author:
    family: str  # the whole name for a corporate author
    initials: str = ""  # "GH"; empty for a corporate author
    suffix: str = ""

    @property
    def is_corporate(self):
        return not self.initials

    @property
    def dotted_initials(self):
        """ "GH" -> "G. H.", "J-L" -> "J.-L.": two given names, not one called "GH"."""
        parts = self.initials.split("-")
        return "-".join(" ".join(f"{letter}." for letter in part) for part in parts)


@dataclass(frozen=True)
class Reference:
    authors: tuple
    more_authors: bool  # the list ended with "et al."
    title: str
    journal: str
    year: str
    volume: str
    issue: str
    pages: str
    first_page: str
    last_page: str
    doi: str
    pmid: str
    pmcid: str
    url: str

    @property
    def link(self):
        """Where a reader finds the source: its own URL, else its DOI, else PubMed."""
        if self.url:
            return self.url
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return ""


@dataclass(frozen=True)
class ArticleCitation:
    title: str
    site: str  # corporate author and publisher
    publication_date: date
    last_reviewed: date
    url: str
    accessed: date
    article_type: str
    summary: str

    @property
    def updated(self):
        return self.last_reviewed if self.last_reviewed > self.publication_date else None


def cited_article(page):
    """The article a citation names: the page as published in the site's own language.

    Read in another language, the page in the template is a reviewed translation, an alias or a
    machine-translated copy whose title is not the published one; it is still the same article
    (see `models.source_articles`), so the citation names the original. None if it is not live.
    """
    if page is None or not getattr(page, "pk", None):
        return None
    if languages.is_default():
        return page
    from .models import source_articles

    return source_articles().filter(translation_key=page.translation_key).first()


def article_citation(article):
    """What every citation of one of our articles says, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return ArticleCitation(
            title=one_line(article.title),
            site=one_line(settings.WAGTAIL_SITE_NAME),
            publication_date=article.publication_date,
            last_reviewed=article.last_reviewed,
            url=one_line(absolute_url(article.get_url(request=None) or "/")),
            accessed=timezone.localdate(),
            article_type=one_line(article.get_article_type_display()),
            summary=one_line(article.standfirst),
        )


def has_references(article):
    """Whether the body has a references block; reads the stored data, builds no blocks."""
    return any(item.get("type") == "references" for item in article.body.raw_data)


def article_references(article):
    """Every reference in the article's references blocks, in the order readers see them."""
    return [
        reference_from_block(value)
        for block in article.body
        if block.block_type == "references"
        for value in block.value
    ]


def reference_from_block(value):
    authors, more_authors = parse_authors(value.get("authors"))
    pages = one_line(value.get("pages"))
    first_page, last_page = page_range(pages)
    return Reference(
        authors=authors,
        more_authors=more_authors,
        title=one_line(value.get("title")),
        journal=one_line(value.get("journal")),
        year=one_line(value.get("year")),
        volume=one_line(value.get("volume")),
        issue=one_line(value.get("issue")),
        pages=pages,
        first_page=first_page,
        last_page=last_page,
        doi=one_line(value.get("doi")),
        pmid=one_line(value.get("pmid")),
        pmcid=one_line(value.get("pmcid")),
        url=one_line(value.get("url")),
    )


def parse_authors(text):
    """A Vancouver list, "Jackson GH, Davies FE, Pawlyn C, et al." -> (authors, more_authors)."""
    text = one_line(text)
    more_authors = bool(ET_AL.search(text))
    text = ET_AL.sub("", text)
    names = [name.strip().rstrip(".").strip() for name in text.split(",")]
    return tuple(parse_author(name) for name in names if name), more_authors


def parse_author(name):
    """ "de Tute RM" -> de Tute, RM. A name whose last word is not initials is corporate."""
    words = name.split()
    suffix = ""
    if len(words) > 2 and words[-1].rstrip(".") in NAME_SUFFIXES:
        suffix = words.pop().rstrip(".")
    if len(words) > 1 and INITIALS.match(words[-1]) and words[-1].replace("-", "").isupper():
        return Author(family=" ".join(words[:-1]), initials=words[-1], suffix=suffix)
    return Author(family=name)


def page_range(pages):
    """ "57-73" -> ("57", "73"); "1456-67" -> ("1456", "1467"); "e123" -> ("e123", "")."""
    match = PAGE_RANGE.match(pages)
    if not match:
        return pages, ""
    first, last = match.groups()
    return first, full_last_page(first, last)


def full_last_page(first, last):
    """Medical journals abbreviate the last page ("1456-67"); RIS and BibTeX want it whole."""
    first_match, last_match = PAGE.match(first), PAGE.match(last)
    if not (first_match and last_match) or last_match.group(1) not in ("", first_match.group(1)):
        return last
    prefix, first_digits = first_match.groups()
    last_digits = last_match.group(2)
    if len(last_digits) >= len(first_digits):
        return prefix + last_digits if not last_match.group(1) else last
    expanded = first_digits[: len(first_digits) - len(last_digits)] + last_digits
    return prefix + expanded if int(expanded) >= int(first_digits) else last


# The formatted citation ------------------------------------------------------------------------


def vancouver_date(day):
    return f"{day.year} {MONTHS[day.month - 1]} {day.day}"


def format_citation(article):
    """A web page in Vancouver (NLM, Citing Medicine) style:

    MM Hub. Title [Internet]. MM Hub; 2026 Nov 3 [updated 2026 Nov 20; cited 2026 Nov 27].
    Available from: https://…
    """
    citation = article_citation(article)
    dates = vancouver_date(citation.publication_date)
    notes = [f"cited {vancouver_date(citation.accessed)}"]
    if citation.updated:
        notes.insert(0, f"updated {vancouver_date(citation.updated)}")
    title = citation.title.rstrip(".")
    return (
        f"{citation.site}. {title} [Internet]. {citation.site}; {dates} [{'; '.join(notes)}]. "
        f"Available from: {citation.url}"
    )


# RIS -----------------------------------------------------------------------------------------


def ris_date(day):
    return day.strftime("%Y/%m/%d")


def ris_record(fields):
    """One record: TY first, ER last, one `XX  - value` line per non-empty field, CRLF endings."""
    lines = [f"{tag}  - {value}" for tag, value in fields if value]
    return CRLF.join([*lines, "ER  - "]) + CRLF


def ris_file(records):
    """Records separated by a blank line, as reference managers export them."""
    return CRLF.join(records)


def ris_name(author):
    """ "Jackson, G. H." for a person; "Myeloma Group," for a corporate author. RIS forbids the
    asterisk in names."""
    family = author.family.replace("*", "")
    if author.is_corporate:
        return f"{family},"
    name = f"{family}, {author.dotted_initials}"
    return f"{name}, {author.suffix}" if author.suffix else name


def article_ris(article):
    citation = article_citation(article)
    fields = [
        ("TY", "ELEC"),
        ("AU", f"{citation.site.replace('*', '')},"),
        ("TI", citation.title),
        ("T2", citation.site),
        ("PB", citation.site),
        ("PY", str(citation.publication_date.year)),
        ("DA", ris_date(citation.publication_date)),
        ("Y2", ris_date(citation.accessed)),
        ("UR", citation.url),
        ("M3", citation.article_type),
        ("AB", citation.summary),
        ("N1", f"Last reviewed {citation.last_reviewed.isoformat()}"),
        ("LA", "en"),
    ]
    return ris_file([ris_record(fields)])


def reference_ris(reference):
    fields = [("TY", "JOUR" if reference.journal else "GEN")]
    fields += [("AU", ris_name(author)) for author in reference.authors]
    fields += [
        ("TI", reference.title),
        ("T2", reference.journal),
        ("JO", reference.journal.replace("*", "")),
        ("PY", reference.year),
        ("VL", reference.volume),
        ("IS", reference.issue),
        ("SP", reference.first_page),
        ("EP", reference.last_page),
        ("DO", reference.doi),
        ("AN", reference.pmid),
        ("C2", reference.pmcid),
        ("UR", reference.link),
    ]
    return ris_record(fields)


def references_ris(article):
    return ris_file([reference_ris(reference) for reference in article_references(article)])


# BibTeX --------------------------------------------------------------------------------------


def latex(value):
    """Text for a braced BibTeX value. Braces become \\textbraceleft{} and \\textbraceright{}, not
    \\{ and \\}: BibTeX counts braces even behind a backslash, so one stray "}" would end the field."""
    return value.translate(LATEX_SPECIALS)


def verbatim(value):
    """A URL or DOI, read verbatim by biblatex: only characters that would unbalance it are encoded."""
    return value.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def bibtex_name(author):
    if author.is_corporate:
        return "{" + latex(author.family) + "}"
    family = latex(author.family)
    if author.suffix:
        return f"{family}, {latex(author.suffix)}, {latex(author.dotted_initials)}"
    return f"{family}, {latex(author.dotted_initials)}"


def bibtex_authors(reference):
    names = [bibtex_name(author) for author in reference.authors]
    if names and reference.more_authors:
        names.append("others")
    return " and ".join(names)


def bibtex_entry(entry_type, key, fields):
    """`fields` are (name, text) pairs already escaped or verbatim; empty ones are left out. A name
    whose text is None is a bare macro such as `month = nov`."""
    lines = [f"@{entry_type}{{{key},"]
    for name, value, *bare in fields:
        if value:
            lines.append(f"  {name} = {value}," if bare else f"  {name} = {{{value}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def ascii_word(text):
    """Lowercase ASCII letters and digits only: what a citation key is built from."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def first_title_word(title):
    for word in title.split():
        word = ascii_word(word)
        if len(word) > 3 and word not in KEY_STOPWORDS:
            return word
    return ""


def citation_key(name, year, title, taken):
    """firstauthorYEARfirstword, e.g. jackson2019lenalidomide; "b", "c"… added for repeats."""
    base = f"{name or 'ref'}{year or 'nd'}{first_title_word(title)}"
    key, suffix = base, ord("b")
    while key in taken:
        key = base + chr(suffix) if suffix <= ord("z") else f"{base}{suffix - ord('a')}"
        suffix += 1
    taken.add(key)
    return key


def reference_key(reference, taken):
    """Named by the first author ("de Tute RM" -> detute), else by the journal."""
    if reference.authors and not reference.authors[0].is_corporate:
        name = ascii_word(reference.authors[0].family)
    else:
        named_by = reference.authors[0].family if reference.authors else reference.journal
        name = first_title_word(named_by) or ascii_word(named_by)
    return citation_key(name, ascii_word(reference.year), reference.title, taken)


def reference_bibtex(reference, key):
    fields = [
        ("author", bibtex_authors(reference)),
        ("title", "{" + latex(reference.title) + "}" if reference.title else ""),
        ("journal", latex(reference.journal)),
        ("year", latex(reference.year)),
        ("volume", latex(reference.volume)),
        ("number", latex(reference.issue)),
        ("pages", latex(bibtex_pages(reference))),
        ("doi", verbatim(reference.doi)),
        ("pmid", latex(reference.pmid)),
        ("pmcid", latex(reference.pmcid)),
        ("url", verbatim(reference.url)),
    ]
    return bibtex_entry("article" if reference.journal else "misc", key, fields)


def bibtex_pages(reference):
    """ "57--73"; a list of ranges the parser did not split keeps its text, with -- in ranges."""
    if reference.first_page and reference.last_page:
        return f"{reference.first_page}--{reference.last_page}"
    return PAGE_DASHES.sub("--", reference.pages)


def references_bibtex(article):
    taken = set()
    entries = []
    for reference in article_references(article):
        entries.append(reference_bibtex(reference, reference_key(reference, taken)))
    return "\n".join(entries)


def article_bibtex(article):
    """`@misc`: classic BibTeX styles print `howpublished`, biblatex reads `url` and `urldate`."""
    citation = article_citation(article)
    published = citation.publication_date
    key = citation_key(ascii_word(citation.site), str(published.year), citation.title, set())
    note = f"{citation.article_type}. Published {published.isoformat()}"
    if citation.updated:
        note += f"; last reviewed {citation.updated.isoformat()}"
    note += f"; accessed {citation.accessed.isoformat()}"
    fields = [
        ("author", "{" + latex(citation.site) + "}"),
        ("title", "{" + latex(citation.title) + "}"),
        ("howpublished", r"\url{" + latex_url(citation.url) + "}"),
        ("year", str(published.year)),
        ("month", BIBTEX_MONTHS[published.month - 1], "bare"),
        ("url", verbatim(citation.url)),
        ("urldate", citation.accessed.isoformat()),
        ("note", latex(note)),
    ]
    return bibtex_entry("misc", key, fields)


def latex_url(url):
    """A URL inside \\url{} within another field: % and # must be escaped there."""
    return verbatim(url).replace("%", r"\%").replace("#", r"\#")
