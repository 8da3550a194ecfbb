"""Terms machine translation must never touch: drug and trial names, cytogenetics, numbers, units.

`protect` swaps each protected span for a numbered placeholder element that engines working in
HTML mode carry through as markup; `restore` puts the original text back and refuses a result
in which any placeholder was lost, duplicated or invented, so a mangled term can never reach a
reader.
"""

import html
import re

DRUGS = [
    "lenalidomide",
    "pomalidomide",
    "thalidomide",
    "bortezomib",
    "carfilzomib",
    "ixazomib",
    "daratumumab",
    "isatuximab",
    "elotuzumab",
    "dexamethasone",
    "prednisone",
    "melphalan",
    "cyclophosphamide",
    "selinexor",
    "venetoclax",
    "belantamab mafodotin",
    "teclistamab",
    "elranatamab",
    "talquetamab",
    "linvoseltamab",
    "idecabtagene vicleucel",
    "ciltacabtagene autoleucel",
    "ide-cel",
    "cilta-cel",
    "zoledronic acid",
    "denosumab",
    "iberdomide",
    "mezigdomide",
]
TRIALS = [
    "Myeloma XI",
    "Myeloma XIV",
    "MAIA",
    "ALCYONE",
    "CASSIOPEIA",
    "PERSEUS",
    "GRIFFIN",
    "DETERMINATION",
    "IFM 2009",
    "KarMMa",
    "CARTITUDE-1",
    "CARTITUDE-4",
    "MajesTEC-1",
    "MagnetisMM-3",
    "MonumenTAL-1",
    "ANDROMEDA",
    "IKEMA",
    "CANDOR",
    "APOLLO",
    "POLLUX",
    "CASTOR",
    "TOURMALINE-MM1",
    "EMN02/HO95",
    "FORTE",
    "GMMG-HD7",
    "ECOG E4A03",
]
# Regimen and other abbreviations: a word with two or more capitals (VRd, Dara-VRd, MRD, R-ISS,
# CAR-T, GPRC5D, MajesTEC-1). Matched case-sensitively, unlike everything else.
ABBREVIATION = re.compile(r"(?<![\w-])[A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
CYTOGENETICS = (
    r"(?:t|del|gain|amp|add|dup|inv)\(\d{1,2}(?:;\d{1,2})?(?:[pq][\d.]*)?\)(?:\([pq][\d.;]+\))?"
)
NUMBER = r"(?<![\w.])[<>≤≥±~]?\d+(?:[.,]\d+)*(?:\s?[-–]\s?\d+(?:[.,]\d+)*)?"
UNIT = r"(?:\s?(?:%|mg/m²|mg/m2|mg/kg|mg|µg|mcg|g/dL|g/L|mL|mmol/L|µmol/L|×10⁹/L)(?![\w/]))?"
NOTATION = [
    r"\bp\s?[<=>≤≥]\s?0?\.\d+",  # p-values
    CYTOGENETICS,
    NUMBER + UNIT,
]
_terms = sorted(DRUGS + TRIALS, key=len, reverse=True)
TERMS = re.compile(
    "|".join([r"(?<![\w-])" + re.escape(term) + r"(?![\w-])" for term in _terms] + NOTATION),
    re.IGNORECASE,
)
PLACEHOLDER_TAG = "x-mmhub-term"
PLACEHOLDER = re.compile(r'<x-mmhub-term n="(\d+)">\s*</x-mmhub-term>')


class Markup(str):
    """A protected piece of markup (an inline code sample, a chart): restored as it is."""


class GlossaryViolation(Exception):
    """The engine lost, duplicated or invented a protected term; the segment stays in English."""


def protected_spans(text):
    """(start, end) of every protected term in plain text, left to right, not overlapping."""
    found = [m.span() for m in TERMS.finditer(text)] + [
        m.span() for m in ABBREVIATION.finditer(text)
    ]
    found.sort(key=lambda span: (span[0], -span[1]))
    spans = []
    for start, end in found:
        if end > start and (not spans or start >= spans[-1][1]):
            spans.append((start, end))
    return spans


def protect(text, terms):
    """Plain text as HTML, each protected span a placeholder; `terms` collects the originals."""
    pieces = []
    last = 0
    for start, end in protected_spans(text):
        pieces.append(html.escape(text[last:start], quote=False))
        pieces.append(placeholder(terms, text[start:end]))
        last = end
    pieces.append(html.escape(text[last:], quote=False))
    return "".join(pieces)


def restore(translated_html, terms):
    """The translated HTML with each placeholder replaced by its original term, escaped."""
    seen = [int(n) for n in PLACEHOLDER.findall(translated_html)]
    if sorted(seen) != list(range(len(terms))):
        raise GlossaryViolation(
            f"expected each of {len(terms)} protected terms once, found {sorted(seen)}"
        )
    return PLACEHOLDER.sub(lambda match: _as_html(terms[int(match.group(1))]), translated_html)


def placeholder(terms, term):
    terms.append(term)
    return f'<x-mmhub-term n="{len(terms) - 1}"></x-mmhub-term>'


def _as_html(term):
    return term if isinstance(term, Markup) else html.escape(term, quote=False)
