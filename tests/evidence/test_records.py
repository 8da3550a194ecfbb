"""Trial records and published estimates: stored as published, checked as an editor types them."""

import pytest
from django.core.exceptions import ValidationError

from mmhub.evidence.demo import ensure_myeloma_xi, estimate
from mmhub.evidence.models import ResultEstimate, Trial
from mmhub.evidence.services import effect_text, estimate_rows, key_data_table

pytestmark = pytest.mark.django_db


@pytest.fixture
def myeloma_xi(db):
    return ensure_myeloma_xi()[0]


def test_registry_identifiers_must_have_the_registrys_form(myeloma_xi):
    myeloma_xi.nct_id = "nct01554852"
    myeloma_xi.full_clean()
    assert myeloma_xi.nct_id == "NCT01554852"  # normalised, then accepted
    myeloma_xi.nct_id, myeloma_xi.isrctn, myeloma_xi.eudract = "NCT1554852", "49407852", "2009-1"
    with pytest.raises(ValidationError) as refused:
        myeloma_xi.full_clean()
    assert set(refused.value.message_dict) == {"nct_id", "isrctn", "eudract"}
    assert "NCT followed by 8 digits" in refused.value.message_dict["nct_id"][0]


def test_the_demo_record_holds_the_three_randomisations_and_the_allocation_change(myeloma_xi):
    stages = [stage.value for stage in myeloma_xi.stages]
    assert [stage["name"] for stage in stages] == ["Induction", "Intensification", "Maintenance"]
    allocation = [(p["ratio"], str(p["start"]), str(p["end"])) for p in stages[2]["allocation"]]
    assert allocation == [("1:1", "2011-01-13", "2013-06-27"), ("2:1", "2013-06-28", "2017-08-11")]
    itt = myeloma_xi.populations.get(kind="itt")
    assert (itt.n_a, itt.n_b, itt.n_label) == (1137, 834, "1,137 vs 834")
    assert ensure_myeloma_xi() == (myeloma_xi, False)  # loading again changes nothing


def test_a_confidence_interval_is_a_published_pair_or_nothing(myeloma_xi):
    pfs = estimate("PFS", "All patients (ITT)")
    pfs.hr_lower = "0.40"
    with pytest.raises(ValidationError) as refused:
        pfs.full_clean()
    assert "both limits" in refused.value.message_dict["hr_upper"][0]

    pfs.hr_upper = "0.45"
    with pytest.raises(ValidationError) as refused:
        pfs.full_clean()
    assert "between the lower and upper" in refused.value.message_dict["hr_lower"][0]

    os_te = estimate("OS", "Transplant-eligible")
    os_te.hr_lower, os_te.hr_upper = "0.5", "0.9"
    with pytest.raises(ValidationError) as refused:
        os_te.full_clean()
    assert "needs the estimate" in refused.value.message_dict["hr"][0]


def test_an_estimate_must_belong_to_its_trial_and_hold_a_number(myeloma_xi):
    other = Trial.objects.create(
        acronym="OTHER", title="Other", phase="3", masking="open_label", design_summary="x"
    )
    pfs = estimate("PFS", "All patients (ITT)")
    empty = ResultEstimate(
        trial=other, endpoint=pfs.endpoint, population=pfs.population, source="Nowhere"
    )
    with pytest.raises(ValidationError) as refused:
        empty.full_clean()
    errors = refused.value.message_dict
    assert "Choose an endpoint of this trial." in errors["endpoint"]
    assert "Choose a population of this trial." in errors["population"]
    assert "at least one published number" in errors["source"][0]


def test_missing_values_stay_missing_in_tables(myeloma_xi):
    pfs = estimate("PFS", "All patients (ITT)")
    assert effect_text(pfs) == "HR 0.46; p < 0.0001"  # no CI was published, none is shown
    (row,) = estimate_rows(pfs)
    assert row == {
        "measure": "Median PFS, All patients (ITT)",
        "value_a": "39 months",
        "value_b": "20 months",
        "effect": "HR 0.46; p < 0.0001",
    }
    pfs.hr_lower, pfs.hr_upper = "0.41", "0.53"  # had the paper's CI been entered
    assert effect_text(pfs) == "HR 0.46 (95% CI 0.41–0.53); p < 0.0001"

    table = key_data_table(
        "Transplant-eligible patients",
        [estimate("PFS", "Transplant-eligible"), estimate("OS", "Transplant-eligible")],
    )
    assert (table["arm_a"], table["arm_b"]) == ("Lenalidomide", "Observation")
    assert [row["effect"] for row in table["rows"]] == ["", "", ""]
    assert table["rows"][0]["measure"] == "Patients (N)"
    assert table["rows"][2]["value_a"] == "87.5%"
