"""The demo editor works with trial evidence in the admin: every record opens for editing."""

import pytest

from mmhub.evidence.models import PatientDataSet, ResultEstimate, Trial

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Trial, ResultEstimate, PatientDataSet])
def test_every_evidence_record_opens_in_the_admin(editor, model):
    name = model._meta.model_name
    listing = editor.get(f"/admin/snippets/evidence/{name}/")
    assert listing.status_code == 200
    for record in model.objects.all():
        response = editor.get(f"/admin/snippets/evidence/{name}/edit/{record.pk}/")
        assert response.status_code == 200, (name, record.pk)


def test_the_trial_form_shows_stages_populations_and_endpoints(editor):
    trial = Trial.objects.get(acronym="Myeloma XI")
    body = editor.get(f"/admin/snippets/evidence/trial/edit/{trial.pk}/").content.decode()
    for text in ("Maintenance", "Transplant-eligible", "Progression-free survival", "2:1"):
        assert text in body
