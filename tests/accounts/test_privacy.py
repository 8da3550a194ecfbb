"""Your data: the JSON export every app contributes to, and account deletion."""

import json
import logging

import pytest
from django.contrib.auth import get_user_model

from mmhub.accounts.models import HcpProfile
from mmhub.gate.models import GateAcknowledgement
from mmhub.privacy.models import AccountDeletion, ConsentRecord
from mmhub.privacy.registry import DataSection, _sections, register
from tests.accounts.conftest import PASSWORD, make_account, sign_in, signup

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def member(client, demo_site):
    """Signed up through the form (declaration + consent recorded), confirmed, signed in."""
    signup(client, "member@example.org")
    user = User.objects.get(email="member@example.org")
    user.emailaddress_set.update(verified=True)
    HcpProfile.objects.filter(user=user).update(
        profession="nurse", country="GB", issuing_body="uk_nmc", registration_number="12A3456E"
    )
    assert sign_in(client, user.email).status_code == 302
    return user


def download(client):
    response = client.get("/accounts/your-data/download/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="mmhub-your-data-')
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


def test_the_export_holds_every_section_with_the_members_own_records(client, member):
    make_account("someone.else@example.org", registration_number="7654321")
    data = download(client)

    assert data["format"] == "mmhub-personal-data/1"
    sections = data["sections"]
    assert set(sections) >= {
        "account",
        "email_addresses",
        "hcp_profile",
        "hcp_declarations",
        "consents",
    }
    assert sections["account"]["data"]["email"] == "member@example.org"
    assert sections["email_addresses"]["data"] == [
        {"email": "member@example.org", "verified": True, "primary": True}
    ]
    profile = sections["hcp_profile"]["data"]
    assert profile["registration_number"] == "12A3456E"
    assert profile["registration_body"].startswith("United Kingdom: Nursing and Midwifery")
    assert profile["verification_status"] == "Not verified"
    declarations = sections["hcp_declarations"]["data"]
    assert len(declarations) == 2  # at sign-up and at sign-in
    assert "healthcare professional" in declarations[0]["declaration"]
    (consent,) = sections["consents"]["data"]
    assert "privacy notice" in consent["wording"] and consent["withdrawn_at"] is None
    assert "someone.else" not in json.dumps(data) and "7654321" not in json.dumps(data)


def test_the_your_data_page_counts_each_section(client, member):
    body = client.get("/accounts/your-data/").content.decode()
    assert "Healthcare-professional declarations" in body
    assert "Download your data (JSON)" in body
    counts = dict(
        (section.key, count)
        for section, count in client.get("/accounts/your-data/").context["sections"]
    )
    assert counts["hcp_declarations"] == 2 and counts["consents"] == 1


def test_a_section_registered_by_a_later_feature_is_exported(client, member):
    section = DataSection(
        key="bookmarks_test",
        title="Bookmarks",
        description="Articles you saved.",
        export=lambda user: [{"article": "Myeloma XI", "user": user.email}],
    )
    register(section)
    try:
        data = download(client)
        assert data["sections"]["bookmarks_test"]["data"] == [
            {"article": "Myeloma XI", "user": "member@example.org"}
        ]
    finally:
        del _sections["bookmarks_test"]


def test_your_data_needs_a_signed_in_account(client, demo_site):
    for path in ("/accounts/your-data/", "/accounts/your-data/download/", "/accounts/delete/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_deletion_with_a_wrong_password_deletes_nothing(client, member):
    response = client.post("/accounts/delete/", {"password": "wrong", "understood": "on"})
    assert response.status_code == 400
    assert "That is not your password. Nothing was deleted." in response.content.decode()
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()
    assert not AccountDeletion.objects.exists()


def test_deletion_removes_the_person_keeps_the_counts_and_logs_nothing_personal(
    client, member, smtp_server, caplog
):
    acknowledgements = GateAcknowledgement.objects.filter(user=member).count()
    assert acknowledgements == 2
    caplog.set_level(logging.INFO, logger="mmhub.privacy")

    response = client.post("/accounts/delete/", {"password": PASSWORD, "understood": "on"})

    assert response.status_code == 302 and response["Location"] == "/accounts/deleted/"
    assert not User.objects.filter(email="member@example.org").exists()
    assert not HcpProfile.objects.exists()
    assert not ConsentRecord.objects.exists()
    # The compliance record that a declaration was confirmed stays, without the person.
    assert GateAcknowledgement.objects.filter(user__isnull=True).count() == acknowledgements
    (deletion,) = AccountDeletion.objects.all()
    logged = json.dumps(deletion.summary) + caplog.text
    assert "member" not in logged and "12A3456E" not in logged
    assert deletion.summary["hcp_declarations"] == "2 kept without the person"
    assert deletion.summary["hcp_profile"] == "deleted with the account"
    # Signed out, told by email, and the old credentials no longer work.
    assert "_auth_user_id" not in client.session
    (message,) = smtp_server.to("member@example.org")
    assert "deleted" in message["Subject"]
    assert sign_in(client.__class__(), "member@example.org").status_code == 200
