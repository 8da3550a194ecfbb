"""Trial records through the read API: design, populations, endpoints, data cuts and results as
recorded, and only the articles on the trial that the account may read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mmhub.content.models import ArticlePage
from mmhub.evidence.models import DataCut, Endpoint, Population, ResultEstimate, Trial


@pytest.fixture
def myeloma_xi(api):
    response = api.get("/trials/Myeloma%20XI")
    assert response.status_code == 200, response.content
    return response.json()


def test_registry_facts_are_as_recorded(myeloma_xi):
    assert myeloma_xi["acronym"] == "Myeloma XI"
    assert myeloma_xi["nct_id"] == "NCT01554852"
    assert myeloma_xi["isrctn"] == "ISRCTN49407852"
    assert myeloma_xi["eudract"] is None  # not recorded: null
    assert (myeloma_xi["phase"], myeloma_xi["masking"]) == ("3", "open_label")
    assert myeloma_xi["adaptive"] is True
    assert myeloma_xi["number_of_sites"] == 110
    assert myeloma_xi["countries"] == ["GB"]


def test_the_randomisations_come_in_order_with_allocation_periods(myeloma_xi):
    stages = myeloma_xi["stages"]

    assert [stage["name"] for stage in stages] == ["Induction", "Intensification", "Maintenance"]
    maintenance = stages[2]
    assert [arm["label"] for arm in maintenance["arms"]] == ["Lenalidomide", "Observation"]
    assert maintenance["arms"][1]["detail"] is None
    assert maintenance["allocation"] == [
        {"ratio": "1:1", "start": "2011-01-13", "end": "2013-06-27"},
        {"ratio": "2:1", "start": "2013-06-28", "end": "2017-08-11"},
    ]
    assert maintenance["stratification"] == [
        "Induction allocation",
        "Intensification allocation",
        "Centre",
    ]


def test_populations_endpoints_and_data_cuts(myeloma_xi):
    itt = myeloma_xi["populations"][0]
    assert (itt["name"], itt["kind"], itt["stage"]) == ("All patients (ITT)", "itt", "Maintenance")
    assert (itt["arm_a"], itt["n_a"], itt["arm_b"], itt["n_b"]) == (
        "Lenalidomide",
        1137,
        "Observation",
        834,
    )
    assert [(e["code"], e["role"]) for e in myeloma_xi["endpoints"]] == [
        ("PFS", "co_primary"),
        ("OS", "co_primary"),
    ]
    (cut,) = myeloma_xi["data_cuts"]
    assert cut["label"] == "Primary maintenance analysis"
    assert cut["median_follow_up"] == 31


def test_published_estimates_are_numbers_as_published(myeloma_xi):
    by_key = {(e["endpoint"], e["population"]): e for e in myeloma_xi["estimates"]}

    pfs = by_key["PFS", "All patients (ITT)"]
    assert (pfs["median_a"], pfs["median_b"], pfs["time_unit"]) == (39, 20, "months")
    assert (pfs["hr"], pfs["hr_lower"], pfs["hr_upper"]) == (0.46, None, None)
    assert pfs["p_value"] == "< 0.0001"
    assert pfs["ci_level"] == 95
    assert pfs["data_cut"] == "Primary maintenance analysis"
    assert pfs["source"].startswith("Jackson et al. 2019")
    os_ = by_key["OS", "All patients (ITT)"]
    assert (os_["hr"], os_["p_value"], os_["landmark"]) == (0.87, "0.15", "3-year")
    assert (os_["landmark_a"], os_["landmark_b"]) == (78.6, 75.8)
    assert by_key["PFS", "Transplant-eligible"]["hr"] is None  # not published: null


def test_the_trial_lists_the_articles_presenting_it(myeloma_xi, flagship):
    assert myeloma_xi["articles"] == [
        {"id": flagship.pk, "title": flagship.title, "url": flagship.full_url}
    ]


def test_an_article_closed_to_the_account_is_not_listed(api, verified_api, flagship):
    ArticlePage.objects.filter(pk=flagship.pk).update(verified_only=True)

    assert api.get("/trials/Myeloma%20XI").json()["articles"] == []
    assert [a["id"] for a in verified_api.get("/trials/Myeloma%20XI").json()["articles"]] == [
        flagship.pk
    ]


@pytest.mark.parametrize("reference", ["myeloma%20xi", "MYELOMA%20XI", "{id}"])
def test_a_trial_is_found_by_acronym_in_any_case_or_by_id(api, reference):
    trial = Trial.objects.get(acronym="Myeloma XI")

    response = api.get(f"/trials/{reference.format(id=trial.pk)}")

    assert response.status_code == 200
    assert response.json()["id"] == trial.pk


@pytest.mark.parametrize("reference", ["Myeloma%20XII", "999999", "9999999999999"])
def test_an_unknown_trial_is_404_with_where_to_look(api, reference):
    response = api.get(f"/trials/{reference}")

    assert response.status_code == 404
    assert "GET /api/v1/trials lists them" in response.json()["detail"]


def test_the_list_holds_every_trial_in_full(api, myeloma_xi):
    body = api.get("/trials").json()

    assert body["count"] == Trial.objects.count() == 1
    assert body["results"] == [myeloma_xi]


def add_trial(acronym):
    trial = Trial.objects.create(
        acronym=acronym,
        title=f"{acronym} trial",
        phase="3",
        masking="open_label",
        design_summary="Randomised.",
    )
    population = Population.objects.create(
        trial=trial, name="ITT", kind="itt", arm_a="A", n_a=10, arm_b="B", n_b=10
    )
    endpoint = Endpoint.objects.create(trial=trial, code="PFS", name="PFS", role="primary")
    cut = DataCut.objects.create(trial=trial, label="Final")
    ResultEstimate.objects.create(
        trial=trial, endpoint=endpoint, population=population, data_cut=cut, hr="0.5", source="X"
    )


def test_the_list_costs_the_same_queries_for_one_or_many_trials(api):
    api.get("/trials")  # first use of the token records it; site paths cached

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/trials").status_code == 200
        return len(captured)

    one = queries()
    for number in range(5):
        add_trial(f"EXTRA-{number}")
    many = queries()

    assert api.get("/trials").json()["count"] == 6
    assert one == many
