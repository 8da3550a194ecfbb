"""The newsletter in the Wagtail admin: editors preview a digest; operators see what went wrong."""

from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from mmhub.content.models import AreaOfInterest, ArticlePage
from mmhub.newsletter.models import DeliveryStatus, DigestDelivery, Subscriber, SubscriptionStatus
from tests.accounts.conftest import make_account

PREVIEW = "/admin/newsletter/preview/"
REPORT = "/admin/newsletter/sending/"


@pytest.fixture
def superuser(client, demo_site):
    get_user_model().objects.create_superuser("operator", "operator@example.org", "s3cret-ops")
    assert client.login(username="operator", password="s3cret-ops")
    return client


def test_an_editor_previews_the_digest_of_a_subscriber_with_chosen_areas(editor):
    ArticlePage.objects.update(first_published_at=timezone.now() - timedelta(days=60))
    new = ArticlePage.objects.get(slug="myeloma-xi-lenalidomide-maintenance")
    ArticlePage.objects.filter(pk=new.pk).update(first_published_at=timezone.now())
    maintenance = AreaOfInterest.objects.get(slug="maintenance")
    car_t = AreaOfInterest.objects.get(slug="car-t")

    chosen = editor.get(PREVIEW, {"frequency": "monthly", "areas": [maintenance.pk]})
    other = editor.get(PREVIEW, {"frequency": "weekly", "areas": [car_t.pk]})

    page = unescape(chosen.content.decode())
    assert "Subject: MM Hub monthly digest: 1 new article in your areas" in page
    assert page.count(new.title) >= 2, "in the HTML part and in the text part"
    assert "As this account" not in page, "editors do not look up subscribers' accounts"
    assert "This digest would not be sent" in unescape(other.content.decode())
    assert Subscriber.objects.count() == 0 and DigestDelivery.objects.count() == 0


def test_a_preview_for_an_unknown_account_says_what_to_do(superuser):
    response = superuser.get(PREVIEW, {"frequency": "weekly", "account": "nobody@example.org"})
    assert "No account uses this address" in response.content.decode()


def test_an_operator_sees_uncertain_and_failed_digests_and_editors_only_counts(superuser, client):
    reader = Subscriber.objects.create(
        email="reader@example.org", status=SubscriptionStatus.ACTIVE, confirmed_at=timezone.now()
    )
    DigestDelivery.objects.create(
        subscriber=reader,
        period="2026-W48",
        status=DeliveryStatus.UNCERTAIN,
        covers_from=timezone.now(),
        covers_until=timezone.now(),
        message_id="<digest.2026-W48.1.x@mmhub.example>",
        last_error="The worker stopped while handing this digest to the mail server",
    )

    page = superuser.get(REPORT).content.decode()
    assert "reader@example.org" in page and "&lt;digest.2026-W48.1.x@mmhub.example&gt;" in page
    assert "Interrupted while being handed over" in page

    client.logout()
    call_command("create_demo_editor", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.login(username="editor", password="myeloma-demo-editor")
    editor_page = client.get(REPORT).content.decode()
    assert "2026-W48" in editor_page
    assert "reader@example.org" not in editor_page


def test_the_newsletter_admin_is_for_admin_users_only(client, demo_site):
    make_account("reader@example.org")
    client.login(username="reader", password="lenalidomide-maintenance-2019")
    assert client.get(PREVIEW).status_code == 302
    assert client.get(REPORT).status_code == 302
