"""The survival engine reproduces R's `survival` package (shared/reference/survival-r-values.md).

Every number in the reference file is checked to 4 significant figures, or to the number of
significant figures the reference gives where that is fewer (e.g. R prints concordance 0.579).
Data: lifelines' copies of `lung` (status already 0/1, 1 = dead; sex 1 = male, 2 = female) and
`rossi`.
"""

import math

import numpy as np
import pytest
from lifelines import KaplanMeierFitter
from lifelines.datasets import load_lung, load_rossi
from lifelines.statistics import logrank_test, multivariate_logrank_test

from mmhub.evidence.stats import (
    cox_ph,
    kaplan_meier,
    logrank,
    median_survival,
    rmst,
    two_arm_summary,
)


def assert_sig(actual, expected, digits=4):
    """`actual` rounds to `expected` at `digits` significant figures (half a unit in the last)."""
    assert actual is not None, f"expected {expected}, got None"
    if expected == 0:
        assert actual == 0, f"{actual} != 0"
        return
    unit = 10 ** (math.floor(math.log10(abs(expected))) - digits + 1)
    assert abs(actual - expected) <= unit / 2 * (1 + 1e-9), (
        f"{actual!r} does not match R's {expected!r} to {digits} significant figures"
    )


def test_assert_sig_helper():
    assert_sig(10.325148, 10.33)
    assert_sig(0.0013112, 0.00131, digits=3)
    with pytest.raises(AssertionError):
        assert_sig(10.3, 10.33)
    with pytest.raises(AssertionError):
        assert_sig(0.5886, 0.5880)


@pytest.fixture(scope="module")
def lung():
    data = load_lung()
    # lifelines' copy is already coded 0/1 (R: status 1 = censored, 2 = dead).
    assert set(data["status"].unique()) == {0, 1}
    assert len(data) == 228 and data["status"].sum() == 165
    return data


@pytest.fixture(scope="module")
def rossi():
    return load_rossi()


def arm(lung, sex):
    return lung[lung["sex"] == sex]


# --- survfit(Surv(time, status) ~ sex) -----------------------------------------------------


@pytest.mark.parametrize(
    ("sex", "n", "events", "median", "lcl", "ucl"),
    [(1, 138, 112, 270, 212, 310), (2, 90, 53, 426, 348, 550)],
    ids=["male", "female"],
)
def test_survfit_counts_and_median(lung, sex, n, events, median, lcl, ucl):
    data = arm(lung, sex)
    curve = kaplan_meier(data["time"], data["status"], label=str(sex))
    assert curve.conf_type == "log" and curve.conf_level == 0.95
    assert (curve.n, curve.events) == (n, events)
    result = median_survival(curve)
    assert_sig(result.estimate, median)
    assert_sig(result.lower, lcl)
    assert_sig(result.upper, ucl)
    assert (result.estimate, result.lower, result.upper) == (median, lcl, ucl)


@pytest.mark.parametrize(
    ("sex", "rmean", "se"),
    [(1, 326.0841, 22.91156), (2, 460.6473, 34.68985)],
    ids=["male", "female"],
)
def test_restricted_mean_upper_limit_1022(lung, sex, rmean, se):
    data = arm(lung, sex)
    result = rmst(kaplan_meier(data["time"], data["status"]), 1022)
    assert result.tau == 1022
    assert_sig(result.estimate, rmean)
    assert_sig(result.se, se)
    # R prints them to 7 significant figures; we match those too.
    assert_sig(result.estimate, rmean, digits=7)
    assert_sig(result.se, se, digits=7)


# --- survdiff(Surv(time, status) ~ sex) ----------------------------------------------------


def test_survdiff_by_sex(lung):
    result = logrank(lung["time"], lung["status"], lung["sex"])
    assert result.groups == ("1", "2")
    assert not result.stratified
    assert result.df == 1
    assert result.observed == {"1": 112.0, "2": 53.0}
    assert_sig(result.expected["1"], 91.5817, digits=6)
    assert_sig(result.expected["2"], 73.4183, digits=6)
    assert_sig(result.chisq, 10.3, digits=3)  # as R prints it
    assert_sig(result.chisq, 10.33)  # R's value to 4 s.f.
    assert_sig(result.p, 0.00131, digits=3)


def test_survdiff_equals_lifelines_logrank_statistic(lung):
    ours = logrank(lung["time"], lung["status"], lung["sex"])
    male, female = arm(lung, 1), arm(lung, 2)
    two = logrank_test(male["time"], female["time"], male["status"], female["status"])
    assert ours.chisq == pytest.approx(two.test_statistic, rel=1e-10)
    groups = lung["ph.ecog"].fillna(-1)
    keep = groups >= 0
    ours_k = logrank(lung["time"][keep], lung["status"][keep], groups[keep])
    theirs_k = multivariate_logrank_test(lung["time"][keep], groups[keep], lung["status"][keep])
    assert ours_k.df == 3
    assert ours_k.chisq == pytest.approx(theirs_k.test_statistic, rel=1e-8)
    assert ours_k.p == pytest.approx(theirs_k.p_value, rel=1e-6)


# --- coxph(Surv(time, status) ~ sex) -------------------------------------------------------


