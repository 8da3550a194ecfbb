"""Demo evidence: the Myeloma XI trial record with its published estimates, and a real public
patient-level data set (flchain) for the Kaplan–Meier methods illustration.

Every Myeloma XI figure comes from ../shared/content/myeloma-xi-maintenance.md (sources A–C
there); nothing the sources do not give is filled in. No Myeloma XI patient data exist here and
none are made up.
"""

import datetime

from django.db import transaction

from .importer import read_patient_data
from .models import DataCut, Endpoint, PatientDataSet, Population, ResultEstimate, Trial

JACKSON_2019 = "Jackson et al. 2019 (Lancet Oncol), as summarised by ASCO Post"
HEMATOLOGIST_2022 = "The Hematologist 2022, transplant-eligible summary of Jackson et al."
FLCHAIN_NAME = "flchain: serum free light chains and survival, Olmsted County"
FLCHAIN_SOURCE = (
    "R survival package data set flchain (also in scikit-survival), from Dispenzieri A et al. "
    "Use of nonclonal serum immunoglobulin free light chains to predict overall survival in the "
    "general population. Mayo Clin Proc. 2012;87(6):512–523. doi:10.1016/j.mayocp.2012.03.009"
)
FLCHAIN_TOP = "Top FLC decile"
FLCHAIN_REST = "FLC deciles 1–9"


def stage(name, timing, eligibility, arms, allocation=(), stratification=()):
    return (
        "stage",
        {
            "name": name,
            "timing": timing,
            "eligibility": eligibility,
            "arms": [{"label": label, "detail": detail} for label, detail in arms],
            "allocation": [
                {"ratio": ratio, "start": start, "end": end} for ratio, start, end in allocation
            ],
            "stratification": list(stratification),
        },
    )


MYELOMA_XI_STAGES = [
    stage(
        "Induction",
        "At entry, by transplant eligibility",
        "Newly diagnosed multiple myeloma",
        [
            ("Transplant-eligible", "CTD vs CRD (later KCRD)"),
            ("Transplant-ineligible", "Attenuated CTD vs CRD"),
        ],
    ),
    stage(
        "Intensification",
        "After induction, response-adapted",
        "Minimal or partial response to induction",
        [("CVD", "Cyclophosphamide, bortezomib, dexamethasone"), ("No CVD", "")],
    ),
    stage(
        "Maintenance",
        "About 3 months (100 days) after ASCT; at maximum response if transplant-ineligible",
        "Patients who completed induction (and ASCT if transplant-eligible)",
        [
            ("Lenalidomide", "10 mg orally, days 1–21 of each 28-day cycle, until progression"),
            ("Observation", ""),
        ],
        allocation=[
            ("1:1", datetime.date(2011, 1, 13), datetime.date(2013, 6, 27)),
            ("2:1", datetime.date(2013, 6, 28), datetime.date(2017, 8, 11)),
        ],
        stratification=["Induction allocation", "Intensification allocation", "Centre"],
    ),
]


