"""Cite this article: a Vancouver citation on the page, and RIS and BibTeX files of the article and
of its references that reference managers read, open to exactly the readers the article opens to.

Each file is checked twice: by a small validator written from the RIS specification here, and by
the libraries reference tools use (rispy, bibtexparser 2)."""

import re

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from bs4 import BeautifulSoup
from django.conf import settings
from django.utils import timezone

from mmhub.accounts.models import VerificationStatus
from mmhub.content import citations
from mmhub.content.demo.articles_library import JACKSON_MAINT
from mmhub.content.models import ArticlePage
from tests.accounts.conftest import make_account, sign_in
from tests.conftest import FLAGSHIP_PATH, FLAGSHIP_SLUG, declare

RIS_TAG_LINE = re.compile(r"^[A-Z][A-Z0-9]  - ")
RIS_TYPE = "application/x-research-info-systems; charset=utf-8"
BIBTEX_TYPE = "application/x-bibtex; charset=utf-8"
JACKSON_DOI = "10.1016/S1470-2045(18)30687-9"
DETUTE_DOI = "10.1200/JCO.21.02228"
FLAGSHIP_TITLE = "Myeloma XI: lenalidomide maintenance versus observation after first-line therapy"
HOSTILE = "Line one\nER  - \r\nTY  - BOOK\u2028{unbalanced}} 100% & more_$#~^\\ caf\u00e9"
# Line breaks become spaces and runs of spaces one space: the words and signs are all kept.
HOSTILE_ONE_LINE = "Line one ER - TY - BOOK {unbalanced}} 100% & more_$#~^\\ caf\u00e9"
# BibTeX counts braces even behind a backslash, so braces are spelt out; pylatexenc (bibtexparser's
# decoder) does not know those two commands, so the test compares the LaTeX itself.
HOSTILE_LATEX = (
    r"Line one ER - TY - BOOK \textbraceleft{}unbalanced\textbraceright{}\textbraceright{} "
    r"100\% \& more\_\$\#\textasciitilde{}\textasciicircum{}\textbackslash{} "
    "caf\u00e9"
)


def download(client, article, name):
    return client.get(f"/citations/{article.pk}/{name}")


def ris_records(text):
    """The records of an RIS file, as lists of (tag, value), after checking its structure: CRLF
    line ends, every line a tag line or a blank between records, TY first and ER last."""
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "") and "\r" not in text.replace("\r\n", "")
    records, current = [], None
    for line in text.split("\r\n")[:-1]:
        if line == "":
            assert current is None, "a blank line inside a record"
            continue
        assert RIS_TAG_LINE.match(line), f"not an RIS tag line: {line!r}"
        tag, value = line[:2], line[6:]
        if current is None:
            assert tag == "TY", f"a record starts with {tag}"
            current = []
        current.append((tag, value))
        if tag == "ER":
            assert value == ""
            records.append(current)
            current = None
    assert current is None, "the last record has no ER"
    return records


def values(record, tag):
    return [value for found, value in record if found == tag]


def value(record, tag):
    found = values(record, tag)
    assert len(found) == 1, (tag, found)
    return found[0]


def bibtex_library(text, *middlewares):
    library = bibtexparser.parse_string(text, append_middleware=list(middlewares))
    assert library.failed_blocks == []
    keys = [entry.key for entry in library.entries]
    assert len(keys) == len(set(keys)), keys
    assert all(re.fullmatch(r"[a-z0-9]+", key) for key in keys), keys
    return library


def field(entry, name):
    return entry.fields_dict[name].value


def vancouver(day):
    return f"{day.year} {citations.MONTHS[day.month - 1]} {day.day}"


# The article -------------------------------------------------------------------------------


def test_the_article_downloads_as_an_ris_web_page(hcp_client, flagship):
    response = download(hcp_client, flagship, "article.ris")

    assert response.status_code == 200
    assert response["Content-Type"] == RIS_TYPE
    assert response["Content-Disposition"] == f'attachment; filename="{FLAGSHIP_SLUG}.ris"'
    assert "private" in response["Cache-Control"]
    text = response.content.decode()
    (record,) = ris_records(text)
    assert value(record, "TY") == "ELEC"
    assert value(record, "AU") == "MM Hub,"
    assert value(record, "TI") == FLAGSHIP_TITLE
    assert value(record, "UR") == settings.WAGTAILADMIN_BASE_URL + FLAGSHIP_PATH
    assert value(record, "PY") == "2026"
    assert value(record, "DA") == "2026/11/18"
    assert value(record, "Y2") == timezone.localdate().strftime("%Y/%m/%d")
    assert value(record, "M3") == "Trial update"
    (entry,) = rispy.loads(text)
    assert entry["type_of_reference"] == "ELEC"
    assert entry["title"] == FLAGSHIP_TITLE
    assert entry["urls"] == [settings.WAGTAILADMIN_BASE_URL + FLAGSHIP_PATH]