def test_coxph_lung_sex(lung):
    fit = cox_ph(lung["time"], lung["status"], lung[["sex"]])
    assert (fit.n, fit.events, fit.ties) == (228, 165, "efron")
    (term,) = fit.terms
    assert term.name == "sex"
    assert_sig(term.coef, -0.5310)
    assert_sig(term.hr, 0.5880)
    assert_sig(term.se, 0.1672)
    assert_sig(term.z, -3.176)
    assert_sig(term.p, 0.00149, digits=3)
    assert_sig(term.lower, 0.4237)
    assert_sig(term.upper, 0.8160)
    assert fit.lr_df == 1
    assert_sig(fit.lr, 10.63)
    assert_sig(fit.lr_p, 0.00111, digits=3)
    assert_sig(fit.wald, 10.09)
    assert_sig(fit.score, 10.33)
    assert_sig(fit.score_p, 0.00131, digits=3)
    assert_sig(fit.concordance, 0.579, digits=3)


def test_two_arm_summary_lung(lung):
    sex = lung["sex"].map({1: "male", 2: "female"})
    summary = two_arm_summary(lung["time"], lung["status"], sex, reference="male")
    assert (summary.reference, summary.comparator) == ("male", "female")
    assert [c.label for c in summary.curves] == ["male", "female"]
    assert [(m.estimate, m.lower, m.upper) for m in summary.medians] == [
        (270, 212, 310),
        (426, 348, 550),
    ]
    assert summary.hazard_ratio.name == "female vs male"
    assert_sig(summary.hazard_ratio.hr, 0.5880)
    assert_sig(summary.hazard_ratio.lower, 0.4237)
    assert_sig(summary.hazard_ratio.upper, 0.8160)
    assert_sig(summary.logrank.expected["male"], 91.5817, digits=6)
    assert_sig(summary.logrank.p, 0.00131, digits=3)


# --- coxph(Surv(week, arrest) ~ fin + age + race + wexp + mar + paro + prio) -------------


def test_coxph_rossi(rossi):
    covariates = rossi[["fin", "age", "race", "wexp", "mar", "paro", "prio"]]
    fit = cox_ph(rossi["week"], rossi["arrest"], covariates)
    assert (fit.n, fit.events, fit.ties) == (432, 114, "efron")
    assert [t.name for t in fit.terms] == list(covariates.columns)
    fin, age, prio = fit.term("fin"), fit.term("age"), fit.term("prio")
    assert_sig(fin.coef, -0.37942, digits=5)
    assert_sig(fin.se, 0.19138, digits=5)
    assert_sig(fin.hr, 0.6843)
    assert_sig(fin.lower, 0.4702)
    assert_sig(fin.upper, 0.9957)
    assert_sig(fin.p, 0.04742)
    assert_sig(age.coef, -0.05744)
    assert_sig(age.se, 0.02200)
    assert_sig(age.hr, 0.9442)
    assert_sig(age.lower, 0.9043)
    assert_sig(age.upper, 0.9858)
    assert_sig(age.p, 0.00903, digits=3)
    assert_sig(prio.hr, 1.0958, digits=5)
    assert_sig(prio.lower, 1.0360, digits=5)
    assert_sig(prio.upper, 1.1591, digits=5)
    assert fit.lr_df == 7
    assert_sig(fit.lr, 33.27)
    assert_sig(fit.lr_p, 2.36e-05, digits=3)
    assert_sig(fit.concordance, 0.64, digits=2)


# --- confidence-interval types -------------------------------------------------------------


def test_log_log_differs_from_log_and_equals_lifelines_default(lung):
    data = arm(lung, 1)
    log = kaplan_meier(data["time"], data["status"], conf_type="log")
    loglog = kaplan_meier(data["time"], data["status"], conf_type="log-log")
    assert loglog.conf_type == "log-log"
    assert log.survival == loglog.survival
    assert log.lower != loglog.lower and log.upper != loglog.upper
    assert median_survival(loglog) != median_survival(log)

    fitter = KaplanMeierFitter().fit(data["time"], data["status"])  # alpha 0.05
    ci = fitter.confidence_interval_.loc[list(loglog.times)].to_numpy()
    surv = np.asarray(loglog.survival)
    defined = (surv > 0) & (surv < 1)  # R (and we) give NA at S = 0 and, for log-log, S = 1
    assert defined.sum() > 50
    np.testing.assert_allclose(np.asarray(loglog.lower)[defined], ci[defined, 0], rtol=1e-12)
    np.testing.assert_allclose(np.asarray(loglog.upper)[defined], ci[defined, 1], rtol=1e-12)
    # The R-default log limits are not lifelines' limits.
    assert not np.allclose(np.asarray(log.lower)[defined], ci[defined, 0])


def test_plain_limits_are_greenwood_on_s(lung):
    data = arm(lung, 2)
    plain = kaplan_meier(data["time"], data["status"], conf_type="plain")
    log = kaplan_meier(data["time"], data["status"], conf_type="log")
    s = np.asarray(plain.survival)
    # R: plain limits are S -/+ z * se(log S) * S, log limits S * exp(-/+ z * se(log S)).
    half_width = np.asarray(plain.upper) - s
    se_log = np.log(np.asarray(log.upper) / s) / 1.959963984540054
    unclipped = (np.asarray(plain.upper) < 1) & (np.asarray(log.upper) < 1)
    assert unclipped.sum() > 30
    np.testing.assert_allclose(half_width[unclipped], (1.959963984540054 * se_log * s)[unclipped])
