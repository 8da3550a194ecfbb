"""axe-core finds no serious or critical problems, and the CSP blocks nothing the pages need."""

from urllib.parse import urlsplit

import pytest

from tests.conftest import FLAGSHIP_PATH

pytestmark = pytest.mark.browser

PAGES = {
    "gate": (f"/gate/?next={FLAGSHIP_PATH}", False),
    "patients-and-carers": ("/gate/patients-and-carers/", False),
    "home": ("/", True),
    "area-maintenance": ("/areas-of-interest/maintenance/", True),
    "flagship-article": (FLAGSHIP_PATH, True),
    "funders": ("/funders/", False),
    "articles": ("/articles/", True),
    "privacy": ("/privacy/", False),
}


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violations_or_csp_errors(
    page, declare, assert_accessible, csp_errors, name
):
    path, needs_declaration = PAGES[name]
    if needs_declaration:
        declare(page)
    page.goto(path)
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path == urlsplit(path).path, "the page was gated"

    assert_accessible(page)
    assert csp_errors(page) == []
    assert page.page_errors == []


HEADING_LEVELS = "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"


@pytest.mark.parametrize(
    "path",
    ["/", "/articles/", "/areas-of-interest/maintenance/", "/search/?q=myeloma", FLAGSHIP_PATH],
)
def test_headings_never_skip_a_level(page, declare, path):
    declare(page)
    page.goto(path)

    levels = page.evaluate(HEADING_LEVELS)

    assert levels[0] == 1
    jumps = [
        (before, after)
        for before, after in zip(levels, levels[1:], strict=False)
        if after > before + 1
    ]
    assert jumps == [], f"heading levels on {path}: {levels}"