def test_the_article_downloads_as_bibtex_misc(hcp_client, flagship):
    response = download(hcp_client, flagship, "article.bib")

    assert response.status_code == 200
    assert response["Content-Type"] == BIBTEX_TYPE
    assert response["Content-Disposition"] == f'attachment; filename="{FLAGSHIP_SLUG}.bib"'
    assert "private" in response["Cache-Control"]
    (entry,) = bibtex_library(response.content.decode()).entries
    url = settings.WAGTAILADMIN_BASE_URL + FLAGSHIP_PATH
    assert entry.entry_type == "misc"
    assert entry.key == "mmhub2026myeloma"
    assert field(entry, "author") == "{MM Hub}"
    assert field(entry, "title") == "{" + FLAGSHIP_TITLE + "}"
    assert field(entry, "url") == url
    assert field(entry, "howpublished") == r"\url{" + url + "}"
    assert field(entry, "year") == "2026"
    assert field(entry, "month") == "nov"
    assert field(entry, "urldate") == timezone.localdate().isoformat()
    assert "last reviewed 2026-11-20" in field(entry, "note")


def test_the_page_shows_the_citation_and_its_downloads(hcp_client, flagship):
    soup = BeautifulSoup(hcp_client.get(FLAGSHIP_PATH).content.decode(), "html.parser")

    section = soup.select_one("section.cite")
    assert section.h2.get_text() == "Cite this article"
    expected = (
        f"MM Hub. {FLAGSHIP_TITLE} [Internet]. MM Hub; 2026 Nov 18 [updated 2026 Nov 20; cited "
        f"{vancouver(timezone.localdate())}]. Available from: "
        f"{settings.WAGTAILADMIN_BASE_URL}{FLAGSHIP_PATH}"
    )
    assert section.select_one("p.cite__text").get_text() == expected
    links = {a.get_text(): a for a in section.select("a")}
    assert links["Download citation (RIS)"]["href"] == f"/citations/{flagship.pk}/article.ris"
    assert links["Download citation (BibTeX)"]["href"] == f"/citations/{flagship.pk}/article.bib"
    assert all(link.has_attr("download") for link in links.values())
    references = {a.get_text(): a["href"] for a in soup.select("section.references a[download]")}
    assert references == {
        "Download references (RIS)": f"/citations/{flagship.pk}/references.ris",
        "Download references (BibTeX)": f"/citations/{flagship.pk}/references.bib",
    }


def test_a_citation_reviewed_on_the_day_it_was_published_has_no_update(flagship):
    flagship.last_reviewed = flagship.publication_date

    assert "updated" not in citations.format_citation(flagship)
    assert "[cited " in citations.format_citation(flagship)


def test_in_spanish_the_citation_still_names_the_english_article(
    client, demo_site, flagship, settings, libretranslate
):
    settings.MT_BATCH_SIZE = 500
    declare(client)
    soup = BeautifulSoup(client.get("/es" + FLAGSHIP_PATH).content.decode(), "html.parser")

    assert "Myeloma XI" in soup.h1.get_text() and soup.h1.get_text() != FLAGSHIP_TITLE
    citation = soup.select_one("p.cite__text")
    assert citation["lang"] == "en"
    assert f"MM Hub. {FLAGSHIP_TITLE} [Internet]." in citation.get_text()
    assert citation.get_text().endswith(settings.WAGTAILADMIN_BASE_URL + FLAGSHIP_PATH)
    ris = soup.select_one("section.cite a[download]")["href"]
    assert ris == f"/es/citations/{flagship.pk}/article.ris"
    assert client.get(ris).status_code == 200
    export = soup.select_one("section.references ul.cite__downloads")
    assert export["lang"] == "es"


# The references ------------------------------------------------------------------------------


