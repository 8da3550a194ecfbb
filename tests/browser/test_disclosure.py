"""Every visitor sees who funds MM Hub: in the first screenful and again in the footer."""

from urllib.parse import urlsplit

import pytest

from tests.conftest import FLAGSHIP_PATH

pytestmark = pytest.mark.browser

PAGES = {
    "gate": ("/gate/?next=/", False),
    "home": ("/", True),
    "flagship-article": (FLAGSHIP_PATH, True),
    "funders": ("/funders/", False),
}


@pytest.mark.parametrize("name", PAGES)
def test_funding_disclosure_is_visible_without_scrolling_and_in_the_footer(page, declare, name):
    path, needs_declaration = PAGES[name]
    if needs_declaration:
        declare(page)
    page.goto(path)
    assert urlsplit(page.url).path == urlsplit(path).path, "the page was gated"
    viewport_height = page.viewport_size["height"]

    bar = page.get_by_role("complementary", name="Funding disclosure")
    bar_link = bar.get_by_role("link", name="View funders")
    for element in (bar, bar_link):
        assert element.is_visible()
        box = element.bounding_box()
        assert box["y"] >= 0
        assert box["y"] + box["height"] <= viewport_height, f"{element} is below the fold"

    footer = page.get_by_role("contentinfo")
    assert "Independence and funding" in footer.inner_text()
    assert "no influence" in footer.inner_text()
    with page.expect_navigation():
        footer.get_by_role("link", name="View funders").click()
    assert urlsplit(page.url).path == "/funders/"
