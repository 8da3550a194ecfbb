"""Evidence figures and tables in the reader's language: the words translated, the numbers not.

A tiny Spanish catalogue, compiled here from the figures' own msgids, stands in for the
translators' one, so these tests hold whatever the real catalogues say.
"""

import re
import shutil
import xml.etree.ElementTree as ET

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from mmhub.evidence import services
from mmhub.evidence.demo import (
    FLCHAIN_REST,
    FLCHAIN_TOP,
    ensure_flchain,
    ensure_myeloma_xi,
    estimate,
)
from mmhub.evidence.models import ResultEstimate

pytestmark = pytest.mark.django_db

SPANISH = {
    "Time (%(unit)s)": "Tiempo (%(unit)s)",
    "years": "años",
    "months": "meses",
    "%(endpoint)s (probability)": "%(endpoint)s (probabilidad)",
    "Number at risk": "Pacientes en riesgo",
    "Overall survival": "Supervivencia global",
    "%(endpoint)s by arm.": "%(endpoint)s por grupo.",
    "%(arm)s: %(patients)s patients, %(events)s events, median %(median)s.": (
        "%(arm)s: %(patients)s pacientes, %(events)s eventos, mediana %(median)s."
    ),
    "log-rank p < %(p)s": "prueba de rangos logarítmicos p < %(p)s",
    "log-rank p = %(p)s": "prueba de rangos logarítmicos p = %(p)s",
    "log (R's default)": "log (predeterminado en R)",
    "log(-log) (SAS's default)": "log(-log) (predeterminado en SAS)",
    "not reached": "no alcanzada",
    "Hazard ratios with confidence intervals where published. %(rows)s": (
        "Cocientes de riesgos con intervalos de confianza cuando se publicaron. %(rows)s"
    ),
    "Population and endpoint": "Población y variable",
    "Hazard ratio": "Cociente de riesgos",
    "Hazard ratio (log scale)": "Cociente de riesgos (escala logarítmica)",
    "Favours %(treatment)s": "A favor de %(treatment)s",
    "Not reported": "No publicado",
    "not reported": "no publicado",
    "Median %(endpoint)s, %(population)s": "Mediana de %(endpoint)s, %(population)s",
    "Patients (N)": "Pacientes (N)",
}
SPANISH_IN_CONTEXT = {("confidence limit", "NR"): "NA"}
# Statistical notation, written the same in every language.
NOTATION = {"HR", "CI", "p", "vs", "log", "N", "R"}
KM_OPTIONS = dict(title="FLC", reference_arm=FLCHAIN_REST, display_unit="years", risk_interval=2)


@pytest.fixture
def spanish(tmp_path):
    """A compiled Spanish catalogue for the figures' words, in place of the project's ones."""
    po = polib.POFile()
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": "es",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for msgid, msgstr in SPANISH.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    for (context, msgid), msgstr in SPANISH_IN_CONTEXT.items():
        po.append(polib.POEntry(msgctxt=context, msgid=msgid, msgstr=msgstr))
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po.save_as_mofile(str(folder / "django.mo"))
    with override_settings(LOCALE_PATHS=[tmp_path]):
        yield


def texts(svg, tag):
    """(class, text) of every `tag` element of an SVG, in order; wrapped lines joined by spaces."""
    root = ET.fromstring(svg)  # noqa: S314 -- our own renderer output, not untrusted input
    return [
        (element.get("class", ""), " ".join(element.itertext()))
        for element in root.iter(f"{{http://www.w3.org/2000/svg}}{tag}")
    ]


def all_text(svg):
    return " ".join(text for tag in ("title", "desc", "text") for _, text in texts(svg, tag))


def words(text):
    return set(re.findall(r"[^\W\d_]+", text))


def numbers(text):
    return re.findall(r"\d+(?:[.,]\d+)*", text)


def in_language(language, build):
    with translation.override(language):
        return build()


def test_a_spanish_reader_gets_the_survival_figure_in_spanish(spanish):
    dataset, _ = ensure_flchain()
    english = in_language("en-gb", lambda: services.kaplan_meier_figure(dataset, **KM_OPTIONS))
    figure = in_language("es", lambda: services.kaplan_meier_figure(dataset, **KM_OPTIONS))

    svg_text = dict(texts(figure["svg"], "text"))
    axis_titles = [text for kind, text in texts(figure["svg"], "text") if kind == "km-axis-label"]
    assert axis_titles == ["Supervivencia global (probabilidad)", "Tiempo (años)"]
    assert svg_text["km-risk-heading"] == "Pacientes en riesgo"
    assert svg_text["km-legend-note"].endswith(
        "prueba de rangos logarítmicos p < 0.0001; CI: log (predeterminado en R)"
    )
    (description,) = [text for _, text in texts(figure["svg"], "desc")]
    assert description.startswith(
        f"Supervivencia global por grupo. {FLCHAIN_REST}: 7107 pacientes, 1683 eventos, "
        "mediana no alcanzada."
    )
    medians = {arm["arm"]: arm["median"] for arm in figure["arms"]}
    assert medians[FLCHAIN_REST] == "no alcanzada"
    assert re.fullmatch(r"\d+\.\d años \(95% CI \d+\.\d–\d+\.\d\)", medians[FLCHAIN_TOP])
    assert figure["unit_label"] == "años" and figure["display_unit"] == "years"
    # Numbers and notation as in English: "0.46" never becomes "0,46".
    assert numbers(all_text(figure["svg"])) == numbers(all_text(english["svg"]))
    assert figure["hazard_ratio"] == english["hazard_ratio"]
    assert figure["at_risk"] == english["at_risk"]
    # No English word is left, apart from the data (arm names, title) and the notation.
    data = words(f"{FLCHAIN_TOP} {FLCHAIN_REST} {KM_OPTIONS['title']}") | NOTATION
    assert (words(all_text(figure["svg"])) & words(all_text(english["svg"]))) - data == set()


