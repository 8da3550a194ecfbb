"""Sign-up with the declaration, email confirmation through a real SMTP server, sign-in, limits."""

import html
import re
from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import identify_hasher, make_password

from mmhub.accounts.models import HcpProfile
from mmhub.gate.models import Declaration, GateAcknowledgement
from mmhub.gate.services import current_declaration
from mmhub.privacy.models import ConsentPurpose, ConsentRecord
from tests.accounts.conftest import PASSWORD, sign_in, signup
from tests.conftest import FLAGSHIP_PATH

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_sign_up_records_declaration_and_consent_and_emails_a_link_that_confirms(
    client, demo_site, smtp_server
):
    response = signup(client, "new.hcp@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"

    user = User.objects.get(email="new.hcp@example.org")
    acknowledgement = GateAcknowledgement.objects.get(user=user)
    assert acknowledgement.declaration.version == current_declaration().version
    consent = ConsentRecord.objects.get(user=user)
    assert consent.purpose == ConsentPurpose.ACCOUNT
    assert "privacy notice" in consent.wording.text
    assert HcpProfile.objects.filter(user=user, verification_status="unverified").exists()
    assert not EmailAddress.objects.get(user=user).verified

    # Signing up counted as the declaration on this device too.
    assert client.get(FLAGSHIP_PATH).status_code == 200

    (message,) = smtp_server.to("new.hcp@example.org")
    assert "Hello from MM Hub" in smtp_server.body(message)
    link = smtp_server.link(message, "/accounts/confirm-email/")
    path = link.split("testserver", 1)[1]
    assert (
        client.get(path).status_code == 200
    )  # a page with a button: links are not confirmed on GET
    assert not EmailAddress.objects.get(user=user).verified
    assert client.post(path).status_code == 302
    assert EmailAddress.objects.get(user=user).verified


def test_sign_in_is_refused_until_the_address_is_confirmed(client, demo_site, smtp_server):
    signup(client, "unconfirmed@example.org")
    fresh = client.__class__()
    response = sign_in(fresh, "unconfirmed@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in fresh.session
    # No second email within the three-minute cooldown: the first link still works.
    assert len(smtp_server.to("unconfirmed@example.org")) == 1


def test_sign_up_without_the_declaration_creates_nothing_and_says_why(client, db):
    response = signup(client, "patient@example.org", hcp_declaration=None)
    assert response.status_code == 200
    assert "tick the declaration" in response.content.decode()
    assert not User.objects.filter(email="patient@example.org").exists()
    assert not GateAcknowledgement.objects.exists()


def test_sign_up_against_a_changed_declaration_asks_to_read_it_again(client, db):
    old_version = current_declaration().version
    Declaration.objects.create(text="I confirm a new wording of the healthcare declaration.")
    response = signup(client, "late@example.org", declaration_version=old_version)
    assert response.status_code == 200
    assert "wording changed while this page was open" in response.content.decode()
    assert not User.objects.filter(email="late@example.org").exists()


def test_signing_in_counts_as_the_declaration_and_an_account_never_sees_the_gate(
    client, demo_site, account
):
    assert client.get(FLAGSHIP_PATH).status_code == 302  # a new device, nothing declared
    response = sign_in(client, account.email)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/?welcome=1"  # no profession yet
    assert GateAcknowledgement.objects.filter(user=account).count() == 1
    assert client.get(FLAGSHIP_PATH).status_code == 200

    # A new wording does not send a signed-in account back to the gate.
    Declaration.objects.create(text="I confirm a new wording of the healthcare declaration.")
    assert client.get(FLAGSHIP_PATH).status_code == 200


def test_signing_in_to_the_wagtail_admin_is_not_a_declaration(client, demo_site, db):
    User.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302
    assert not GateAcknowledgement.objects.exists()
    assert client.get(FLAGSHIP_PATH).status_code == 302


def test_five_failed_sign_ins_lock_the_address_even_for_the_right_password(client, account):
    for _ in range(5):
        response = sign_in(client, account.email, "not-the-password")
        assert "_auth_user_id" not in client.session
    response = sign_in(client, account.email)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()
    # Another address from the same place is not locked.
    other = User.objects.create_user("other", "other@example.org", PASSWORD)
    EmailAddress.objects.create(user=other, email=other.email, verified=True, primary=True)
    assert sign_in(client, "other@example.org").status_code == 302


def test_sign_up_is_rate_limited_per_ip_address(client, db):
    statuses = [signup(client, f"bulk{number}@example.org").status_code for number in range(12)]
    assert statuses[:10] == [302] * 10
    assert statuses[10:] == [429, 429]
    assert User.objects.count() == 10


def test_password_reset_email_arrives_and_is_rate_limited(client, account, smtp_server):
    for _ in range(3):
        response = client.post("/accounts/password/reset/", {"email": account.email})
        assert response.status_code == 302
    response = client.post("/accounts/password/reset/", {"email": account.email})
    assert response.status_code == 429
    messages = smtp_server.to(account.email)
    assert len(messages) == 3
    link = smtp_server.link(messages[0], "/accounts/password/reset/key/")
    assert client.get(link.split("testserver", 1)[1], follow=True).status_code == 200


def test_passwords_are_hashed_with_argon2_outside_the_test_suite(settings):
    from mmhub.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    assert identify_hasher(make_password(PASSWORD)).algorithm == "argon2"


def test_production_cookies_are_secure():
    import importlib
    import os

    os.environ.setdefault("SECRET_KEY", "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "hub.example.org")
    production = importlib.import_module("mmhub.settings.production")
    assert production.SESSION_COOKIE_SECURE is True
    assert production.CSRF_COOKIE_SECURE is True
    assert production.GATE_COOKIE_SECURE is True


def test_the_gate_offers_sign_in_and_returns_to_the_page_asked_for(client, demo_site, account):
    gate = client.get(FLAGSHIP_PATH, follow=True)
    login_link = f"/accounts/login/?next={FLAGSHIP_PATH}"
    assert login_link in gate.content.decode()
    response = client.post(login_link, {"login": account.email, "password": PASSWORD})
    # A first sign-in goes through onboarding (profile, areas of interest), carrying the page.
    profile_step = response["Location"]
    assert profile_step == f"/accounts/profile/?welcome=1&next={quote(FLAGSHIP_PATH, safe='')}"
    skip = re.search(r'href="([^"]+)">Skip for now', client.get(profile_step).content.decode())
    areas_step = html.unescape(skip.group(1))
    assert areas_step.startswith("/personal/areas/?welcome=1&next=")
    response = client.post(areas_step, {"action": "skip", "next": FLAGSHIP_PATH})
    assert response.status_code == 302 and response["Location"] == FLAGSHIP_PATH
    assert client.get(FLAGSHIP_PATH).status_code == 200
