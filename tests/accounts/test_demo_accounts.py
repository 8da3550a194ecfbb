"""The demo's HCP accounts: sign-in works, and the verified one opens the verified-only article."""

import pytest
from django.core.management import call_command

from mmhub.accounts.management.commands.create_demo_accounts import PASSWORD
from mmhub.content.models import ArticlePage
from tests.accounts.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_demo_accounts_show_both_sides_of_the_verified_only_flag(client, demo_site):
    call_command("create_demo_accounts")
    call_command("create_demo_accounts")  # running it again resets, never duplicates
    (closed,) = ArticlePage.objects.filter(verified_only=True)

    assert sign_in(client, "pending.nurse@mmhub.example", PASSWORD).status_code == 302
    assert client.get(closed.url).status_code == 403

    verified = client.__class__()
    assert sign_in(verified, "verified.hcp@mmhub.example", PASSWORD).status_code == 302
    assert verified.get(closed.url).status_code == 200
