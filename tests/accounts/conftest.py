"""Account helpers: sign up through the real form, or create a confirmed account directly."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from mmhub.accounts.models import HcpProfile, VerificationStatus
from mmhub.gate.services import current_declaration

PASSWORD = "lenalidomide-maintenance-2019"


def signup(client, email, password=PASSWORD, **overrides):
    data = {
        "email": email,
        "password1": password,
        "password2": password,
        "hcp_declaration": "on",
        "privacy_consent": "on",
        "declaration_version": current_declaration().version,
        **overrides,
    }
    return client.post("/accounts/signup/", {k: v for k, v in data.items() if v is not None})


def make_account(email, password=PASSWORD, status=VerificationStatus.UNVERIFIED, **profile):
    """A confirmed account (as after clicking the link in the email) with an HCP profile."""
    user = get_user_model().objects.create_user(
        username=email.split("@")[0], email=email, password=password
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    HcpProfile.objects.create(user=user, verification_status=status, **profile)
    return user


def sign_in(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


@pytest.fixture
def account(db):
    return make_account("haematologist@example.org")


@pytest.fixture
def verified_account(db):
    return make_account(
        "verified@example.org",
        status=VerificationStatus.VERIFIED,
        profession="physician",
        country="GB",
        issuing_body="uk_gmc",
        registration_number="1234567",
    )
