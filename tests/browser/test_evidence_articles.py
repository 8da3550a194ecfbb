"""The flagship's structured evidence (key data, design diagram, forest plot) and the Kaplan–Meier
methods article, as a reader sees them in Chromium: visible, accessible, within a phone's width."""

import pytest

from tests.conftest import FLAGSHIP_PATH

pytestmark = pytest.mark.browser

KM_PATH = "/articles/methods-survival-curves-from-patient-level-data/"
PHONE = {"width": 390, "height": 844}


def test_the_flagship_shows_design_key_data_and_forest_plot(
    page, declare, assert_accessible, csp_errors
):
    declare(page)
    page.goto(FLAGSHIP_PATH)

    design = page.locator(".trial-design")
    assert design.get_by_role("heading", name="Trial design: Myeloma XI").is_visible()
    stages = design.locator(".trial-flow__stage")
    assert stages.count() == 3
    assert "1:1 (from 13 Jan 2011 to 27 Jun 2013), then 2:1" in stages.nth(2).inner_text()

    assert page.get_by_text("Data shown as Lenalidomide vs Observation").count() == 2
    assert page.get_by_role("cell", name="HR 0.46; p < 0.0001").count() == 1

    forest = page.get_by_role("img", name="Hazard ratios published for the maintenance")
    assert forest.is_visible()
    assert forest.bounding_box()["height"] > 100
    page.get_by_text("Show the data as a table").click()
    table = page.locator(".forest-plot table")
    assert table.is_visible()
    assert "Not reported" in table.inner_text()
    assert_accessible(page)
    assert csp_errors(page) == []
    page.screenshot(path="test-artifacts/screenshots/evidence-flagship.png", full_page=True)


def test_the_methods_article_draws_survival_from_patient_data(
    page, declare, assert_accessible, csp_errors
):
    declare(page)
    page.goto(KM_PATH)

    plot = page.get_by_role("img", name="Overall survival by serum free light chain group")
    assert plot.is_visible()
    texts = page.locator(".km-plot svg text").all_text_contents()
    assert "Number at risk" in texts
    assert any("log-rank p" in text for text in texts)
    summary = page.locator(".km-summary")
    assert "Top FLC decile" in summary.inner_text() and "FLC deciles 1–9" in summary.inner_text()
    counts = [int(cell) for cell in summary.locator("tbody td:nth-child(2)").all_inner_texts()]
    assert sum(counts) == 7874
    assert "Methods illustration" in page.locator("article.article").inner_text()
    page.get_by_text("Show the numbers at risk as a table").click()
    assert page.locator(".km-plot details table").is_visible()
    assert_accessible(page)
    assert csp_errors(page) == []
    page.screenshot(path="test-artifacts/screenshots/evidence-km-article.png", full_page=True)


@pytest.mark.parametrize("path", [FLAGSHIP_PATH, KM_PATH])
def test_evidence_figures_fit_a_phone(page, declare, path):
    page.set_viewport_size(PHONE)
    declare(page)
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    widths = page.evaluate(
        "() => [...document.querySelectorAll('.evidence-figure svg')]"
        ".map(svg => svg.getBoundingClientRect().right)"
    )
    assert widths and all(right <= PHONE["width"] for right in widths)
    name = "flagship" if path == FLAGSHIP_PATH else "km"
    page.screenshot(path=f"test-artifacts/screenshots/evidence-phone-{name}.png", full_page=True)
