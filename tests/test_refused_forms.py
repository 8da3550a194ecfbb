"""A form refused by CSRF protection explains why, says what to do, and changes nothing."""

import pytest
from django.test import Client

from mmhub.gate.models import GateAcknowledgement
from tests.conftest import FLAGSHIP_PATH


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def test_declaring_with_cookies_blocked_says_to_allow_cookies(strict_client, demo_site):
    response = strict_client.post("/gate/", {"choice": "hcp", "next": FLAGSHIP_PATH})

    assert response.status_code == 403
    page = response.content.decode()
    assert "cookies are blocked for this site" in page
    assert 'href="/gate/?next=%2Farticles%2Fmyeloma-xi-lenalidomide-maintenance%2F"' in page
    assert "View funders" in page  # the site's own page, with its disclosure
    assert not GateAcknowledgement.objects.exists()
    assert "mmhub_hcp" not in response.cookies


def test_a_stale_form_is_refused_and_asks_for_a_reload(strict_client, demo_site):
    strict_client.get("/gate/")  # sets the CSRF cookie

    response = strict_client.post(
        "/gate/", {"choice": "hcp", "next": "/", "csrfmiddlewaretoken": "x" * 64}
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert "reload it and send it again" in page
    assert "cookies are blocked" not in page
    assert not GateAcknowledgement.objects.exists()


def test_try_again_never_leads_to_another_site(strict_client, demo_site):
    response = strict_client.post("/gate/", {"choice": "hcp", "next": "//evil.example/x"})

    assert 'href="/gate/?next=%2F"' in response.content.decode()
