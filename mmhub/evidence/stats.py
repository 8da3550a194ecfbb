"""Survival statistics for trial evidence, matched to R's ``survival`` package.

Plain Python over numpy/pandas/lifelines with no Django imports (docs/evidence-statistics.md,
ARCHITECTURE.md), so it can be tested and reused alone. Trial publications report R (or SAS)
numbers, so R's defaults are the reference:

* Kaplan-Meier: lifelines' estimate and event table; confidence intervals follow R's
  ``survfit`` (default ``conf.type = "log"``); ``"log-log"`` (SAS's default, lifelines'
  "exponential Greenwood") and ``"plain"`` are available. Every curve states its ``conf_type``.
* Median and its CI: R's ``quantile.survfit`` rule.
* Restricted mean: R's ``survmean`` (``print(fit, rmean=tau)``), including its standard error.
* Log-rank: R's ``survdiff`` (rho = 0), k groups, optionally stratified.
* Cox: lifelines' ``CoxPHFitter`` (Efron ties, as R's ``coxph``), with R's global
  likelihood-ratio, Wald and score tests and Harrell's concordance.

Heavy libraries (pandas, scipy, lifelines) are imported inside the functions so that importing
this module for its result types stays cheap for the web process.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "CONF_TYPES",
    "CoxResult",
    "CoxTerm",
    "Landmark",
    "LogRank",
    "Median",
    "Rmst",
    "SurvivalCurve",
    "TwoArmSummary",
    "cox_ph",
    "kaplan_meier",
    "logrank",
    "median_survival",
    "number_at_risk",
    "rmst",
    "survival_at",
    "two_arm_summary",
]

#: Confidence-interval transforms for a Kaplan-Meier curve, as named by R's ``survfit``.
CONF_TYPES = ("log", "log-log", "plain")

# R's all.equal() tolerance, used by quantile.survfit to detect a flat at exactly p.
_R_TOLERANCE = math.sqrt(np.finfo(float).eps)


# --------------------------------------------------------------------------------------------
# Result types (frozen, tuples only: hashable and JSON-friendly)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurvivalCurve:
    """A Kaplan-Meier curve, one entry per distinct observed time (event or censoring).

    Like R's ``summary(survfit(...), censored=TRUE)``: ``times`` are the distinct observed
    times in increasing order (the curve is 1.0 before the first of them), ``n_at_risk`` the
    number with time >= that time, ``n_events``/``n_censored`` the counts at that time.
    ``lower``/``upper`` are the pointwise confidence limits for ``conf_type`` at
    ``conf_level``; ``math.nan`` where R gives NA (survival 0, or 1 for "log-log").
    """

    label: str
    times: tuple[float, ...]
    survival: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    n_at_risk: tuple[int, ...]
    n_events: tuple[int, ...]
    n_censored: tuple[int, ...]
    n: int
    events: int
    conf_type: str
    conf_level: float

    def _index_at(self, t: float) -> int:
        """Index of the last time <= t, or -1 before the first time."""
        return int(np.searchsorted(np.asarray(self.times, dtype=float), t, side="right")) - 1

    def at(self, t: float) -> float:
        """Value of the (right-continuous) step function at time t.

        1.0 before the first time; after the last observed time the last value is carried
        forward (as a plotted KM curve ends; R's ``summary(..., extend=TRUE)``).
        """
        i = self._index_at(float(t))
        return 1.0 if i < 0 else self.survival[i]

    def at_times(self, times: Sequence[float]) -> tuple[float, ...]:
        """:meth:`at` for several times."""
        return tuple(self.at(t) for t in times)

    @property
    def last_time(self) -> float:
        """The last observed time (end of follow-up for this curve)."""
        return self.times[-1] if self.times else 0.0


@dataclass(frozen=True)
class Median:
    """Median survival and its confidence interval; ``None`` where not reached / not estimable."""

    estimate: float | None
    lower: float | None
    upper: float | None


@dataclass(frozen=True)
class Landmark:
    """Survival at a landmark time (e.g. 3-year OS) with its pointwise confidence interval."""

    time: float
    survival: float
    lower: float
    upper: float


@dataclass(frozen=True)
class LogRank:
    """R ``survdiff`` (rho = 0) result. ``observed``/``expected`` are keyed by group label."""

    chisq: float
    df: int
    p: float
    observed: dict[str, float] = field(hash=False)
    expected: dict[str, float] = field(hash=False)
    groups: tuple[str, ...]
    stratified: bool


@dataclass(frozen=True)
class CoxTerm:
    """One Cox model coefficient: log hazard ratio, hazard ratio and its CI, Wald z and p."""

    name: str
    coef: float
    hr: float
    se: float
    z: float
    p: float
    lower: float
    upper: float


@dataclass(frozen=True)
class CoxResult:
    """A Cox proportional-hazards fit with R ``summary(coxph)``'s global tests."""

    terms: tuple[CoxTerm, ...]
    n: int
    events: int
    lr: float
    lr_df: int
    lr_p: float
    wald: float
    wald_p: float
    score: float
    score_p: float
    concordance: float
    ties: str

    def term(self, name: str) -> CoxTerm:
        """The term called ``name``."""
        for term in self.terms:
            if term.name == name:
                return term
        raise KeyError(f"No Cox term {name!r}; terms are {[t.name for t in self.terms]}")


@dataclass(frozen=True)
class Rmst:
    """Restricted mean survival time up to ``tau`` and its standard error (R ``survmean``)."""

    tau: float
    estimate: float
    se: float


@dataclass(frozen=True)
class TwoArmSummary:
    """What a two-arm trial's KM plot and key-data table need.

    ``curves``/``medians`` are ordered (reference, comparator); ``hazard_ratio`` is the Cox HR
    of the comparator arm versus the reference arm (comparator coded 1).
    """

    curves: tuple[SurvivalCurve, SurvivalCurve]
    medians: tuple[Median, Median]
    logrank: LogRank
    hazard_ratio: CoxTerm
    reference: str
    comparator: str


# --------------------------------------------------------------------------------------------
# Input checking
# --------------------------------------------------------------------------------------------


def _describe_bad(values: np.ndarray, mask: np.ndarray) -> str:
    bad = np.flatnonzero(mask)
    first = int(bad[0])
    value = values[first]
    value = value.item() if isinstance(value, np.generic) else value
    return f"{bad.size} value(s), first at index {first}: {value!r}"


def _as_1d(name: str, values: Any) -> np.ndarray:
    if values is None:
        raise ValueError(f"{name} is required")
    if isinstance(values, str | bytes) or np.isscalar(values):
        raise ValueError(f"{name} must be a sequence of values, not {type(values).__name__}")
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    return array


def _check_time_event(time: Any, event: Any) -> tuple[np.ndarray, np.ndarray]:
    """Validate and convert (time, event) into float times and 0/1 integer events."""
    t_raw = _as_1d("time", time)
    e_raw = _as_1d("event", event)
    if t_raw.size == 0:
        raise ValueError("time is empty: at least one subject is needed")
    if t_raw.size != e_raw.size:
        raise ValueError(
            f"time and event must have the same length (got {t_raw.size} and {e_raw.size})"
        )
    try:
        t = t_raw.astype(float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"time must be numeric ({exc})") from exc
    if np.isnan(t).any():
        raise ValueError(f"time has missing values (NaN): {_describe_bad(t, np.isnan(t))}")
    if np.isinf(t).any():
        raise ValueError(f"time has infinite values: {_describe_bad(t, np.isinf(t))}")
    if (t < 0).any():
        raise ValueError(
            f"time must be >= 0 (time from randomisation/start); negative: {_describe_bad(t, t < 0)}"
        )
    try:
        e_float = e_raw.astype(float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"event must be 0 (censored) or 1 (event) ({exc})") from exc
    bad = ~np.isin(e_float, (0.0, 1.0))
    if bad.any():
        raise ValueError(
            "event must be coded 0 (censored) or 1 (event); "
            f"other values: {_describe_bad(e_raw, bad)}"
            " (R's status 1/2 coding must be converted: event = status - 1)"
        )
    return t, e_float.astype(np.int64)


def _check_conf(conf_type: str, conf_level: float) -> str:
    if not isinstance(conf_type, str) or conf_type.lower() not in CONF_TYPES:
        raise ValueError(f"conf_type must be one of {CONF_TYPES}, got {conf_type!r}")
    if not isinstance(conf_level, int | float) or not 0.0 < float(conf_level) < 1.0:
        raise ValueError(f"conf_level must be strictly between 0 and 1, got {conf_level!r}")
    return conf_type.lower()


def _labels(name: str, values: Any, n: int) -> np.ndarray:
    array = _as_1d(name, values)
    if array.size != n:
        raise ValueError(f"{name} must have one value per subject (got {array.size}, expected {n})")
    if array.dtype.kind == "f" and np.isnan(array).any():
        raise ValueError(
            f"{name} has missing values (NaN): {_describe_bad(array, np.isnan(array))}"
        )
    if array.dtype.kind == "O" and any(v is None for v in array):
        raise ValueError(f"{name} has missing values (None)")
    return array


def _ordered_levels(values: np.ndarray) -> list[Any]:
    """Distinct values in sorted order (like R's factor levels), else in order of appearance."""
    import pandas as pd

    levels = list(pd.unique(values))
    try:
        levels = sorted(levels)
    except TypeError:
        pass
    names = [str(level) for level in levels]
    if len(set(names)) != len(names):
        raise ValueError(f"group labels collide when written as text: {names}")
    return levels


def _strata_codes(strata: Any, n: int) -> np.ndarray:
    """Integer stratum codes from a sequence of labels, or a DataFrame/mapping of several."""
    import pandas as pd

    if isinstance(strata, Mapping) or hasattr(strata, "columns"):
        frame = pd.DataFrame(strata)
        if len(frame) != n:
            raise ValueError(
                f"strata must have one row per subject (got {len(frame)}, expected {n})"
            )
        if frame.isna().to_numpy().any():
            raise ValueError("strata have missing values")
        keys = pd.MultiIndex.from_frame(frame.astype(str)) if frame.shape[1] else None
        if keys is None:
            raise ValueError("strata has no columns")
        codes, _ = pd.factorize(keys)
        return np.asarray(codes)
    array = _labels("strata", strata, n)
    codes, _ = pd.factorize(array)
    return np.asarray(codes)


def _floats(values: np.ndarray) -> tuple[float, ...]:
    # One shared NaN object, so that equal curves compare equal (tuple equality checks identity).
    return tuple(math.nan if math.isnan(v) else float(v) for v in values.tolist())


# --------------------------------------------------------------------------------------------
# Kaplan-Meier
# --------------------------------------------------------------------------------------------


def _confint(
    surv: np.ndarray, se_log: np.ndarray, conf_type: str, conf_level: float
) -> tuple[np.ndarray, np.ndarray]:
    """Pointwise CI of S(t) from the Greenwood s.e. of log S(t), as R's ``survfit_confint``.

    R (survival/R/survfit.R, ``survfit_confint``, logse=TRUE):
      plain:   lower = pmax(p - z*se*p, 0),  upper = pmin(p + z*se*p, 1)
      log:     xx = ifelse(p==0, NA, p); lower = exp(log(xx) - z*se); upper = pmin(exp(log(xx) + z*se), 1)
      log-log: xx = ifelse(p==0 | p==1, NA, p); se2 = z*se/log(xx)
               lower = exp(-exp(log(-log(xx)) - se2)); upper = exp(-exp(log(-log(xx)) + se2))
    """
    from scipy.stats import norm

    z = float(norm.ppf(1.0 - (1.0 - conf_level) / 2.0))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if conf_type == "plain":
            half = z * se_log * surv
            lower = np.maximum(surv - half, 0.0)
            upper = np.minimum(surv + half, 1.0)
            undefined = ~np.isfinite(half)
        elif conf_type == "log":
            xx = np.where(surv == 0, np.nan, surv)
            lower = np.exp(np.log(xx) - z * se_log)
            upper = np.minimum(np.exp(np.log(xx) + z * se_log), 1.0)
            undefined = np.isnan(xx) | ~np.isfinite(se_log)
        else:  # log-log, as lifelines' KaplanMeierFitter._bounds ("exponential Greenwood")
            xx = np.where((surv == 0) | (surv == 1), np.nan, surv)
            se2 = z * se_log / np.log(xx)
            lower = np.exp(-np.exp(np.log(-np.log(xx)) - se2))
            upper = np.exp(-np.exp(np.log(-np.log(xx)) + se2))
            undefined = np.isnan(xx) | ~np.isfinite(se_log)
    lower = np.where(undefined, np.nan, lower)
    upper = np.where(undefined, np.nan, upper)
    return lower, upper


def kaplan_meier(
    time: Sequence[float],
    event: Sequence[int],
    *,
    label: str = "",
    conf_type: str = "log",
    conf_level: float = 0.95,
) -> SurvivalCurve:
    """Kaplan-Meier estimate with Greenwood pointwise confidence limits.

    ``event`` is 1 for an event (death/progression), 0 for censored. ``conf_type`` is R's
    ``survfit`` name: "log" (R default), "log-log" (SAS default, lifelines' default) or "plain".
    """
    from lifelines import KaplanMeierFitter

    t, e = _check_time_event(time, event)
    conf_type = _check_conf(conf_type, conf_level)

    # lifelines' KM calls np.seterr(...) (a process-wide setting); errstate() restores it.
    with np.errstate():
        fitter = KaplanMeierFitter().fit(t, event_observed=e)
    table = fitter.event_table
    observed_rows = table["removed"].to_numpy() > 0  # lifelines adds a row at 0 with no one
    times = table.index.to_numpy(dtype=float)[observed_rows]
    surv = fitter.survival_function_.iloc[:, 0].to_numpy(dtype=float)[observed_rows]
    at_risk = table["at_risk"].to_numpy(dtype=np.int64)[observed_rows]
    deaths = table["observed"].to_numpy(dtype=np.int64)[observed_rows]
    censored = table["censored"].to_numpy(dtype=np.int64)[observed_rows]

    # Greenwood: var(log S(t)) = sum_{t_i <= t} d_i / (n_i (n_i - d_i)) -- R's survfit std.err
    # for the KM. Infinite once n_i == d_i (S drops to 0), where R's limits are NA.
    with np.errstate(divide="ignore", invalid="ignore"):
        increments = np.where(
            deaths == 0, 0.0, deaths / (at_risk * (at_risk - deaths).astype(float))
        )
    se_log = np.sqrt(np.cumsum(increments))
    lower, upper = _confint(surv, se_log, conf_type, float(conf_level))

    return SurvivalCurve(
        label=str(label),
        times=_floats(times),
        survival=_floats(surv),
        lower=_floats(lower),
        upper=_floats(upper),
        n_at_risk=tuple(int(v) for v in at_risk),
        n_events=tuple(int(v) for v in deaths),
        n_censored=tuple(int(v) for v in censored),
        n=int(t.size),
        events=int(e.sum()),
        conf_type=conf_type,
        conf_level=float(conf_level),
    )


def _check_curve(curve: Any) -> SurvivalCurve:
    if not isinstance(curve, SurvivalCurve):
        raise ValueError(f"expected a SurvivalCurve, got {type(curve).__name__}")
    return curve


def _findq(x: np.ndarray, y: np.ndarray, p: float, tol: float = _R_TOLERANCE) -> float | None:
    """R survival's ``findq`` (R/quantile.survfit.R): where a horizontal line at p meets a CDF.

    x: times with the start time (0) prepended; y: 1 - S (or 1 - a confidence limit) with 0
    prepended, possibly NaN (R's NA). Steps (with R in comments):
      if (max(y, na.rm=T) < p) NA
      drop duplicated y (censoring times), keeping the first x of each level
      indx1 <- approx(y+tol, 1:n, p, method="constant", f=1)$y   # first level >= p - tol
      indx2 <- approx(y-tol, 1:n, p, method="constant", f=1)$y   # first level >= p + tol
      quant <- (x[indx1] + x[indx2])/2     # midpoint when the curve is flat at exactly p
      if y[n] == p (within tol): quant <- (x[indx1] + xmax)/2   # flat at p to the end
    """
    if np.all(np.isnan(y)) or np.nanmax(y) < p:
        return None
    xmax = x[-1]
    # duplicated(y): NaN counts as equal to NaN, as in R.
    seen: set[Any] = set()
    keep = []
    for value in y.tolist():
        key = "NA" if math.isnan(value) else value
        keep.append(key not in seen)
        seen.add(key)
    keep_mask = np.asarray(keep)
    x, y = x[keep_mask], y[keep_mask]
    n = y.size
    positions = np.arange(n)
    valid = ~np.isnan(y)  # approx() drops NA pairs
    order = np.argsort(y[valid], kind="stable")  # approx() sorts its x values
    ys = y[valid][order]
    idx = positions[valid][order]

    def approx_constant(shift: float) -> int | None:
        knots = ys + shift
        if p < knots[0] or p > knots[-1]:
            return None  # rule = 1: NA outside the range
        return int(idx[np.searchsorted(knots, p, side="left")])

    i1 = approx_constant(tol)
    i2 = approx_constant(-tol)
    quant = None if i1 is None or i2 is None else (x[i1] + x[i2]) / 2.0
    if not math.isnan(y[n - 1]) and abs(p - y[n - 1]) < tol and i1 is not None:
        quant = (x[i1] + xmax) / 2.0
    return None if quant is None else float(quant)


def median_survival(curve: SurvivalCurve) -> Median:
    """Median survival with CI by R's ``quantile.survfit`` rule (what ``print(survfit)`` shows).

    Estimate: the first time S(t) <= 0.5, or the midpoint of the flat when S(t) is exactly 0.5
    over an interval. Limits: the same rule applied to the lower and upper confidence curves
    (Brookmeyer-Crowley style inversion of the pointwise CI of ``curve.conf_type``).
    ``None`` where a curve never reaches 0.5 (not reached / not estimable).
    """
    curve = _check_curve(curve)
    x = np.concatenate(([0.0], np.asarray(curve.times, dtype=float)))

    def cdf(values: tuple[float, ...]) -> np.ndarray:
        return np.concatenate(([0.0], 1.0 - np.asarray(values, dtype=float)))

    return Median(
        estimate=_findq(x, cdf(curve.survival), 0.5),
        lower=_findq(x, cdf(curve.lower), 0.5),
        upper=_findq(x, cdf(curve.upper), 0.5),
    )


def survival_at(curve: SurvivalCurve, t: float, *, extend: bool = False) -> Landmark:
    """Landmark survival S(t) with its pointwise CI (R ``summary(fit, times=t)``).

    Before the first observed time S = 1 (limits 1, or NaN for "log-log" as in R). After the
    last observed time the estimate is not defined unless ``extend=True`` (R's ``extend``),
    which carries the last value forward; otherwise ValueError.
    """
    curve = _check_curve(curve)
    t = float(t)
    if math.isnan(t) or t < 0:
        raise ValueError(f"landmark time must be >= 0, got {t}")
    if curve.times and t > curve.times[-1] and not extend:
        raise ValueError(
            f"landmark time {t:g} is after the last follow-up time {curve.times[-1]:g} of "
            f"{curve.label or 'the curve'}; pass extend=True to carry the last value forward"
        )
    i = curve._index_at(t)
    if i < 0:
        lower, upper = _confint(np.ones(1), np.zeros(1), curve.conf_type, curve.conf_level)
        return Landmark(time=t, survival=1.0, lower=_floats(lower)[0], upper=_floats(upper)[0])
    return Landmark(time=t, survival=curve.survival[i], lower=curve.lower[i], upper=curve.upper[i])


def number_at_risk(curve: SurvivalCurve, times: Sequence[float]) -> tuple[int, ...]:
    """Numbers at risk at the given times (subjects with time >= t), as under a KM plot."""
    curve = _check_curve(curve)
    grid = np.asarray(curve.times, dtype=float)
    counts = []
    for t in _as_1d("times", times).astype(float).tolist():
        if math.isnan(t):
            raise ValueError("times has missing values (NaN)")
        i = int(np.searchsorted(grid, t, side="left"))  # first observed time >= t
        counts.append(curve.n_at_risk[i] if i < grid.size else 0)
    return tuple(counts)


def rmst(curve: SurvivalCurve, tau: float) -> Rmst:
    """Restricted mean survival time to ``tau``, as R's ``print(survfit, rmean=tau)``.

    Estimate: area under the KM step function from 0 to tau (the curve is carried flat past
    its last time, as R does). Standard error: R survival's ``survmean`` (R/print.survfit.R),
    the Greenwood-type variance of the area (Miller 1981, pp. 195-196):
      hh <- ifelse(n.risk - n.event == 0, 0, n.event / (n.risk * (n.risk - n.event)))
      varmean <- sum(cumsum(rev(rectangles[-1]))^2 * rev(hh)[-1])
    i.e. var = sum_{event times t_j <= tau} A_j^2 * d_j / (n_j (n_j - d_j)), with A_j the area
    under the curve between t_j and tau.
    """
    curve = _check_curve(curve)
    tau = float(tau)
    if not math.isfinite(tau) or tau <= 0:
        raise ValueError(f"tau must be a positive, finite time, got {tau}")
    times = np.asarray(curve.times, dtype=float)
    surv = np.asarray(curve.survival, dtype=float)
    n_risk = np.asarray(curve.n_at_risk, dtype=float)
    n_event = np.asarray(curve.n_events, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        hh = np.where(n_risk - n_event == 0, 0.0, n_event / (n_risk * (n_risk - n_event)))
    keep = times <= tau
    if not keep.any():  # tau before the first time: the curve is 1 throughout
        return Rmst(tau=tau, estimate=tau, se=0.0)
    temptime = np.concatenate((times[keep], [tau]))
    tempsurv = np.concatenate((surv[keep], [surv[keep][-1]]))
    hh = np.concatenate((hh[keep], [0.0]))
    delta = np.diff(np.concatenate(([0.0], temptime)))  # widths of the rectangles
    rectangles = delta * np.concatenate(([1.0], tempsurv[:-1]))
    varmean = float(np.sum(np.cumsum(rectangles[1:][::-1]) ** 2 * hh[::-1][1:]))
    return Rmst(tau=tau, estimate=float(rectangles.sum()), se=math.sqrt(varmean))


# --------------------------------------------------------------------------------------------
# Log-rank
# --------------------------------------------------------------------------------------------


def logrank(
    time: Sequence[float],
    event: Sequence[int],
    group: Sequence[Any],
    *,
    strata: Any = None,
) -> LogRank:
    """Log-rank test of k >= 2 groups, as R's ``survdiff(Surv(time, status) ~ group)`` (rho=0).

    With ``strata`` (labels per subject, or a DataFrame/mapping of several columns) this is
    ``survdiff(... ~ group + strata(s))``: observed, expected and variance are summed over
    strata. Observed/expected are keyed by ``str(label)``; groups are ordered like R's factor
    levels (sorted). df = (number of groups with expected > 0) - 1, as R; when that is 0 (no
    events to compare) chisq is 0 and p is NaN.

    lifelines' ``multivariate_logrank_test`` gives the same statistic unstratified but neither
    the per-group expected counts nor strata, so R's ``survdiff2`` sums are computed here:
      E_j = sum_t d_t n_jt / n_t
      V_jk = sum_t d_t (n_t - d_t) / (n_t^2 (n_t - 1)) * n_jt (delta_jk n_t - n_kt)
      chisq = (O - E)[-1]' V[-1,-1]^{-1} (O - E)[-1]
    """
    from scipy.stats import chi2

    t, e = _check_time_event(time, event)
    g = _labels("group", group, t.size)
    levels = _ordered_levels(g)
    if len(levels) < 2:
        raise ValueError(f"log-rank needs at least two groups, got {len(levels)}: {levels}")
    group_index = np.empty(t.size, dtype=np.int64)
    for j, level in enumerate(levels):
        group_index[g == level] = j
    k = len(levels)
    stratum = np.zeros(t.size, dtype=np.int64) if strata is None else _strata_codes(strata, t.size)

    observed = np.zeros(k)
    expected = np.zeros(k)
    variance = np.zeros((k, k))
    for s in np.unique(stratum):
        in_s = stratum == s
        ts, es, gs = t[in_s], e[in_s], group_index[in_s]
        death_times, inverse = np.unique(ts[es == 1], return_inverse=True)
        if death_times.size == 0:
            continue
        deaths = np.zeros((death_times.size, k))
        np.add.at(deaths, (inverse, gs[es == 1]), 1.0)
        at_risk = np.empty((death_times.size, k))
        for j in range(k):
            sorted_j = np.sort(ts[gs == j])
            at_risk[:, j] = sorted_j.size - np.searchsorted(sorted_j, death_times, side="left")
        n_t = at_risk.sum(axis=1)
        d_t = deaths.sum(axis=1)
        observed += deaths.sum(axis=0)
        expected += (at_risk * (d_t / n_t)[:, None]).sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            c = np.where(n_t > 1, d_t * (n_t - d_t) / (n_t**2 * (n_t - 1)), 0.0)
        variance += np.diag((c * n_t) @ at_risk) - (at_risk * c[:, None]).T @ at_risk

    used = np.flatnonzero(expected > 0)
    df = max(int(used.size - 1), 0)
    if df < 1:  # no test possible (no events in two groups); R reports chisq 0
        chisq = 0.0
    else:
        diff = (observed - expected)[used][1:]
        v = variance[np.ix_(used, used)][1:, 1:]
        try:
            chisq = float(diff @ np.linalg.solve(v, diff))
        except np.linalg.LinAlgError:
            chisq = float(diff @ np.linalg.pinv(v) @ diff)
    p = float(chi2.sf(chisq, df)) if df >= 1 else math.nan
    names = tuple(str(level) for level in levels)
    return LogRank(
        chisq=chisq,
        df=df,
        p=p,
        observed={name: float(v) for name, v in zip(names, observed, strict=True)},
        expected={name: float(v) for name, v in zip(names, expected, strict=True)},
        groups=names,
        stratified=strata is not None,
    )


# --------------------------------------------------------------------------------------------
# Cox proportional hazards
# --------------------------------------------------------------------------------------------

_TIME_COL = "__mmhub_time__"
_EVENT_COL = "__mmhub_event__"
_STRATUM_COL = "__mmhub_stratum__"


def _score_capturing_fitter():
    """A lifelines CoxPHFitter that also keeps the gradient and Hessian at beta = 0.

    lifelines' Newton-Raphson starts at beta = 0 and evaluates the Efron partial likelihood's
    gradient U(0) and Hessian -I(0) there (summed over strata); R's score test is
    U(0)' I(0)^{-1} U(0). lifelines does not report it, so this subclass records the values it
    computes on its first step instead of re-deriving the Efron sums. (lifelines fits on
    centred and scaled covariates; the score statistic is invariant to both.)

    ``CoxPHFitter()`` (default Breslow baseline) delegates the fit to lifelines'
    ``SemiParametricPHFitter``; subclassing that class is what lets us see the first step.
    """
    from lifelines.fitters.coxph_fitter import SemiParametricPHFitter

    class _ScoreCapturingCoxPHFitter(SemiParametricPHFitter):
        def _choose_gradient_calculator(self, T, X, entries):
            inner = super()._choose_gradient_calculator(T, X, entries)
            self._null_gradient = None
            self._null_hessian = None
            self._left_null = False

            def gradients(X, T, E, weights, entries, beta):
                hessian, gradient, loglik = inner(X, T, E, weights, entries, beta)
                if np.any(beta):
                    self._left_null = True
                elif not self._left_null:
                    if self._null_gradient is None:
                        self._null_gradient = np.zeros_like(gradient, dtype=float)
                        self._null_hessian = np.zeros_like(hessian, dtype=float)
                    self._null_gradient += gradient
                    self._null_hessian += hessian
                return hessian, gradient, loglik

            return gradients

    return _ScoreCapturingCoxPHFitter()


def _covariate_frame(covariates: Any, n: int):
    import pandas as pd

    if covariates is None:
        raise ValueError("covariates are required (a DataFrame or a mapping name -> values)")
    if isinstance(covariates, Mapping):
        columns = {}
        for name, values in covariates.items():
            array = _as_1d(f"covariate {name!r}", values)
            if array.size != n:
                raise ValueError(
                    f"covariate {name!r} has {array.size} values, expected one per subject ({n})"
                )
            columns[str(name)] = array
        frame = pd.DataFrame(columns)
    elif hasattr(covariates, "columns"):
        frame = pd.DataFrame(covariates).reset_index(drop=True)
        frame.columns = [str(c) for c in frame.columns]
        if len(frame) != n:
            raise ValueError(f"covariates have {len(frame)} rows, expected one per subject ({n})")
    else:
        raise ValueError(
            f"covariates must be a pandas DataFrame or a mapping name -> values, "
            f"got {type(covariates).__name__}"
        )
    if frame.shape[1] == 0:
        raise ValueError("covariates has no columns")
    if len(set(frame.columns)) != frame.shape[1]:
        raise ValueError(f"covariate names must be unique: {list(frame.columns)}")
    for name in frame.columns:
        if name in (_TIME_COL, _EVENT_COL, _STRATUM_COL):
            raise ValueError(f"covariate name {name!r} is reserved")
        column = frame[name]
        if column.dtype == bool:
            column = column.astype(float)
        if column.dtype == object:  # e.g. a list with None for a missing value
            try:
                column = pd.to_numeric(column)
            except (TypeError, ValueError):
                pass
        if not pd.api.types.is_numeric_dtype(column):
            raise ValueError(
                f"covariate {name!r} must be numeric (code categories as 0/1 indicators); "
                f"got dtype {column.dtype}"
            )
        values = column.to_numpy(dtype=float)
        if np.isnan(values).any():
            raise ValueError(
                f"covariate {name!r} has missing values: {_describe_bad(values, np.isnan(values))}"
                " (R's coxph would drop those rows; drop them explicitly)"
            )
        if np.isinf(values).any():
            raise ValueError(f"covariate {name!r} has infinite values")
        if np.unique(values).size < 2:
            raise ValueError(f"covariate {name!r} is constant; its effect cannot be estimated")
        frame[name] = values
    return frame


def cox_ph(
    time: Sequence[float],
    event: Sequence[int],
    covariates: Any,
    *,
    strata: Any = None,
    conf_level: float = 0.95,
) -> CoxResult:
    """Cox proportional-hazards model, as R's ``summary(coxph(Surv(time, status) ~ ...))``.

    lifelines' ``CoxPHFitter`` (Efron ties, R's default) fits the model. Per term: coef, HR,
    se, Wald z and p (normal), and the HR's CI exp(coef +/- z se). Global tests as R prints:
    likelihood ratio 2 (l(b) - l(0)); Wald b' V^{-1} b; score U(0)' I(0)^{-1} U(0); each on
    df = number of terms. Concordance is Harrell's C (lifelines; R's ``concordance``).
    ``strata`` (labels or a DataFrame/mapping) gives a separate baseline hazard per stratum.
    """
    from lifelines.exceptions import ConvergenceError
    from scipy.stats import chi2, norm

    t, e = _check_time_event(time, event)
    if e.sum() == 0:
        raise ValueError("no events: a Cox model needs at least one event")
    if not isinstance(conf_level, int | float) or not 0.0 < float(conf_level) < 1.0:
        raise ValueError(f"conf_level must be strictly between 0 and 1, got {conf_level!r}")
    frame = _covariate_frame(covariates, t.size)
    names = list(frame.columns)
    frame[_TIME_COL] = t
    frame[_EVENT_COL] = e
    strata_cols = None
    if strata is not None:
        frame[_STRATUM_COL] = _strata_codes(strata, t.size)
        strata_cols = [_STRATUM_COL]

    fitter = _score_capturing_fitter()
    try:
        fitter.fit(frame, duration_col=_TIME_COL, event_col=_EVENT_COL, strata=strata_cols)
    except ConvergenceError as exc:
        raise ValueError(f"the Cox model did not converge: {exc}") from exc

    coef = fitter.params_.loc[names].to_numpy(dtype=float)
    variance = fitter.variance_matrix_.loc[names, names].to_numpy(dtype=float)
    se = np.sqrt(np.diag(variance))
    z = coef / se
    p = chi2.sf(z**2, 1)
    zq = float(norm.ppf(1.0 - (1.0 - float(conf_level)) / 2.0))
    terms = tuple(
        CoxTerm(
            name=name,
            coef=float(b),
            hr=float(np.exp(b)),
            se=float(s),
            z=float(zz),
            p=float(pp),
            lower=float(np.exp(b - zq * s)),
            upper=float(np.exp(b + zq * s)),
        )
        for name, b, s, zz, pp in zip(names, coef, se, z, p, strict=True)
    )

    df = len(names)
    lr_test = fitter.log_likelihood_ratio_test()
    lr = float(lr_test.test_statistic)
    wald = float(coef @ np.linalg.solve(variance, coef))
    gradient, hessian = fitter._null_gradient, fitter._null_hessian
    score = float(gradient @ np.linalg.solve(-hessian, gradient))
    return CoxResult(
        terms=terms,
        n=int(t.size),
        events=int(e.sum()),
        lr=lr,
        lr_df=df,
        lr_p=float(chi2.sf(lr, df)),
        wald=wald,
        wald_p=float(chi2.sf(wald, df)),
        score=score,
        score_p=float(chi2.sf(score, df)),
        concordance=float(fitter.concordance_index_),
        ties="efron",
    )


# --------------------------------------------------------------------------------------------
# Two-arm convenience
# --------------------------------------------------------------------------------------------


def two_arm_summary(
    time: Sequence[float],
    event: Sequence[int],
    arm: Sequence[Any],
    *,
    reference: Any,
    conf_type: str = "log",
    conf_level: float = 0.95,
) -> TwoArmSummary:
    """Per-arm KM curves and medians, log-rank test and Cox HR (comparator vs ``reference``).

    ``arm`` holds exactly two distinct labels, one of them ``reference``. The comparator arm is
    coded 1 in the Cox model, so HR < 1 favours the comparator.
    """
    t, e = _check_time_event(time, event)
    conf_type = _check_conf(conf_type, conf_level)
    a = _labels("arm", arm, t.size)
    levels = _ordered_levels(a)
    if len(levels) != 2:
        raise ValueError(f"two_arm_summary needs exactly two arms, got {len(levels)}: {levels}")
    matches = [level for level in levels if level == reference or str(level) == str(reference)]
    if len(matches) != 1:
        raise ValueError(f"reference arm {reference!r} is not one of the arms {levels}")
    ref_level = matches[0]
    comp_level = levels[1] if levels[0] is ref_level else levels[0]
    ref_name, comp_name = str(ref_level), str(comp_level)
    is_comp = a == comp_level

    curves = (
        kaplan_meier(
            t[~is_comp], e[~is_comp], label=ref_name, conf_type=conf_type, conf_level=conf_level
        ),
        kaplan_meier(
            t[is_comp], e[is_comp], label=comp_name, conf_type=conf_type, conf_level=conf_level
        ),
    )
    medians = (median_survival(curves[0]), median_survival(curves[1]))
    test = logrank(t, e, a)
    cox = cox_ph(
        t,
        e,
        {f"{comp_name} vs {ref_name}": is_comp.astype(float)},
        conf_level=conf_level,
    )
    return TwoArmSummary(
        curves=curves,
        medians=medians,
        logrank=test,
        hazard_ratio=cox.terms[0],
        reference=ref_name,
        comparator=comp_name,
    )
