"""Fixtures shared by the whole suite: a clean cache, the demo site, and a visitor who has declared."""

import pytest
from django.core.cache import cache

from mmhub.content.demo.loader import load_demo_content
from mmhub.content.models import ArticlePage

FLAGSHIP_SLUG = "myeloma-xi-lenalidomide-maintenance"
FLAGSHIP_PATH = f"/articles/{FLAGSHIP_SLUG}/"
HCP_BUTTON = "I am a healthcare professional"
# The compliance statement every page, error pages included, must carry.
DISCLOSURE = "Sponsors have no influence on the selection, content or presentation"


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached lookups must never outlive the database rows of the test that filled them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_site(db):
    load_demo_content()


@pytest.fixture
def flagship(demo_site):
    return ArticlePage.objects.get(slug=FLAGSHIP_SLUG)


def declare(client, next_url="/"):
    response = client.post("/gate/", {"choice": "hcp", "next": next_url})
    assert response.status_code == 302
    return response


@pytest.fixture
def hcp_client(client, db):
    declare(client)
    return client