def test_the_references_download_as_ris_journal_articles(hcp_client, flagship):
    response = download(hcp_client, flagship, "references.ris")

    assert response.status_code == 200
    assert response["Content-Type"] == RIS_TYPE
    assert response["Content-Disposition"] == (
        f'attachment; filename="{FLAGSHIP_SLUG}-references.ris"'
    )
    text = response.content.decode()
    jackson, asco, hematologist, de_tute = ris_records(text)
    assert value(jackson, "TY") == "JOUR"
    assert values(jackson, "AU") == ["Jackson, G. H.", "Davies, F. E.", "Pawlyn, C."]
    assert value(jackson, "JO") == "Lancet Oncol"
    assert value(jackson, "T2") == "Lancet Oncol"
    assert (value(jackson, "PY"), value(jackson, "VL"), value(jackson, "IS")) == ("2019", "20", "1")
    assert (value(jackson, "SP"), value(jackson, "EP")) == ("57", "73")
    assert value(jackson, "DO") == JACKSON_DOI
    assert value(jackson, "C2") == "PMC6318225"
    assert value(asco, "UR") == "https://ascopost.com/News/59608"
    assert values(asco, "AU") == [] and values(asco, "PY") == []
    assert value(hematologist, "UR") == "https://doi.org/10.1182/hem.V19.4.2022411"
    assert values(de_tute, "AU")[0] == "de Tute, R. M."
    assert (value(de_tute, "SP"), value(de_tute, "EP")) == ("2889", "2900")
    assert value(de_tute, "AN") == "35377708"
    parsed = rispy.loads(text)
    assert [entry["type_of_reference"] for entry in parsed] == ["JOUR"] * 4
    assert parsed[0]["doi"] == JACKSON_DOI
    assert parsed[0]["authors"] == ["Jackson, G. H.", "Davies, F. E.", "Pawlyn, C."]
    assert parsed[3]["end_page"] == "2900"


def test_the_references_download_as_bibtex_articles(hcp_client, flagship):
    response = download(hcp_client, flagship, "references.bib")

    assert response.status_code == 200
    assert response["Content-Type"] == BIBTEX_TYPE
    text = response.content.decode()
    library = bibtex_library(text, SeparateCoAuthors(), SplitNameParts())
    keys = [entry.key for entry in library.entries]
    assert keys == [
        "jackson2019lenalidomide",
        "ascondlenalidomide",
        "hematologist2022summary",
        "detute2022minimal",
    ]
    jackson = library.entries[0]
    assert jackson.entry_type == "article"
    authors = field(jackson, "author")
    assert [name.last for name in authors] == [["Jackson"], ["Davies"], ["Pawlyn"], ["others"]]
    assert authors[0].first == ["G.", "H."]
    assert field(jackson, "pages") == "57--73"
    assert field(jackson, "doi") == JACKSON_DOI
    assert field(jackson, "journal") == "Lancet Oncol"
    assert field(jackson, "number") == "1"
    de_tute = library.entries[3]
    assert de_tute.fields_dict["author"].value[0].von == ["de"]
    assert field(de_tute, "pages") == "2889--2900"
    assert field(de_tute, "pmid") == "35377708"
    assert "Jackson, G. H. and Davies, F. E. and Pawlyn, C. and others" in text


def test_an_article_without_references_offers_no_reference_export(hcp_client, flagship):
    flagship.body = [(b.block_type, b.value) for b in flagship.body if b.block_type != "references"]
    flagship.save()

    page = hcp_client.get(FLAGSHIP_PATH).content.decode()
    assert "Cite this article" in page
    assert f"/citations/{flagship.pk}/article.ris" in page
    assert "references.ris" not in page and "references.bib" not in page
    assert download(hcp_client, flagship, "references.ris").status_code == 404
    assert download(hcp_client, flagship, "references.bib").status_code == 404
    assert download(hcp_client, flagship, "article.ris").status_code == 200


def test_every_references_block_is_exported_in_order(flagship):
    kyle = dict(JACKSON_MAINT(), title="A second list", pages="1456-67", doi="10.1/x")
    flagship.body = [*[(b.block_type, b.value) for b in flagship.body], ("references", [kyle])]

    records = ris_records(citations.references_ris(flagship))
    assert len(records) == 5
    assert value(records[-1], "TI") == "A second list"
    assert (value(records[-1], "SP"), value(records[-1], "EP")) == ("1456", "1467")
    keys = [entry.key for entry in bibtex_library(citations.references_bibtex(flagship)).entries]
    assert keys[0] == "jackson2019lenalidomide" and keys[-1] == "jackson2019second"


def test_repeated_keys_are_told_apart(flagship):
    flagship.body = [("references", [JACKSON_MAINT(), JACKSON_MAINT(), JACKSON_MAINT()])]

    keys = [entry.key for entry in bibtex_library(citations.references_bibtex(flagship)).entries]
    assert keys == [
        "jackson2019lenalidomide",
        "jackson2019lenalidomideb",
        "jackson2019lenalidomidec",
    ]


# Parsing what editors write ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pages", "first", "last"),
    [
        ("57-73", "57", "73"),
        ("1456-67", "1456", "1467"),
        ("1456-7", "1456", "1457"),
        ("98-102", "98", "102"),
        ("2889\u20132900", "2889", "2900"),
        ("e123", "e123", ""),
        ("e1-e9", "e1", "e9"),
        ("S12-9", "S12", "S19"),
        ("", "", ""),
    ],
)
def test_page_ranges_are_split_and_abbreviated_last_pages_expanded(pages, first, last):
    assert citations.page_range(pages) == (first, last)


