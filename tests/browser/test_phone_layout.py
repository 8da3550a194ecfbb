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
