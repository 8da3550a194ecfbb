"""Staff review verification requests in the Wagtail admin: the queue, approve, decline."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from mmhub.accounts.models import HcpProfile, VerificationStatus
from tests.accounts.conftest import make_account

pytestmark = pytest.mark.django_db

QUEUE = "/admin/hcp-verification/"
PENDING_QUEUE = QUEUE + "?verification_status=pending"
REASON = "The GMC register shows no doctor with reference number 1234567."


def review_url(profile):
    return f"{QUEUE}review/{profile.pk}/"


def pending_account(email, requested_days_ago=1, **profile):
    fields = {
        "profession": "physician",
        "specialty": "Haematology",
        "country": "GB",
        "workplace": "St Elsewhere Hospital",
        "issuing_body": "uk_gmc",
        "registration_number": "1234567",
        "submitted_at": timezone.now() - timedelta(days=requested_days_ago),
        **profile,
    }
    return make_account(email, status=VerificationStatus.PENDING, **fields).hcp_profile


@pytest.fixture
def pending(db):
    return pending_account("pending.hcp@example.org")


def staff_user(username, *groups, permissions=()):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@mmhub.example", password="reviewing-requests"
    )
    user.groups.add(*groups)
    user.user_permissions.add(*permissions)
    return user


@pytest.fixture
def moderator_client(db):
    """A member of Moderators only, with what create_demo_editor grants that group."""
    call_command("create_demo_editor", stdout=open("/dev/null", "w"))  # noqa: SIM115
    user = staff_user("moderator", Group.objects.get(name="Moderators"))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def outsider_client(db):
    """May use the admin (e.g. an editor) but was not given the review permission."""
    access_admin = Permission.objects.get(codename="access_admin")
    client = Client()
    client.force_login(staff_user("outsider", permissions=[access_admin]))
    return client


def decide(client, profile, capture, **data):
    with capture(execute=True):
        return client.post(review_url(profile), data, follow=True)


def page(response):
    return response.content.decode()


def test_the_queue_lists_requests_oldest_first_and_filters_by_status(moderator_client):
    newer = pending_account("newer@example.org", requested_days_ago=1)
    older = pending_account(
        "older@example.org", requested_days_ago=9, registration_number="7654321"
    )
    make_account("verified@example.org", status=VerificationStatus.VERIFIED)

    body = page(moderator_client.get(PENDING_QUEUE))
    assert body.index("older@example.org") < body.index("newer@example.org")
    assert "verified@example.org" not in body
    assert f'href="{review_url(older)}"' in body
    assert "United Kingdom: General Medical Council (GMC)" in body  # registration body column

    verified = page(moderator_client.get(QUEUE + "?verification_status=verified"))
    assert "verified@example.org" in verified
    assert "older@example.org" not in verified and "newer@example.org" not in verified

    found = page(moderator_client.get(QUEUE + "?q=7654321"))
    assert "older@example.org" in found and "newer@example.org" not in found
    assert newer.is_pending


def test_the_menu_opens_the_queue_on_pending_requests(moderator_client, outsider_client):
    assert PENDING_QUEUE in page(moderator_client.get("/admin/"))
    assert QUEUE not in page(outsider_client.get("/admin/"))


def test_profiles_cannot_be_added_edited_or_deleted_here(moderator_client, pending):
    body = page(moderator_client.get(review_url(pending)))
    assert "Approve" in body and "Decline" in body
    assert 'name="registration_number"' not in body  # the HCP's details are read-only
    assert "1234567" in body
    for path in ("new/", f"delete/{pending.pk}/", f"edit/{pending.pk}/"):
        assert moderator_client.get(QUEUE + path).status_code == 404
    assert "Add HCP profile" not in page(moderator_client.get(QUEUE))


def test_approving_verifies_the_hcp_and_tells_them_by_email(
    moderator_client, pending, smtp_server, django_capture_on_commit_callbacks
):
    response = decide(
        moderator_client, pending, django_capture_on_commit_callbacks, decision="approve"
    )

    assert response.redirect_chain[-1][0] == PENDING_QUEUE
    assert "pending.hcp@example.org is now a verified HCP" in page(response)
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.VERIFIED
    assert pending.decided_by == moderator_client.user
    assert timezone.now() - pending.decided_at < timedelta(minutes=1)
    assert pending.verified_by_service == "manual review"
    (message,) = smtp_server.to("pending.hcp@example.org")
    assert "verified" in message["Subject"]


def test_declining_without_a_reason_is_refused_and_changes_nothing(
    moderator_client, pending, smtp_server, django_capture_on_commit_callbacks
):
    response = decide(
        moderator_client,
        pending,
        django_capture_on_commit_callbacks,
        decision="decline",
        reason="   ",
    )

    assert response.status_code == 200
    assert page(response).count("Give the reason for declining") >= 2  # message and field error
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.PENDING
    assert pending.decided_at is None and pending.decided_by is None
    assert smtp_server.to("pending.hcp@example.org") == []


def test_declining_with_a_reason_sends_the_reason_to_the_hcp(
    moderator_client, pending, smtp_server, django_capture_on_commit_callbacks
):
    response = decide(
        moderator_client,
        pending,
        django_capture_on_commit_callbacks,
        decision="decline",
        reason=REASON,
    )

    assert "they were sent your reason by email" in page(response)
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.REJECTED
    assert pending.rejection_reason == REASON
    assert pending.decided_by == moderator_client.user
    (message,) = smtp_server.to("pending.hcp@example.org")
    assert REASON in smtp_server.body(message)
    # The review page now shows the decision and offers no actions.
    body = page(moderator_client.get(review_url(pending)))
    assert REASON in body and "nothing to decide" in body
    assert 'value="approve"' not in body


def test_a_request_already_decided_cannot_be_decided_again(
    moderator_client, pending, smtp_server, django_capture_on_commit_callbacks
):
    decide(moderator_client, pending, django_capture_on_commit_callbacks, decision="approve")
    decided_at = HcpProfile.objects.get(pk=pending.pk).decided_at

    response = decide(
        moderator_client,
        pending,
        django_capture_on_commit_callbacks,
        decision="decline",
        reason=REASON,
    )

    assert "already decided or withdrawn (status now: Verified HCP)" in page(response)
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.VERIFIED
    assert pending.decided_at == decided_at
    assert pending.rejection_reason == ""
    assert len(smtp_server.to("pending.hcp@example.org")) == 1  # only the approval


def test_without_the_permission_the_queue_and_decisions_are_refused(
    outsider_client, pending, smtp_server, django_capture_on_commit_callbacks
):
    for url in (QUEUE, review_url(pending)):
        response = outsider_client.get(url, follow=True)
        assert response.redirect_chain[-1][0] == "/admin/"
        assert "Sorry, you do not have permission to access this area." in page(response)
        assert "pending.hcp@example.org" not in page(response)

    response = decide(
        outsider_client, pending, django_capture_on_commit_callbacks, decision="approve"
    )

    assert "Sorry, you do not have permission" in page(response)
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.PENDING
    assert pending.decided_by is None
    assert smtp_server.to("pending.hcp@example.org") == []


def test_a_decision_needs_the_csrf_token(moderator_client, pending):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator_client.user)

    assert client.post(review_url(pending), {"decision": "approve"}).status_code == 403
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.PENDING


def test_the_demo_editor_can_review(client, pending):
    call_command("create_demo_editor", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert client.login(username="editor", password="myeloma-demo-editor")

    body = page(client.get(PENDING_QUEUE))

    assert "pending.hcp@example.org" in body
    assert client.get(review_url(pending)).status_code == 200
