"""Read-API fixtures: accounts with personal API tokens, and a client that sends one."""

import pytest

from mmhub.accounts.models import TokenPurpose, VerificationStatus
from mmhub.accounts.tokens import issue, token_for
from mmhub.content.models import ArticlePage
from tests.accounts.conftest import make_account

# The demo's article for verified HCPs only.
CLOSED_SLUG = "editorial-mrd-prognostic-marker-not-yet-treatment-guide"


def api_token(user, purpose=TokenPurpose.API, label="Script"):
    return token_for(issue(user, purpose, label))


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


class ApiClient:
    """Django's test client, sending one account's API token with every request."""

    def __init__(self, client, token):
        self.client, self.token = client, token

    def get(self, path, data=None, **kwargs):
        return self.client.get(f"/api/v1{path}", data, headers=bearer(self.token), **kwargs)

    def follow(self, url):
        """A `next` or `previous` link as given (absolute)."""
        return self.client.get(url, headers=bearer(self.token))


@pytest.fixture
def unverified_hcp(db):
    return make_account("unverified@example.org", profession="physician")


@pytest.fixture
def verified_hcp(db):
    return make_account(
        "verified@example.org",
        status=VerificationStatus.VERIFIED,
        profession="physician",
        country="GB",
        issuing_body="uk_gmc",
        registration_number="1234567",
    )


@pytest.fixture
def api(client, demo_site, unverified_hcp):
    """An unverified HCP's API access to the demo site: the usual account holder."""
    return ApiClient(client, api_token(unverified_hcp))


@pytest.fixture
def empty_site_api(client, unverified_hcp):
    """The same on an empty site, for what does not depend on content (and loads faster)."""
    return ApiClient(client, api_token(unverified_hcp))


@pytest.fixture
def verified_api(client, demo_site, verified_hcp):
    return ApiClient(client, api_token(verified_hcp))


@pytest.fixture
def closed_article(demo_site):
    article = ArticlePage.objects.get(slug=CLOSED_SLUG)
    assert article.verified_only
    return article