def test_each_language_has_its_own_cached_figure(spanish):
    dataset, _ = ensure_flchain()

    english = in_language("en-gb", lambda: services.kaplan_meier_figure(dataset, **KM_OPTIONS))
    spanish_figure = in_language("es", lambda: services.kaplan_meier_figure(dataset, **KM_OPTIONS))
    english_again = in_language(
        "en-gb", lambda: services.kaplan_meier_figure(dataset, **KM_OPTIONS)
    )

    assert "Time (years)" in english["svg"] and "Tiempo (años)" not in english["svg"]
    assert "Tiempo (años)" in spanish_figure["svg"] and "Time (years)" not in spanish_figure["svg"]
    assert english_again == english


def test_a_spanish_reader_gets_the_forest_plot_in_spanish(spanish):
    ensure_myeloma_xi()
    estimates = list(ResultEstimate.objects.select_related("population", "endpoint"))

    def forest():
        return services.forest_plot(
            "Myeloma XI", estimates, favours_left="Lenalidomide", favours_right="Observation"
        )

    english, plot = in_language("en-gb", forest), in_language("es", forest)

    for layout in ("svg", "svg_stacked"):
        svg_text = texts(plot[layout], "text")
        headings = [text for kind, text in svg_text if kind == "forest-heading"]
        assert {"Población y variable", "Cociente de riesgos"} <= set(headings)
        assert ("forest-axis-label", "Cociente de riesgos (escala logarítmica)") in svg_text
        assert ("forest-nr", "no publicado") in svg_text
        favours = [text for kind, text in svg_text if kind.startswith("forest-favours")]
        assert favours == ["← A favor de Lenalidomide", "A favor de Observation →"]
        assert numbers(all_text(plot[layout])) == numbers(all_text(english[layout]))
        data = words(" ".join(f"{e.row_label} {e.population.n_label}" for e in estimates))
        data |= words("Myeloma XI Lenalidomide Observation") | NOTATION
        assert (words(all_text(plot[layout])) & words(all_text(english[layout]))) - data == set()
    (description,) = [text for _, text in texts(plot["svg"], "desc")]
    assert description.startswith("Cocientes de riesgos con intervalos de confianza")
    assert "No publicado" in [row.detail for row in plot["rows"]]


def test_a_spanish_reader_gets_the_key_data_in_spanish(spanish):
    ensure_myeloma_xi()
    itt = [estimate("PFS", "All patients (ITT)"), estimate("OS", "All patients (ITT)")]

    english = in_language("en-gb", lambda: services.key_data_table("Key data", itt))
    table = in_language("es", lambda: services.key_data_table("Key data", itt))

    patients, median_pfs, landmark_os = table["rows"]
    assert (patients["measure"], patients["value_a"]) == ("Pacientes (N)", "1,137")
    assert median_pfs["measure"] == "Mediana de PFS, All patients (ITT)"
    assert (median_pfs["value_a"], median_pfs["value_b"]) == ("39 meses", "20 meses")
    assert median_pfs["effect"] == english["rows"][1]["effect"] == "HR 0.46; p < 0.0001"
    assert landmark_os == english["rows"][2]  # published rates and notation only


def test_the_figures_words_are_extracted_for_translators(tmp_path, monkeypatch):
    """`makemessages` (which translators' catalogues come from) finds every msgid used above."""
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext is not installed")
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(services.__file__, source / "services.py")
    (source / "locale").mkdir()
    monkeypatch.chdir(source)
    with override_settings(LOCALE_PATHS=[source / "locale"]):
        call_command("makemessages", locale=["es"], verbosity=0)

    po = polib.pofile(str(source / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    extracted = {(entry.msgctxt, entry.msgid): entry for entry in po}
    wanted = {(None, msgid) for msgid in SPANISH} | set(SPANISH_IN_CONTEXT)
    assert wanted <= set(extracted)
    for msgid in SPANISH:
        if "%(" in msgid:
            assert "python-format" in extracted[(None, msgid)].flags, msgid
    logrank = extracted[(None, "log-rank p = %(p)s")]
    assert 'keep "p", the sign and the number as written' in logrank.comment
