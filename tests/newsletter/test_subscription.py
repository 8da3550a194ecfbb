"""Subscribing with double opt-in through a real SMTP server, managing and unsubscribing."""

import time
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client

from mmhub.content.models import AreaOfInterest
from mmhub.newsletter.models import Subscriber, SubscriptionStatus
from mmhub.newsletter.services import CONFIRM_SALT, CONSENT_TEXT
from mmhub.privacy.models import ConsentPurpose, ConsentRecord, wording_version
from tests.accounts.conftest import PASSWORD, make_account, sign_in
from tests.conftest import declare

ADDRESS = "dr.okafor@example.org"

# Emails leave after the subscription commits (transaction.on_commit), as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def subscribe(client, email=ADDRESS, **fields):
    data = {"email": email, "frequency": "weekly", "consent": "on"} | fields
    return client.post("/newsletter/", {k: v for k, v in data.items() if v is not None})


def path(url):
    return urlsplit(url).path


@pytest.fixture
def visitor(db):
    client = Client()
    declare(client)
    return client


def test_a_visitor_confirms_by_the_emailed_link_and_nothing_is_sent_before(
    visitor, smtp_server, demo_site
):
    maintenance = AreaOfInterest.objects.get(slug="maintenance")
    response = subscribe(visitor, frequency="monthly", areas=[maintenance.pk])
    assert response["Location"] == "/newsletter/thanks/"
    assert "Check your inbox" in visitor.get("/newsletter/thanks/").content.decode()

    subscriber = Subscriber.objects.get(email=ADDRESS)
    assert subscriber.status == SubscriptionStatus.PENDING
    assert list(subscriber.areas.all()) == [maintenance]
    consent = ConsentRecord.objects.get(purpose=ConsentPurpose.NEWSLETTER)
    assert consent.email == ADDRESS and consent.wording.version == wording_version(CONSENT_TEXT)
    assert consent.wording.text == CONSENT_TEXT

    [message] = smtp_server.to(ADDRESS)
    assert message["Subject"] == "Confirm your subscription to the MM Hub newsletter"
    link = smtp_server.link(message, "/newsletter/confirm/")
    # A link scanner's GET confirms nothing.
    page = Client().get(path(link))
    assert page.status_code == 200
    assert "Confirm my subscription" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriptionStatus.PENDING

    confirmed = Client().post(path(link))
    assert "Subscription confirmed" in confirmed.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriptionStatus.ACTIVE and subscriber.confirmed_at
    assert Client().post(path(link)).status_code == 200  # a second click changes nothing
    assert len(smtp_server.messages) == 1


def test_an_old_or_broken_link_says_what_to_do(visitor, smtp_server):
    subscribe(visitor)
    subscriber = Subscriber.objects.get()

    class FourDaysAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 4 * 24 * 3600)

    old = FourDaysAgo(salt=CONFIRM_SALT).sign(subscriber.token)
    response = Client().post(f"/newsletter/confirm/{old}/")
    assert response.status_code == 400
    assert "more than 3 days old. Subscribe again" in response.content.decode()
    broken = Client().get(f"/newsletter/confirm/{subscriber.token}:abc:def/")
    assert "Copy the whole link from the email" in broken.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriptionStatus.PENDING


def test_an_account_holder_subscribes_their_confirmed_address_in_one_click(db, smtp_server):
    user = make_account("member@example.org")
    client = Client()
    sign_in(client, "member@example.org")
    form = client.get("/newsletter/").content.decode()
    assert 'value="member@example.org"' in form
    subscribe(client, email="member@example.org")
    assert "You are subscribed" in client.get("/newsletter/thanks/").content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriptionStatus.ACTIVE and subscriber.user == user
    assert ConsentRecord.objects.get(purpose=ConsentPurpose.NEWSLETTER).user == user
    assert smtp_server.messages == []


def test_another_address_from_an_account_is_confirmed_by_email(db, smtp_server):
    make_account("member@example.org")
    client = Client()
    sign_in(client, "member@example.org")
    subscribe(client, email="home@example.org")
    assert Subscriber.objects.get().status == SubscriptionStatus.PENDING
    assert len(smtp_server.to("home@example.org")) == 1


def test_a_second_verified_address_of_an_account_subscribes_without_taking_the_link(
    db, smtp_server
):
    from allauth.account.models import EmailAddress

    user = make_account("member@example.org")
    EmailAddress.objects.create(user=user, email="work@example.org", verified=True)
    client = Client()
    sign_in(client, "member@example.org")
    subscribe(client, email="member@example.org")
    response = subscribe(client, email="work@example.org")

    assert response.status_code == 302
    first, second = Subscriber.objects.order_by("pk")
    assert (first.email, first.user, first.status) == ("member@example.org", user, "active")
    assert (second.email, second.user, second.status) == ("work@example.org", None, "active")


def test_subscribing_again_does_not_reveal_the_address_and_mails_the_manage_link(
    visitor, smtp_server
):
    Subscriber.objects.create(email=ADDRESS, status=SubscriptionStatus.ACTIVE)
    response = subscribe(visitor, email="Dr.Okafor@Example.org ")
    assert response["Location"] == "/newsletter/thanks/"
    assert "Check your inbox" in visitor.get("/newsletter/thanks/").content.decode()
    [message] = smtp_server.to(ADDRESS)
    assert message["Subject"] == "You already receive the MM Hub newsletter"
    assert "/newsletter/manage/" in smtp_server.body(message)
    assert Subscriber.objects.get().status == SubscriptionStatus.ACTIVE


