"""Editors import patient-level data in the admin: a file with any problem is refused whole."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from mmhub.evidence.models import PatientDataSet

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/evidence/patientdataset/add/"
GOOD = "subject,arm,time,event\ns1,A,10,1\ns2,A,12,0\ns3,B,5,1\ns4,B,7.5,0\n"
BAD = "subject,arm,time,event\ns1,A,10,1\ns2,A,-4,0\ns3,B,5,1\ns1,B,7,0\n"


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "x-pass-12345")
    client.force_login(user)
    return client


def post(client, content, name="Trial data"):
    return client.post(
        ADD_URL,
        {
            "name": name,
            "description": "",
            "source": "Simulated for the test",
            "time_unit": "months",
            "upload": SimpleUploadedFile("data.csv", content.encode(), "text/csv"),
            "paramcd": "",
        },
    )


def test_a_file_with_problems_is_refused_whole_with_the_rows_named(admin_client):
    response = post(admin_client, BAD)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in body
    assert "Row 3" in body  # the negative time, counting the header as row 1
    assert "Row 5" in body  # the duplicate subject
    assert not PatientDataSet.objects.exists()


def test_a_good_file_is_stored_with_its_hash(admin_client):
    response = post(admin_client, GOOD)
    assert response.status_code == 302
    dataset = PatientDataSet.objects.get()
    assert dataset.subject_count == 4 and dataset.arms == ["A", "B"]
    assert dataset.records[1] == ["s2", "A", 12.0, 0, ""]
    assert len(dataset.data_hash) == 64
    same = PatientDataSet(name="copy", source="x")
    from mmhub.evidence.importer import read_patient_data

    same.set_records(read_patient_data(GOOD))
    assert same.data_hash == dataset.data_hash


def test_a_data_set_needs_a_file(admin_client):
    response = admin_client.post(
        ADD_URL, {"name": "Empty", "source": "x", "time_unit": "days", "paramcd": ""}
    )
    assert "Choose the data file to import." in response.content.decode()
    assert not PatientDataSet.objects.exists()


ADTTE = (
    "USUBJID,PARAMCD,AVAL,CNSR,TRT01P,AVALU\n"
    "01-001,OS,400,0,Drug,DAYS\n01-002,OS,380,1,Drug,DAYS\n"
    "01-003,OS,200,0,Placebo,DAYS\n01-004,OS,510,2,Placebo,DAYS\n"
)


def post_adtte(client, time_unit):
    return client.post(
        ADD_URL,
        {
            "name": "ADTTE",
            "source": "Simulated",
            "time_unit": time_unit,
            "paramcd": "",
            "upload": SimpleUploadedFile("adtte.csv", ADTTE.encode(), "text/csv"),
        },
    )


def test_an_adtte_file_must_agree_with_the_chosen_time_unit(admin_client):
    response = post_adtte(admin_client, "months")
    assert "The file says its times are in days (AVALU); choose days here." in (
        response.content.decode()
    )
    assert not PatientDataSet.objects.exists()
    assert post_adtte(admin_client, "days").status_code == 302
    dataset = PatientDataSet.objects.get()
    assert dataset.file_format == "adtte"
    assert dataset.records == [
        ["01-001", "Drug", 400.0, 1, ""],
        ["01-002", "Drug", 380.0, 0, ""],
        ["01-003", "Placebo", 200.0, 1, ""],
        ["01-004", "Placebo", 510.0, 0, ""],
    ]
