"""The demo editor works with trial evidence in the admin: every record opens for editing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from mmhub.evidence.models import PatientDataSet, ResultEstimate, Trial

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, demo_site):
    call_command("create_demo_editor", stdout=io.StringIO())
    client.force_login(get_user_model().objects.get(username="editor"))
    return client


@pytest.mark.parametrize("model", [Trial, ResultEstimate, PatientDataSet])
def test_every_evidence_record_opens_in_the_admin(editor_client, model):
    name = model._meta.model_name
    listing = editor_client.get(f"/admin/snippets/evidence/{name}/")
    assert listing.status_code == 200
    for record in model.objects.all():
        response = editor_client.get(f"/admin/snippets/evidence/{name}/edit/{record.pk}/")
        assert response.status_code == 200, (name, record.pk)


def test_the_trial_form_shows_stages_populations_and_endpoints(editor_client):
    trial = Trial.objects.get(acronym="Myeloma XI")
    body = editor_client.get(f"/admin/snippets/evidence/trial/edit/{trial.pk}/").content.decode()
    for text in ("Maintenance", "Transplant-eligible", "Progression-free survival", "2:1"):
        assert text in body