def test_nothing_is_sent_to_a_suppressed_address(visitor, smtp_server):
    Subscriber.objects.create(email=ADDRESS, status=SubscriptionStatus.SUPPRESSED)
    subscribe(visitor)
    assert smtp_server.messages == []
    assert Subscriber.objects.get().status == SubscriptionStatus.SUPPRESSED


def test_the_form_says_what_is_missing(visitor):
    response = subscribe(visitor, email="not-an-address", consent=None)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter an email address like name@hospital.org." in html
    assert "Tick the box to agree to receive the newsletter by email." in html
    assert not Subscriber.objects.exists()


def test_preferences_change_from_the_emailed_link_without_signing_in(demo_site):
    subscriber = Subscriber.objects.create(email=ADDRESS, status=SubscriptionStatus.ACTIVE)
    mrd = AreaOfInterest.objects.get(slug="mrd")
    anyone = Client()
    page = anyone.get(f"/newsletter/manage/{subscriber.token}/")
    assert page.status_code == 200 and ADDRESS in page.content.decode()
    saved = anyone.post(
        f"/newsletter/manage/{subscriber.token}/",
        {"frequency": "monthly", "areas": [mrd.pk], "paused": "on"},
    )
    assert "Your choices are saved." in saved.content.decode()
    subscriber.refresh_from_db()
    assert (subscriber.frequency, subscriber.paused) == ("monthly", True)
    assert list(subscriber.areas.all()) == [mrd]
    assert anyone.get("/newsletter/manage/not-a-token/").status_code == 404


def test_unsubscribe_get_asks_and_one_click_post_unsubscribes_without_csrf(visitor, smtp_server):
    subscribe(visitor)
    subscriber = Subscriber.objects.get()
    subscriber.status = SubscriptionStatus.ACTIVE
    subscriber.save()
    url = f"/newsletter/unsubscribe/{subscriber.token}/"
    mail_provider = Client(enforce_csrf_checks=True)

    asked = mail_provider.get(url)
    assert "Stop sending the newsletter to" in asked.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriptionStatus.ACTIVE, "a link scanner unsubscribes nobody"

    done = mail_provider.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "You are unsubscribed" in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriptionStatus.UNSUBSCRIBED and subscriber.unsubscribed_at
    consent = ConsentRecord.objects.get(purpose=ConsentPurpose.NEWSLETTER)
    assert consent.withdrawn_at is not None
    assert mail_provider.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200


def test_the_sign_up_page_is_gated_but_the_email_links_are_not(db, client):
    subscriber = Subscriber.objects.create(email=ADDRESS)
    assert client.get("/newsletter/")["Location"].startswith("/gate/")
    assert client.get(f"/newsletter/manage/{subscriber.token}/").status_code == 200
    assert client.get(f"/newsletter/unsubscribe/{subscriber.token}/").status_code == 200


def test_every_page_has_the_sign_up_form_and_it_uses_the_areas_followed(
    demo_site, visitor, smtp_server
):
    maintenance = AreaOfInterest.objects.get(slug="maintenance")
    visitor.post(f"/personal/areas/{maintenance.pk}/follow/", {"action": "follow"})
    home = visitor.get("/").content.decode()
    assert "Get the best content in your inbox" in home
    assert 'name="source" value="footer"' in home
    visitor.post(
        "/newsletter/",
        {"email": ADDRESS, "consent": "on", "frequency": "weekly", "source": "footer"},
    )
    assert list(Subscriber.objects.get().areas.all()) == [maintenance]
    assert "Get the best content in your inbox" not in Client().get("/gate/").content.decode()
    assert (
        "Get the best content in your inbox" not in visitor.get("/accounts/login/").content.decode()
    )


def test_subscriptions_are_rate_limited_per_address(visitor, smtp_server, settings):
    settings.ACCOUNT_RATE_LIMITS = settings.ACCOUNT_RATE_LIMITS | {
        "newsletter_subscribe": "2/h/key"
    }
    for _ in range(2):
        assert subscribe(visitor).status_code == 302
    refused = subscribe(visitor)
    assert refused.status_code == 429
    assert "Wait a few minutes" in refused.content.decode()
    assert len(smtp_server.to(ADDRESS)) == 2


def test_the_subscription_is_in_the_export_and_goes_with_the_account(db, smtp_server):
    make_account("member@example.org")
    client = Client()
    sign_in(client, "member@example.org")
    subscribe(client, email="member@example.org", frequency="monthly")
    export = client.get("/accounts/your-data/download/").json()
    section = export["sections"]["newsletter"]["data"]
    assert section["email"] == "member@example.org" and section["frequency"] == "Monthly"
    assert section["digests_sent"] == []
    client.post("/accounts/delete/", {"password": PASSWORD, "understood": "on"})
    assert not Subscriber.objects.exists()
    assert not ConsentRecord.objects.filter(purpose=ConsentPurpose.NEWSLETTER).exists()
