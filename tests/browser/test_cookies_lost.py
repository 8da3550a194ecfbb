"""A visitor whose browser dropped our cookies is told why the gate refused, and gets through after."""

from urllib.parse import urlsplit

import pytest

from tests.conftest import FLAGSHIP_PATH, HCP_BUTTON

pytestmark = pytest.mark.browser


def test_lost_cookies_are_explained_and_try_again_still_reaches_the_article(
    page, assert_accessible, csp_errors
):
    page.goto(FLAGSHIP_PATH)
    page.context.clear_cookies()  # as a browser that blocks or drops cookies does

    page.get_by_role("button", name=HCP_BUTTON).click()

    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Your form could not be sent"
    assert "cookies are blocked for this site" in page.inner_text("main")
    assert_accessible(page)
    assert csp_errors(page) == []

    page.get_by_role("link", name="Try again").click()
    page.get_by_role("button", name=HCP_BUTTON).click()
    page.wait_for_url(lambda url: "/gate/" not in url)
    assert urlsplit(page.url).path == FLAGSHIP_PATH
