"""The HCP profile page and asking to be verified."""

import pytest

from mmhub.accounts.models import HcpProfile, VerificationStatus
from mmhub.accounts.verification import VerificationResult
from tests.accounts.conftest import make_account, sign_in

pytestmark = pytest.mark.django_db

COMPLETE = {
    "profession": "physician",
    "specialty": "Haematology",
    "country": "GB",
    "workplace": "",
    "issuing_body": "uk_gmc",
    "issuing_body_name": "",
    "registration_number": "1234567",
}


@pytest.fixture
def member(client, db):
    user = make_account("member@example.org")
    assert sign_in(client, user.email).status_code == 302
    return user


def profile_of(user):
    return HcpProfile.objects.get(user=user)


def test_a_malformed_number_is_refused_with_the_reason_and_nothing_is_saved(client, member):
    response = client.post("/accounts/profile/", {**COMPLETE, "registration_number": "123456"})
    assert response.status_code == 400
    assert "A GMC reference number has 7 digits; this one has 6." in response.content.decode()
    assert profile_of(member).registration_number == ""
    assert 'aria-invalid="true"' in response.content.decode()


def test_a_complete_profile_can_ask_for_verification(
    client, member, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.HCP_VERIFICATION_REVIEWERS = ["reviewers@mmhub.example"]
    body = client.get("/accounts/profile/").content.decode()
    assert "Before you ask, fill in: <strong>profession, country, registration body" in body

    assert client.post("/accounts/profile/", COMPLETE).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/profile/verification/", follow=True)
    profile = profile_of(member)
    assert profile.verification_status == VerificationStatus.PENDING
    assert profile.submitted_at is not None
    assert "Our team will check your registration" in response.content.decode()
    (notice,) = smtp_server.to("reviewers@mmhub.example")
    assert "/admin/hcp-verification/" in smtp_server.body(notice)
    assert "member@example.org" not in smtp_server.body(notice)  # details stay in the admin

    # Asking twice changes nothing.
    response = client.post("/accounts/profile/verification/", follow=True)
    assert "Your verification status is already: Waiting for review" in response.content.decode()


def test_an_incomplete_profile_is_told_what_is_missing(client, member):
    response = client.post("/accounts/profile/verification/", follow=True)
    assert "please fill in: profession, country, registration body, registration number" in (
        response.content.decode()
    )
    assert profile_of(member).verification_status == VerificationStatus.UNVERIFIED


def test_changing_the_registration_of_a_verified_profile_starts_verification_again(client, db):
    user = make_account(
        "verified@example.org",
        status=VerificationStatus.VERIFIED,
        **{k: v for k, v in COMPLETE.items() if v},
    )
    sign_in(client, user.email)
    client.post("/accounts/profile/", {**COMPLETE, "specialty": "Oncology"})
    assert profile_of(user).verification_status == VerificationStatus.VERIFIED

    response = client.post(
        "/accounts/profile/", {**COMPLETE, "registration_number": "7654321"}, follow=True
    )
    assert profile_of(user).verification_status == VerificationStatus.UNVERIFIED
    assert "your verification starts again" in response.content.decode()


class InstantRegistry:
    """A stand-in for a registry service: GMC numbers starting with 1 are found, others not."""

    name = "test registry"

    def submit(self, profile):
        if profile.registration_number.startswith("1"):
            return VerificationResult(VerificationStatus.VERIFIED)
        return VerificationResult(VerificationStatus.REJECTED, "Not on the register.")


def test_a_plugged_in_verifier_decides_at_once_and_the_hcp_is_told(
    client, member, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.HCP_VERIFIER = "tests.accounts.test_profile.InstantRegistry"
    client.post("/accounts/profile/", COMPLETE)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/profile/verification/")
    profile = profile_of(member)
    assert profile.verification_status == VerificationStatus.VERIFIED
    assert profile.verified_by_service == "test registry"
    (message,) = smtp_server.to("member@example.org")
    assert "verified" in message["Subject"]


def test_the_welcome_page_after_the_first_sign_in(client, member):
    body = client.get("/accounts/profile/?welcome=1").content.decode()
    assert "Welcome to MM Hub" in body
