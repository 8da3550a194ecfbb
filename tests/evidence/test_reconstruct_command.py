"""manage.py reconstruct_ipd: a digitised figure becomes a data set flagged as reconstructed."""

import pytest
from django.core.management import CommandError, call_command
from lifelines.datasets import load_lung

from mmhub.evidence import stats
from mmhub.evidence.models import PatientDataSet

pytestmark = pytest.mark.django_db
RISK_TIMES = list(range(0, 1001, 100))


def lung_figure(tmp_path):
    """What an editor would digitise from a published figure of lung survival by sex."""
    lung = load_lung()
    curve, risk = ["arm,time,survival"], ["arm,time,n"]
    original = {}
    for code, arm in ((1, "Male"), (2, "Female")):
        rows = lung[lung["sex"] == code]
        km = stats.kaplan_meier(rows["time"], rows["status"], label=arm)
        original[arm] = km
        previous = 1.0
        for time, survival in zip(km.times, km.survival, strict=True):
            curve += [f"{arm},{time},{previous}", f"{arm},{time},{survival}"]
            previous = survival
        risk += [
            f"{arm},{time},{n}"
            for time, n in zip(RISK_TIMES, stats.number_at_risk(km, RISK_TIMES), strict=True)
        ]
    (tmp_path / "curve.csv").write_text("\n".join(curve) + "\n")
    (tmp_path / "risk.csv").write_text("\n".join(risk) + "\n")
    hr = stats.two_arm_summary(
        lung["time"],
        lung["status"],
        lung["sex"].map({1: "Male", 2: "Female"}),
        reference="Male",
    ).hazard_ratio.hr
    return tmp_path / "curve.csv", tmp_path / "risk.csv", hr


def test_a_digitised_figure_is_rebuilt_and_flagged(tmp_path):
    curve, risk, original_hr = lung_figure(tmp_path)
    call_command(
        "reconstruct_ipd",
        str(curve),
        str(risk),
        "--name",
        "Lung (rebuilt)",
        "--source",
        "lifelines lung data, as a figure",
        "--time-unit",
        "days",
        "--events",
        "Male=112",
        "--events",
        "Female=53",
    )
    dataset = PatientDataSet.objects.get(name="Lung (rebuilt)")
    assert dataset.is_reconstructed and dataset.arms == ["Male", "Female"]
    assert dataset.subject_count == 228
    _, arms, times, events = dataset.columns()
    rebuilt = stats.two_arm_summary(times, events, arms, reference="Male").hazard_ratio.hr
    assert abs(rebuilt / original_hr - 1) < 0.05


def test_mismatched_arms_store_nothing(tmp_path):
    curve, risk, _ = lung_figure(tmp_path)
    risk.write_text(risk.read_text().replace("Female", "Women"))
    with pytest.raises(CommandError, match="must name the same arms"):
        call_command("reconstruct_ipd", str(curve), str(risk), "--name", "Broken", "--source", "x")
    assert not PatientDataSet.objects.exists()
