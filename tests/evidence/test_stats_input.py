"""Input checking, edge cases and properties of the survival engine (mmhub/evidence/stats.py)."""

import dataclasses
import json
import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lifelines import CoxPHFitter
from lifelines.datasets import load_lung

from mmhub.evidence.stats import (
    Median,
    SurvivalCurve,
    cox_ph,
    kaplan_meier,
    logrank,
    median_survival,
    number_at_risk,
    rmst,
    survival_at,
    two_arm_summary,
)

# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("time", "event", "message"),
    [
        ([1, -2, 3], [1, 0, 1], "time must be >= 0"),
        ([1, 2, 3], [1, 2, 1], "event must be coded 0 (censored) or 1 (event)"),
        ([1, 2, 3], [2, 1, 2], "status 1/2 coding"),
        ([1, 2, 3], [1, 0], "same length (got 3 and 2)"),
        ([], [], "time is empty"),
        ([1, float("nan"), 3], [1, 0, 1], "missing values (NaN)"),
        ([1, float("inf")], [1, 0], "infinite"),
        (["a", "b"], [1, 0], "time must be numeric"),
        ([[1, 2], [3, 4]], [1, 0], "one-dimensional"),
        (5, [1], "must be a sequence"),
    ],
)
def test_kaplan_meier_rejects_bad_input(time, event, message):
    with pytest.raises(ValueError) as excinfo:
        kaplan_meier(time, event)
    assert message in str(excinfo.value)


def test_error_names_the_first_bad_value():
    with pytest.raises(ValueError, match=r"1 value\(s\), first at index 2: -?5"):
        kaplan_meier([1, 2, -5], [1, 1, 1])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"conf_type": "logit"}, "conf_type must be one of"),
        ({"conf_level": 95}, "conf_level must be strictly between 0 and 1"),
        ({"conf_level": 0}, "conf_level"),
    ],
)
def test_kaplan_meier_rejects_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        kaplan_meier([1, 2, 3], [1, 0, 1], **kwargs)


def test_logrank_rejects_bad_groups():
    with pytest.raises(ValueError, match="at least two groups"):
        logrank([1, 2, 3], [1, 1, 1], ["a", "a", "a"])
    with pytest.raises(ValueError, match="one value per subject"):
        logrank([1, 2, 3], [1, 1, 1], ["a", "b"])
    with pytest.raises(ValueError, match="missing values"):
        logrank([1, 2, 3], [1, 1, 1], [0.0, 1.0, float("nan")])
    with pytest.raises(ValueError, match="collide"):
        logrank([1, 2, 3, 4], [1, 1, 1, 1], np.array([1, "1", 2, 2], dtype=object))


def test_cox_rejects_bad_input():
    time, event = [1, 2, 3, 4, 5], [1, 0, 1, 1, 0]
    with pytest.raises(ValueError, match="must be numeric"):
        cox_ph(time, event, {"arm": ["a", "b", "a", "b", "a"]})
    with pytest.raises(ValueError, match="missing values"):
        cox_ph(time, event, {"x": [1, 2, None, 4, 5]})
    with pytest.raises(ValueError, match="constant"):
        cox_ph(time, event, {"x": [1, 1, 1, 1, 1]})
    with pytest.raises(ValueError, match="expected one per subject"):
        cox_ph(time, event, {"x": [1, 0, 1]})
    with pytest.raises(ValueError, match="no events"):
        cox_ph(time, [0, 0, 0, 0, 0], {"x": [1, 0, 1, 0, 1]})
    with pytest.raises(ValueError, match="DataFrame or a mapping"):
        cox_ph(time, event, [1, 0, 1, 0, 1])
    with pytest.raises(ValueError, match="no columns"):
        cox_ph(time, event, {})


