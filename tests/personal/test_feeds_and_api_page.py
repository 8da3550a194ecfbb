"""Feeds and API: an account holder makes, sees and revokes personal feed addresses and keys."""

import json
import re

import pytest
from django.test import Client

from mmhub.accounts import tokens
from mmhub.accounts.models import AccessToken, TokenPurpose
from tests.accounts.conftest import make_account, sign_in

PAGE = "/personal/feeds-and-api/"


@pytest.fixture
def holder(client, demo_site):
    user = make_account("tokens@example.org")
    assert sign_in(client, "tokens@example.org").status_code == 302
    return user


def make(client, purpose, label):
    return client.post(PAGE, {"action": "create", "purpose": purpose, f"{purpose}-label": label})


def feed_addresses(body):
    return re.findall(r'value="(http://testserver/feeds/[^"]+/articles\.atom)"', body)


def test_the_page_is_for_account_holders(hcp_client, demo_site):
    response = hcp_client.get(PAGE)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_feed_address_is_made_shown_and_works(client, holder):
    response = make(client, "feeds", "Feedly on my phone")
    assert response.status_code == 302

    page = client.get(PAGE)
    body = page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert "Feedly on my phone" in body
    [address] = feed_addresses(body)
    assert Client().get(address.removeprefix("http://testserver")).status_code == 200
    # One address per area too, each with its own label.
    assert body.count("/areas/") >= 5
    # Shown again on the next visit: it has to be pasted into a reader.
    assert feed_addresses(client.get(PAGE).content.decode()) == [address]


def test_an_api_key_is_shown_once(client, holder):
    make(client, "api", "Library script")

    first = client.get(PAGE).content.decode()
    token = AccessToken.objects.get(user=holder, purpose=TokenPurpose.API)
    key = tokens.token_for(token)
    assert key in first and "it is not shown again" in first
    second = client.get(PAGE).content.decode()
    assert "Library script" in second and key not in second
    assert tokens.authenticate(key, TokenPurpose.API) == holder


def test_a_name_is_needed(client, holder):
    response = make(client, "api", "   ")

    assert response.status_code == 400
    body = response.content.decode()
    assert "Give it a name" in body and 'role="alert"' in body
    assert not AccessToken.objects.exists()


def test_an_unknown_purpose_makes_nothing(client, holder):
    assert make(client, "admin", "x").status_code == 404
    assert not AccessToken.objects.exists()


def test_revoking_stops_the_feed(client, holder):
    make(client, "feeds", "Old laptop")
    [address] = feed_addresses(client.get(PAGE).content.decode())
    token = AccessToken.objects.get(user=holder)

    response = client.post(PAGE, {"action": "revoke", "token": token.pk}, follow=True)

    assert "Revoked" in response.content.decode()
    assert "Old laptop" not in response.content.decode()
    assert Client().get(address.removeprefix("http://testserver")).status_code == 403


def test_nobody_revokes_another_accounts_token(client, holder):
    other = make_account("other@example.org")
    theirs = tokens.issue(other, TokenPurpose.FEEDS, "Theirs")

    client.post(PAGE, {"action": "revoke", "token": theirs.pk})

    assert AccessToken.objects.get(pk=theirs.pk).revoked_at is None


def test_revoke_all(client, holder):
    make(client, "feeds", "One")
    make(client, "api", "Two")

    client.post(PAGE, {"action": "revoke_all"})

    assert not AccessToken.objects.filter(user=holder, revoked_at__isnull=True).exists()
    assert AccessToken.objects.filter(user=holder).count() == 2  # kept, revoked


def test_there_is_a_limit_per_kind(client, holder):
    for number in range(tokens.MAX_ACTIVE_PER_PURPOSE):
        tokens.issue(holder, TokenPurpose.FEEDS, f"Reader {number}")

    response = make(client, "feeds", "One too many")

    assert response.status_code == 400
    assert "Revoke one you no longer use" in response.content.decode()
    assert make(client, "api", "Still fine").status_code == 302


def test_the_data_export_lists_tokens_but_never_the_token(client, holder):
    make(client, "feeds", "Feedly")
    key = tokens.token_for(AccessToken.objects.get(user=holder))

    export = client.get("/accounts/your-data/download/").content.decode()

    assert "Feedly" in export and key not in export and key.split(".")[0] not in export
    assert json.loads(export)


def test_deleting_the_account_deletes_its_tokens(client, holder):
    make(client, "feeds", "Feedly")
    key = tokens.token_for(AccessToken.objects.get(user=holder))

    from mmhub.privacy.registry import delete_account

    delete_account(holder)

    assert not AccessToken.objects.exists()
    assert tokens.authenticate(key, TokenPurpose.FEEDS) is None
