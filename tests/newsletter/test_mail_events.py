"""What the email provider reports through django-anymail's webhooks (Postmark's, as an example):
bounces and complaints suppress an address, a mail to the List-Unsubscribe mailto unsubscribes."""

import base64
import json

import pytest
from django.test import Client
from django.utils import timezone

from mmhub.newsletter import delivery, digests
from mmhub.newsletter.models import DeliveryStatus, DigestDelivery, Subscriber, SubscriptionStatus
from mmhub.privacy.models import ConsentPurpose, ConsentRecord
from mmhub.privacy.services import record_consent

SECRET = "postmark:webhook-secret-for-tests"
ADDRESS = "dr.okafor@example.org"

# Emails leave after the subscription commits (transaction.on_commit), as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}


def post_webhook(path, payload, secret=SECRET):
    token = base64.b64encode(secret.encode()).decode()
    return Client().post(  # no HCP declaration, no CSRF token: a provider's server
        path,
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {token}",
    )


def bounce(email, kind="HardBounce", record="Bounce"):
    return {
        "RecordType": record,
        "ID": 4323372036854775807,
        "Type": kind,
        "TypeCode": 1,
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Description": "The server was unable to deliver your message (ex: unknown user).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": email,
        "BouncedAt": "2026-11-24T07:02:11Z",
        "Inactive": True,
    }


def active_subscriber(email=ADDRESS):
    consent = record_consent(ConsentPurpose.NEWSLETTER, "Send me the newsletter.", email=email)
    return Subscriber.objects.create(
        email=email, status=SubscriptionStatus.ACTIVE, confirmed_at=timezone.now(), consent=consent
    )


def test_a_hard_bounce_suppresses_the_address_and_nothing_more_is_sent(
    demo_site, smtp_server, hcp_client
):
    subscriber = active_subscriber()

    response = post_webhook("/anymail/postmark/tracking/", bounce(ADDRESS.upper()))

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriptionStatus.SUPPRESSED
    assert subscriber.suppressed_at is not None
    assert subscriber.suppression_reason.startswith("Hard bounce reported by Postmark: smtp;550")
    # Planned digests and sign-ups alike send nothing to it now.
    period = digests.period_of("weekly")
    assert delivery.plan(periods={"weekly": period}) == {period: 0}
    hcp_client.post("/newsletter/", {"email": ADDRESS, "frequency": "weekly", "consent": "on"})
    assert smtp_server.messages == []


def test_a_complaint_suppresses_and_withdraws_the_consent(demo_site):
    subscriber = active_subscriber()
    queued = DigestDelivery.objects.create(
        subscriber=subscriber,
        period="2026-W48",
        covers_from=timezone.now(),
        covers_until=timezone.now(),
    )

    post_webhook(
        "/anymail/postmark/tracking/", bounce(ADDRESS, kind="SpamComplaint", record="SpamComplaint")
    )

    subscriber.refresh_from_db()
    assert subscriber.status == SubscriptionStatus.SUPPRESSED
    assert subscriber.suppression_reason.startswith("Complaint (marked as spam)")
    consent = ConsentRecord.objects.get(purpose=ConsentPurpose.NEWSLETTER, email=ADDRESS)
    assert consent.withdrawn_at is not None
    assert delivery.send_batch([queued.pk]) == {"skipped": 1}
    queued.refresh_from_db()
    assert queued.status == DeliveryStatus.SKIPPED


def test_a_temporary_problem_does_not_suppress(demo_site):
    subscriber = active_subscriber()

    post_webhook("/anymail/postmark/tracking/", bounce(ADDRESS, kind="Transient"))

    subscriber.refresh_from_db()
    assert subscriber.status == SubscriptionStatus.ACTIVE


def test_a_webhook_without_the_secret_changes_nothing(demo_site):
    subscriber = active_subscriber()

    response = post_webhook("/anymail/postmark/tracking/", bounce(ADDRESS), secret="guess:wrong")

    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriptionStatus.ACTIVE


def test_a_mail_to_the_list_unsubscribe_mailto_unsubscribes(demo_site, settings):
    settings.DEFAULT_FROM_EMAIL = "MM Hub <news@mmhub.example>"
    subscriber = active_subscriber()
    other = active_subscriber("someone.else@example.org")
    inbound = {
        "FromFull": {"Email": ADDRESS, "Name": "Dr Okafor"},
        "ToFull": [{"Email": "unsubscribe@mmhub.example", "Name": ""}],
        "OriginalRecipient": "unsubscribe@mmhub.example",
        "Subject": f"unsubscribe {subscriber.token}",
        "TextBody": "This message was sent by my mail program to unsubscribe.",
        "Headers": [],
    }

    response = post_webhook("/anymail/postmark/inbound/", inbound)

    assert response.status_code == 200
    subscriber.refresh_from_db()
    other.refresh_from_db()
    assert subscriber.status == SubscriptionStatus.UNSUBSCRIBED
    assert other.status == SubscriptionStatus.ACTIVE
    consent = ConsentRecord.objects.get(purpose=ConsentPurpose.NEWSLETTER, email=ADDRESS)
    assert consent.withdrawn_at is not None


def test_a_mail_to_another_address_or_without_a_token_unsubscribes_nobody(demo_site):
    subscriber = active_subscriber()
    to_editors = {
        "FromFull": {"Email": ADDRESS},
        "ToFull": [{"Email": "editors@mmhub.example"}],
        "Subject": f"unsubscribe {subscriber.token}",
        "Headers": [],
    }
    no_token = to_editors | {
        "ToFull": [{"Email": "unsubscribe@mmhub.example"}],
        "Subject": "unsubscribe me please",
    }

    for payload in (to_editors, no_token):
        assert post_webhook("/anymail/postmark/inbound/", payload).status_code == 200

    subscriber.refresh_from_db()
    assert subscriber.status == SubscriptionStatus.ACTIVE