def test_two_arm_summary_rejects_bad_arms():
    time, event = [1, 2, 3, 4, 5, 6], [1, 0, 1, 1, 0, 1]
    with pytest.raises(ValueError, match="reference arm 'X' is not one of the arms"):
        two_arm_summary(time, event, list("AABBAB"), reference="X")
    with pytest.raises(ValueError, match="exactly two arms"):
        two_arm_summary(time, event, list("AABBCC"), reference="A")


def test_landmark_and_rmst_reject_bad_times():
    curve = kaplan_meier([1, 2, 3], [1, 0, 1])
    with pytest.raises(ValueError, match="after the last follow-up"):
        survival_at(curve, 10)
    with pytest.raises(ValueError, match=">= 0"):
        survival_at(curve, -1)
    with pytest.raises(ValueError, match="positive"):
        rmst(curve, 0)
    with pytest.raises(ValueError, match="SurvivalCurve"):
        median_survival({"times": (1,)})


# --- worked small examples -----------------------------------------------------------------


def test_ties_by_hand():
    # At 1: 6 at risk, 2 deaths, 1 censored; at 2: 3 at risk, 1 death, 1 censored; at 3: 1, 1.
    curve = kaplan_meier([1, 1, 1, 2, 2, 3], [1, 1, 0, 1, 0, 1], label="ties")
    assert curve.times == (1.0, 2.0, 3.0)
    assert curve.n_at_risk == (6, 3, 1)
    assert curve.n_events == (2, 1, 1)
    assert curve.n_censored == (1, 1, 0)
    assert curve.survival == pytest.approx((4 / 6, 4 / 9, 0.0))
    # Greenwood on log S (R's conf.type="log"): se^2 = 2/(6*4) at time 1.
    se = math.sqrt(2 / 24)
    assert curve.lower[0] == pytest.approx(4 / 6 * math.exp(-1.959963984540054 * se))
    assert curve.upper[0] == pytest.approx(min(1.0, 4 / 6 * math.exp(1.959963984540054 * se)))
    # R gives NA where S = 0.
    assert math.isnan(curve.lower[2]) and math.isnan(curve.upper[2])
    assert median_survival(curve).estimate == 2.0
    assert number_at_risk(curve, [0, 1, 1.5, 2, 3, 4]) == (6, 6, 3, 3, 1, 0)


def test_median_midpoint_when_curve_is_exactly_half():
    # S = .75, .5, .25, 0: flat at exactly 0.5 on [2, 3) -> R's median is 2.5.
    assert median_survival(kaplan_meier([1, 2, 3, 4], [1, 1, 1, 1])).estimate == 2.5
    # Flat at 0.5 until the end of follow-up -> midpoint with the last time: (2 + 4) / 2.
    assert median_survival(kaplan_meier([1, 2, 3, 4], [1, 1, 0, 0])).estimate == 3.0


def test_all_censored():
    curve = kaplan_meier([3, 5, 8, 13], [0, 0, 0, 0])
    assert curve.survival == (1.0, 1.0, 1.0, 1.0)
    assert curve.events == 0
    assert median_survival(curve) == Median(estimate=None, lower=None, upper=None)
    assert curve.lower == curve.upper == (1.0, 1.0, 1.0, 1.0)
    loglog = kaplan_meier([3, 5, 8, 13], [0, 0, 0, 0], conf_type="log-log")
    assert all(math.isnan(v) for v in loglog.lower)  # R: log-log limits are NA at S = 1
    assert rmst(curve, 10).estimate == 10 and rmst(curve, 10).se == 0


def test_median_not_reached():
    rng = np.random.default_rng(3)
    time = rng.exponential(10, 300)
    event = (time < 6).astype(int)  # everyone censored at 6: S(6) is about exp(-0.6) > 0.5
    curve = kaplan_meier(np.minimum(time, 6), event)
    assert curve.survival[-1] > 0.5
    result = median_survival(curve)
    assert result.estimate is None and result.upper is None


