"""Who the read API answers: a valid personal API token opens it; nothing else does."""

import pytest
from django.utils import timezone

from mmhub.accounts.models import TokenPurpose
from mmhub.accounts.tokens import issue, revoke, token_for
from tests.accounts.conftest import sign_in
from tests.api.conftest import api_token, bearer
from tests.conftest import declare

OPEN_PATHS = ["/api/v1/articles", "/api/v1/areas", "/api/v1/trials", "/api/v1/trials/Myeloma%20XI"]
PATHS = [*OPEN_PATHS, "/api/v1/articles/1"]


def assert_refused(response, *, token_sent):
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    detail = response.json()["detail"]
    assert "Sign in to MM Hub, open Feeds and API" in detail  # how to get a token
    assert ("not valid or was revoked" in detail) == token_sent
    challenge = response["WWW-Authenticate"]
    assert challenge.startswith("Bearer ")
    assert ('error="invalid_token"' in challenge) == token_sent
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", PATHS)
def test_no_token_is_refused_with_how_to_get_one(client, path):
    assert_refused(client.get(path), token_sent=False)


@pytest.mark.parametrize("path", OPEN_PATHS)
def test_a_valid_token_opens_every_endpoint(client, demo_site, unverified_hcp, path):
    response = client.get(path, headers=bearer(api_token(unverified_hcp)))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert "Authorization" in response["Vary"]


def test_the_api_needs_no_gate_declaration(client, unverified_hcp):
    # Programs cannot click through the gate: the token stands in for the declaration.
    response = client.get("/api/v1/areas", headers=bearer(api_token(unverified_hcp)))

    assert response.status_code == 200
    assert "Location" not in response


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer not-a-token",
        "Bearer abc.forgedsignature",
        "Bearer ",
        "Token abc",
        "Basic dXNlcjpwYXNz",
    ],
)
def test_forged_and_malformed_tokens_are_refused(client, authorization):
    response = client.get("/api/v1/articles", headers={"Authorization": authorization})

    assert_refused(response, token_sent=True)


def test_a_tampered_token_is_refused(client, unverified_hcp):
    key_id, signature = api_token(unverified_hcp).rsplit(".", 1)
    tampered = f"{key_id}.{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}"

    assert_refused(client.get("/api/v1/articles", headers=bearer(tampered)), token_sent=True)


def test_a_revoked_token_stops_working_at_once(client, unverified_hcp):
    access_token = issue(unverified_hcp, TokenPurpose.API, "Script")
    headers = bearer(token_for(access_token))
    assert client.get("/api/v1/articles", headers=headers).status_code == 200

    assert revoke(unverified_hcp, access_token.pk)

    assert_refused(client.get("/api/v1/articles", headers=headers), token_sent=True)


def test_revoking_one_token_leaves_the_others(client, unverified_hcp):
    revoked = issue(unverified_hcp, TokenPurpose.API, "Old laptop")
    kept = api_token(unverified_hcp, label="Notebook")
    revoke(unverified_hcp, revoked.pk)

    assert client.get("/api/v1/articles", headers=bearer(kept)).status_code == 200


def test_a_feed_token_does_not_open_the_api(client, unverified_hcp):
    feed_token = api_token(unverified_hcp, purpose=TokenPurpose.FEEDS)

    assert_refused(client.get("/api/v1/articles", headers=bearer(feed_token)), token_sent=True)


def test_an_inactive_account_s_token_is_refused(client, unverified_hcp):
    token = api_token(unverified_hcp)
    unverified_hcp.is_active = False
    unverified_hcp.save(update_fields=["is_active"])

    assert_refused(client.get("/api/v1/articles", headers=bearer(token)), token_sent=True)


def test_a_signed_in_browser_session_is_not_enough(client, unverified_hcp):
    # No cookie authentication: a page on another site cannot make a reader's browser call it.
    declare(client)
    assert sign_in(client, "unverified@example.org").status_code == 302

    assert_refused(client.get("/api/v1/articles"), token_sent=False)


def test_use_is_recorded_for_the_account_page(client, unverified_hcp):
    access_token = issue(unverified_hcp, TokenPurpose.API, "Script")
    before = timezone.now()

    client.get("/api/v1/areas", headers=bearer(token_for(access_token)))

    access_token.refresh_from_db()
    assert access_token.last_used_at >= before


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_is_read_only(client, unverified_hcp, method):
    response = getattr(client, method)(
        "/api/v1/articles", headers=bearer(api_token(unverified_hcp))
    )

    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}


def test_head_answers_like_get_without_a_body(client, unverified_hcp):
    response = client.head("/api/v1/areas", headers=bearer(api_token(unverified_hcp)))

    assert response.status_code == 200
    assert response.content == b""
    assert response["Cache-Control"] == "private, no-store"


def test_wagtail_s_own_api_path_stays_gated(client, demo_site):
    # Only /api/v1/ is exempt from the gate; anything else under /api/ still meets it.
    response = client.get("/api/v2/pages/")

    assert response.status_code == 302
    assert response["Location"].startswith("/gate/")
