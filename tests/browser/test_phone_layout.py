"""On a phone, nothing scrolls sideways: the page and the key-data tables (with their captions) fit."""

import pytest

from tests.conftest import FLAGSHIP_PATH

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("path", ["/gate/", "/", FLAGSHIP_PATH, "/funders/"])
def test_pages_fit_a_phone_screen(page, declare, path):
    page.set_viewport_size(PHONE)
    if path != "/gate/":
        declare(page)
    page.goto(path)

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_key_data_tables_and_captions_fit_a_phone_screen(page, declare):
    page.set_viewport_size(PHONE)
    declare(page)
    page.goto(FLAGSHIP_PATH)

    tables = page.evaluate(
        """() => [...document.querySelectorAll('.key-data table')].map(table => ({
            overflow: table.parentElement.scrollWidth - table.parentElement.clientWidth,
            captionRight: table.caption.getBoundingClientRect().right,
        }))"""
    )
    assert len(tables) == 2
    for table in tables:
        assert table["overflow"] <= 0
        assert table["captionRight"] <= PHONE["width"]


def test_on_a_phone_each_value_is_labelled_with_its_arm_and_no_word_is_split(page, declare):
    page.set_viewport_size(PHONE)
    declare(page)
    page.goto(FLAGSHIP_PATH)

    cells = page.evaluate(
        """() => [...document.querySelectorAll('.key-data tbody td')].map(cell => ({
            label: getComputedStyle(cell, '::before').content,
            wrap: getComputedStyle(cell).overflowWrap,
            overflow: cell.scrollWidth - cell.clientWidth,
        }))"""
    )
    labels = [cell["label"] for cell in cells]
    assert labels[:3] == ['"Lenalidomide"', '"Observation"', '"Effect"']
    assert all(cell["wrap"] == "normal" and cell["overflow"] <= 0 for cell in cells)
    # The table keeps its semantics for screen readers although it is laid out as cards.
    assert page.get_by_role("columnheader", name="Lenalidomide").count() == 2
    assert page.get_by_role("rowheader", name="Median PFS").count() == 2