def test_median_lung_overall():
    # R: survfit(Surv(time, status) ~ 1, lung) -> median 310, 0.95LCL 285, 0.95UCL 363
    lung = load_lung()
    result = median_survival(kaplan_meier(lung["time"], lung["status"]))
    assert (result.estimate, result.lower, result.upper) == (310, 285, 363)


def test_single_arm_and_landmark():
    lung = load_lung()
    curve = kaplan_meier(lung["time"], lung["status"], label="all")
    assert (curve.n, curve.events) == (228, 165)
    year = survival_at(curve, 365)
    assert year.time == 365
    assert year.lower < year.survival < year.upper
    assert year.survival == curve.at(365)
    assert survival_at(curve, 0).survival == 1.0
    assert survival_at(curve, 0).lower == 1.0
    late = survival_at(curve, 5000, extend=True)
    assert late.survival == curve.survival[-1]
    assert curve.at(-1) == 1.0 and curve.at(10_000) == curve.survival[-1]
    assert curve.at_times([0, 365]) == (1.0, year.survival)
    # R: summary(survfit(Surv(time, status) ~ 1, lung), times = 365) -> 0.409 (0.345, 0.486)
    assert round(year.survival, 3) == 0.409
    assert (round(year.lower, 3), round(year.upper, 3)) == (0.345, 0.486)


def test_time_zero_observation_is_a_row():
    curve = kaplan_meier([0, 0, 1, 2], [1, 0, 1, 0])
    assert curve.times[0] == 0.0
    assert curve.survival[0] == pytest.approx(0.75)
    assert curve.at(0) == curve.survival[0]
    assert curve.at(-0.5) == 1.0


def test_engine_is_plain_python_without_django():
    # ARCHITECTURE.md: evidence/stats.py and evidence/ipd.py import no Django (and importing
    # them for their result types does not load pandas or lifelines either).
    code = (
        "import sys, mmhub.evidence.stats, mmhub.evidence.ipd; "
        "print(sorted(m for m in ('django', 'pandas', 'lifelines') if m in sys.modules))"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter, a constant command
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_numpy_error_settings_are_left_alone():
    # lifelines' KM fitter calls np.seterr(); the engine must not change process-wide state.
    before = np.geterr()
    kaplan_meier([1, 2, 2, 3], [1, 1, 0, 1])
    assert np.geterr() == before


def test_results_are_hashable_and_json_friendly():
    curve = kaplan_meier([1, 2, 2, 3], [1, 1, 0, 1], label="A")
    assert isinstance(curve, SurvivalCurve)
    assert hash(curve) == hash(kaplan_meier([1, 2, 2, 3], [1, 1, 0, 1], label="A"))
    assert curve == kaplan_meier([1, 2, 2, 3], [1, 1, 0, 1], label="A")  # NaN limits included
    with pytest.raises(dataclasses.FrozenInstanceError):
        curve.label = "B"  # type: ignore[misc]
    json.dumps(dataclasses.asdict(curve))
    summary = two_arm_summary([1, 2, 3, 4, 5, 6], [1, 0, 1, 1, 0, 1], list("ABABAB"), reference="A")
    hash(summary)
    json.dumps(dataclasses.asdict(summary))


# --- strata and k groups -------------------------------------------------------------------


def test_stratified_logrank_on_lung():
    lung = load_lung().dropna(subset=["ph.ecog"])
    result = logrank(lung["time"], lung["status"], lung["sex"], strata=lung["ph.ecog"])
    assert result.stratified
    assert result.df == 1
    assert result.chisq > 0 and 0 < result.p < 1
    assert sum(result.observed.values()) == pytest.approx(sum(result.expected.values()))
    plain = logrank(lung["time"], lung["status"], lung["sex"])
    assert result.chisq != pytest.approx(plain.chisq)
    # A single stratum is the unstratified test.
    one = logrank(lung["time"], lung["status"], lung["sex"], strata=np.zeros(len(lung)))
    assert one.chisq == pytest.approx(plain.chisq, rel=1e-12)
    # Several strata columns, and k groups: df = k - 1.
    frame = pd.DataFrame({"ecog": lung["ph.ecog"], "old": lung["age"] > 65})
    three = logrank(
        lung["time"], lung["status"], pd.cut(lung["age"], 3, labels=False), strata=frame
    )
    assert three.df == 2 and three.groups == ("0", "1", "2")


def test_stratified_cox_runs():
    lung = load_lung()
    fit = cox_ph(lung["time"], lung["status"], {"age": lung["age"]}, strata=lung["sex"])
    reference = CoxPHFitter().fit(
        lung[["time", "status", "age", "sex"]], "time", "status", strata=["sex"]
    )
    assert fit.terms[0].coef == pytest.approx(reference.params_["age"], rel=1e-6)
    assert fit.terms[0].se == pytest.approx(reference.standard_errors_["age"], rel=1e-6)
    assert fit.n == 228 and fit.lr_df == 1
    # With one covariate, Wald = z^2; the score test is close to Wald and LR.
    assert fit.wald == pytest.approx(fit.terms[0].z ** 2)
    assert fit.score == pytest.approx(fit.wald, rel=0.05)
    unstratified = cox_ph(lung["time"], lung["status"], {"age": lung["age"]})
    assert unstratified.terms[0].coef != pytest.approx(fit.terms[0].coef)


# --- properties ----------------------------------------------------------------------------

subjects = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 1), st.integers(0, 1)), min_size=1, max_size=60
)


