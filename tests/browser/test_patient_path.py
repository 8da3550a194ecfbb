"""A patient or carer is sent to patient organisations, and the articles stay closed to them."""

from urllib.parse import urlsplit

import pytest

from tests.conftest import FLAGSHIP_PATH

pytestmark = pytest.mark.browser


def test_patient_is_pointed_to_patient_organisations_and_the_article_stays_gated(page):
    page.goto(FLAGSHIP_PATH)
    assert urlsplit(page.url).path == "/gate/"

    page.get_by_role("button", name="I am a patient or carer").click()
    page.wait_for_url("**/gate/patients-and-carers/")

    assert urlsplit(page.url).path == "/gate/patients-and-carers/"
    assert page.locator('main a[href="https://www.myeloma.org/"]').is_visible()
    assert page.locator('main a[href="https://healthtree.org/myeloma"]').is_visible()

    page.goto(FLAGSHIP_PATH)
    assert urlsplit(page.url).path == "/gate/"
    assert "mmhub_hcp" not in {cookie["name"] for cookie in page.context.cookies()}