@pytest.mark.parametrize(
    ("authors", "expected", "more"),
    [
        (
            "Jackson GH, Davies FE, Pawlyn C, et al.",
            ["Jackson, G. H.", "Davies, F. E.", "Pawlyn, C."],
            True,
        ),
        (
            "San Miguel JF, van de Donk NWCJ.",
            ["San Miguel, J. F.", "van de Donk, N. W. C. J."],
            False,
        ),
        ("Moreau P et al", ["Moreau, P."], True),
        ("Harousseau J-L, Smith JA Jr", ["Harousseau, J.-L.", "Smith, J. A., Jr"], False),
        (
            "Myeloma Trialists' Collaborative Group",
            ["Myeloma Trialists' Collaborative Group,"],
            False,
        ),
        ("", [], False),
    ],
)
def test_vancouver_author_lists_become_one_name_each(authors, expected, more):
    parsed, more_authors = citations.parse_authors(authors)

    assert [citations.ris_name(author) for author in parsed] == expected
    assert more_authors is more


def test_a_hostile_title_cannot_break_either_file(flagship):
    """Line breaks, a fake end of record, braces, % and & from an editor: one record, one entry,
    the text kept (line breaks become spaces)."""
    flagship.title = HOSTILE
    flagship.body = [("references", [dict(JACKSON_MAINT(), title=HOSTILE, journal="J {Odd} & Co")])]

    for ris in (citations.article_ris(flagship), citations.references_ris(flagship)):
        (record,) = ris_records(ris)
        assert value(record, "TI") == HOSTILE_ONE_LINE
        assert len(values(record, "TY")) == 1
        assert rispy.loads(ris)[0]["title"] == HOSTILE_ONE_LINE
    for bibtex in (citations.article_bibtex(flagship), citations.references_bibtex(flagship)):
        (entry,) = bibtex_library(bibtex).entries
        assert field(entry, "title") == "{" + HOSTILE_LATEX + "}"
        (decoded,) = bibtex_library(bibtex, LatexDecodingMiddleware()).entries
        assert "BOOK unbalanced 100% & more_$#~" in field(decoded, "title")
    (reference,) = bibtex_library(citations.references_bibtex(flagship)).entries
    assert field(reference, "journal") == r"J \textbraceleft{}Odd\textbraceright{} \& Co"


def test_a_hostile_author_or_journal_stays_on_its_line(flagship):
    flagship.body = [
        (
            "references",
            [dict(JACKSON_MAINT(), authors="Jackson GH,\nER  - \nTY  - X", journal="J*\r\nER  - ")],
        )
    ]

    (record,) = ris_records(citations.references_ris(flagship))
    assert len(values(record, "AU")) == 2 and values(record, "AU")[0] == "Jackson, G. H."
    assert value(record, "JO") == "J ER -"


# Who may download ----------------------------------------------------------------------------


def test_an_undeclared_visitor_gets_the_gate_not_the_file(client, flagship):
    for name in ("article.ris", "article.bib", "references.ris", "references.bib"):
        response = download(client, flagship, name)
        assert response.status_code == 302
        assert response["Location"].startswith("/gate/?next=")
        assert "TY  -" not in response.content.decode()


@pytest.fixture
def closed_flagship(flagship):
    ArticlePage.objects.filter(pk=flagship.pk).update(verified_only=True)
    flagship.refresh_from_db()
    return flagship


def test_a_verified_only_article_is_closed_to_a_declared_visitor(hcp_client, closed_flagship):
    for name in ("article.ris", "references.bib"):
        response = download(hcp_client, closed_flagship, name)
        assert response.status_code == 403
        assert "This article is for verified healthcare professionals" in response.content.decode()
        assert JACKSON_DOI not in response.content.decode()


def test_a_verified_only_article_opens_to_a_verified_hcp(client, closed_flagship):
    make_account("verified@example.org", status=VerificationStatus.VERIFIED, profession="physician")
    assert sign_in(client, "verified@example.org").status_code == 302

    response = download(client, closed_flagship, "references.bib")
    assert response.status_code == 200
    assert JACKSON_DOI in response.content.decode()


def test_an_unpublished_or_unknown_article_is_not_found(hcp_client, flagship):
    flagship.unpublish()

    assert download(hcp_client, flagship, "article.ris").status_code == 404
    assert download(hcp_client, flagship, "references.bib").status_code == 404
    assert hcp_client.get("/citations/999999/article.bib").status_code == 404