@transaction.atomic
def ensure_myeloma_xi():
    """The Myeloma XI record; created once, never changed if it exists."""
    trial = Trial.objects.filter(acronym="Myeloma XI").first()
    if trial is not None:
        return trial, False
    trial = Trial(
        acronym="Myeloma XI",
        title="Lenalidomide maintenance versus observation for patients with newly diagnosed "
        "multiple myeloma (Myeloma XI): a multicentre, open-label, randomised, phase 3 trial",
        nct_id="NCT01554852",
        isrctn="ISRCTN49407852",
        phase="3",
        masking="open_label",
        adaptive=True,
        number_of_sites=110,
        countries=["GB"],
        design_summary="Open-label, randomised, phase 3 trial with an adaptive design and three "
        "randomisations, at 110 NHS hospitals in England, Wales and Scotland.",
        stages=MYELOMA_XI_STAGES,
    )
    trial.save()
    itt = Population.objects.create(
        trial=trial,
        name="All patients (ITT)",
        kind="itt",
        stage="Maintenance",
        arm_a="Lenalidomide",
        n_a=1137,
        arm_b="Observation",
        n_b=834,
    )
    eligible = Population.objects.create(
        trial=trial,
        name="Transplant-eligible",
        kind="subgroup",
        stage="Maintenance",
        arm_a="Lenalidomide",
        n_a=730,
        arm_b="Observation",
        n_b=518,
    )
    Population.objects.create(
        trial=trial,
        name="Transplant-ineligible",
        kind="subgroup",
        stage="Maintenance",
        arm_a="Lenalidomide",
        arm_b="Observation",
    )
    Population.objects.create(
        trial=trial,
        name="Safety population",
        kind="safety",
        stage="Maintenance",
        arm_a="Lenalidomide",
        arm_b="Observation",
    )
    pfs = Endpoint.objects.create(
        trial=trial,
        code="PFS",
        name="Progression-free survival",
        role="co_primary",
        definition="Time from maintenance randomisation to progression or death",
    )
    os_ = Endpoint.objects.create(
        trial=trial,
        code="OS",
        name="Overall survival",
        role="co_primary",
        definition="Time from maintenance randomisation to death from any cause",
    )
    cut = DataCut.objects.create(
        trial=trial, label="Primary maintenance analysis", median_follow_up=31
    )
    common = {"trial": trial, "data_cut": cut}
    ResultEstimate.objects.create(
        **common,
        endpoint=pfs,
        population=itt,
        median_a=39,
        median_b=20,
        hr="0.46",
        p_value="< 0.0001",
        source=JACKSON_2019,
    )
    ResultEstimate.objects.create(
        **common,
        endpoint=os_,
        population=itt,
        landmark="3-year",
        landmark_a="78.6",
        landmark_b="75.8",
        hr="0.87",
        p_value="0.15",
        source=JACKSON_2019,
    )
    ResultEstimate.objects.create(
        **common,
        endpoint=pfs,
        population=eligible,
        median_a=57,
        median_b=30,
        source=HEMATOLOGIST_2022,
    )
    ResultEstimate.objects.create(
        **common,
        endpoint=os_,
        population=eligible,
        landmark="3-year",
        landmark_a="87.5",
        landmark_b="80.2",
        source=HEMATOLOGIST_2022,
    )
    return trial, True


def estimate(endpoint_code, population_name):
    return ResultEstimate.objects.get(
        trial__acronym="Myeloma XI",
        endpoint__code=endpoint_code,
        population__name=population_name,
    )


def flchain_csv():
    """flchain as our CSV format: highest FLC decile (flc.grp 10) vs the other nine."""
    from sksurv.datasets import load_flchain

    features, outcome = load_flchain()
    lines = ["subject,arm,time,event"]
    for index, (group, (death, futime)) in enumerate(
        zip(features["flc.grp"], outcome, strict=True), start=1
    ):
        arm = FLCHAIN_TOP if int(group) == 10 else FLCHAIN_REST
        lines.append(f"flc{index:05d},{arm},{float(futime):g},{int(bool(death))}")
    return "\n".join(lines) + "\n"


def ensure_flchain():
    dataset = PatientDataSet.objects.filter(name=FLCHAIN_NAME).first()
    if dataset is not None:
        return dataset, False
    dataset = PatientDataSet(
        name=FLCHAIN_NAME,
        description="7,874 residents of Olmsted County, Minnesota, aged 50 or over, with serum "
        "free light chains (FLC) measured on stored samples, followed for death. Grouped here "
        "by the sum of kappa and lambda FLC: the top decile against the other nine.",
        source=FLCHAIN_SOURCE,
        time_unit="days",
    )
    # Through the same importer editors use, so the demo data obey the same rules.
    dataset.set_records(read_patient_data(flchain_csv()))
    dataset.save()
    return dataset, True