@settings(max_examples=60, deadline=None)
@given(subjects, st.sampled_from(["log", "log-log", "plain"]))
def test_km_properties(rows, conf_type):
    time = [r[0] for r in rows]
    event = [r[1] for r in rows]
    curve = kaplan_meier(time, event, conf_type=conf_type)
    s = np.asarray(curve.survival)
    assert ((s >= 0) & (s <= 1)).all()
    assert (np.diff(s) <= 1e-15).all()
    assert list(curve.times) == sorted(set(float(t) for t in time))
    assert curve.n == len(rows) and curve.events == sum(event)
    assert sum(curve.n_events) + sum(curve.n_censored) == curve.n
    lower, upper = np.asarray(curve.lower), np.asarray(curve.upper)
    defined = ~np.isnan(lower)
    assert (lower[defined] <= s[defined] + 1e-12).all()
    assert (upper[defined] >= s[defined] - 1e-12).all()
    assert ((upper[defined] <= 1) & (lower[defined] >= 0)).all()
    grid = np.linspace(-1, 45, 30)
    at_risk = number_at_risk(curve, grid)
    assert all(a >= b for a, b in zip(at_risk, at_risk[1:], strict=False))
    assert at_risk[0] == curve.n
    assert at_risk == tuple(int((np.asarray(time) >= g).sum()) for g in grid)
    median = median_survival(curve)
    if median.estimate is not None and median.lower is not None:
        assert median.lower <= median.estimate
    if median.estimate is not None and median.upper is not None:
        assert median.estimate <= median.upper
    area = rmst(curve, 20)
    assert 0 <= area.estimate <= 20 and area.se >= 0


@settings(max_examples=60, deadline=None)
@given(subjects)
def test_logrank_properties(rows):
    time = [r[0] for r in rows]
    event = [r[1] for r in rows]
    group = [r[2] for r in rows]
    if len(set(group)) < 2:
        with pytest.raises(ValueError):
            logrank(time, event, group)
        return
    result = logrank(time, event, group)
    assert result.chisq >= -1e-9
    assert result.df in (0, 1)
    if result.df == 0:
        assert result.chisq == 0 and math.isnan(result.p)
    else:
        assert 0 <= result.p <= 1
    assert sum(result.observed.values()) == sum(event)
    assert sum(result.expected.values()) == pytest.approx(sum(event))
    swapped = logrank(time, event, [1 - g for g in group])
    assert swapped.chisq == pytest.approx(result.chisq, abs=1e-9)
