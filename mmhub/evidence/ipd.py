"""Reconstruct individual patient data (IPD) from a published Kaplan-Meier figure.

Guyot P, Ades AE, Ouwens MJ, Welton NJ. Enhanced secondary analysis of survival data:
reconstructing the data from published Kaplan-Meier survival curves. BMC Med Res Methodol.
2012;12:9. doi:10.1186/1471-2288-12-9

Input, per arm: points read off the curve with a digitiser (time, survival), the numbers at
risk printed under the figure, and optionally the reported total number of events. Output:
pseudo-IPD (times, events) whose Kaplan-Meier curve reproduces the digitised curve and whose
numbers at risk match the published table, to be analysed with :mod:`mmhub.evidence.stats`.

The algorithm is the published one (the authors' R code, ``ipdalgorithm``), step by step:

1. Within each risk interval [t_i, t_{i+1}) guess the number censored from the drop in the
   curve and in the numbers at risk: round(n_i * S(t_{i+1}) / S(t_i) - n_{i+1}).
2. Spread those censorings evenly over the interval, then, point by point, set the events
   d_k = round(n_k (1 - S_k / KM_last)) so the rebuilt KM follows the curve, and the number at
   risk n_{k+1} = n_k - d_k - c_k.
3. Adjust the number censored by the mismatch with the published n_{i+1} and repeat 2 until
   the rebuilt number at risk at t_{i+1} equals the published one.
4. Last interval (no following number at risk): censor at the average rate of the earlier
   intervals; if the total number of events is given, adjust the censoring until the rebuilt
   total matches it.
5. Events happen at the digitised times; censorings at the midpoint between two readings;
   whoever is left is censored at the last reading.

Plain Python over numpy, no Django imports (ARCHITECTURE.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

__all__ = ["clean_points", "reconstruct_ipd"]

# A reading this far outside [0, 1] is not digitiser noise: the axis was probably read in %.
_SURVIVAL_SLACK = 0.05
# A rise of the curve by more than this between readings is not noise either.
_RISE_SLACK = 0.05
# Guards against the published while-loops oscillating for ever on inconsistent input.
_MAX_ADJUSTMENTS = 1000


def clean_points(points: Sequence[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Validate and clean digitised (time, survival) readings of one arm's KM curve.

    Survival must be a proportion (0-1, not %). Readings are sorted by time (and, at equal
    times, from the top of a drop to its bottom); values within 0.05 outside [0, 1] are clipped;
    small rises from digitiser noise are removed by carrying the running minimum (so the result
    is non-increasing); a first reading (0, 1) is added when missing (a reading at time 0 within
    0.05 of 1 is taken as 1; a lower one is a drop at time 0). Raises ValueError on anything
    that does not look like a survival curve.
    """
    if points is None:
        raise ValueError("points are required: (time, survival) readings of the curve")
    try:
        array = np.asarray([(float(t), float(s)) for t, s in points], dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"points must be (time, survival) pairs of numbers ({exc})") from exc
    if array.size == 0:
        raise ValueError("points is empty: read at least one point off the curve")
    times, surv = array[:, 0], array[:, 1]
    if not np.isfinite(array).all():
        raise ValueError("points contain missing or infinite values")
    if (times < 0).any():
        first = int(np.flatnonzero(times < 0)[0])
        raise ValueError(f"point times must be >= 0; point {first} has time {times[first]:g}")
    if (surv < -_SURVIVAL_SLACK).any() or (surv > 1 + _SURVIVAL_SLACK).any():
        hint = " (give survival as a proportion 0-1, not a percentage)" if surv.max() > 1.5 else ""
        raise ValueError(
            f"survival readings must lie in [0, 1]; got {surv.min():g} to {surv.max():g}{hint}"
        )
    surv = np.clip(surv, 0.0, 1.0)
    order = np.lexsort((-surv, times))  # by time, then from the top of each drop downwards
    times, surv = times[order], surv[order]
    rises = surv[1:] - np.minimum.accumulate(surv)[:-1]
    if (rises > _RISE_SLACK).any():
        k = int(np.flatnonzero(rises > _RISE_SLACK)[0]) + 1
        raise ValueError(
            f"survival must not increase with time; it rises to {surv[k]:g} at time {times[k]:g} "
            "(are two curves mixed up, or are the points out of order?)"
        )
    surv = np.minimum.accumulate(surv)
    if times[0] == 0 and surv[0] >= 1.0 - _RISE_SLACK:
        surv[0] = 1.0  # a start read slightly below 1 is digitiser noise
    elif times[0] > 0 or surv[0] < 1.0:
        # No reading at (0, 1), or a larger drop read at time 0 (events at time 0): the curve
        # starts at 1, so add that reading.
        times = np.concatenate(([0.0], times))
        surv = np.concatenate(([1.0], surv))
    # Drop exact duplicate readings.
    keep = np.ones(times.size, dtype=bool)
    keep[1:] = (np.diff(times) != 0) | (np.diff(surv) != 0)
    return times[keep], surv[keep]


def _check_risk_table(
    risk_times: Sequence[float], n_at_risk: Sequence[int], total_events: int | None
) -> tuple[np.ndarray, np.ndarray, int | None]:
    try:
        t_risk = np.asarray([float(t) for t in risk_times], dtype=float)
        raw = [float(n) for n in n_at_risk]
    except (TypeError, ValueError) as exc:
        raise ValueError(f"risk_times and n_at_risk must be numbers ({exc})") from exc
    if t_risk.size == 0:
        raise ValueError("risk_times is empty: the number at risk at time 0 is needed at least")
    if t_risk.size != len(raw):
        raise ValueError(
            f"risk_times and n_at_risk must have the same length (got {t_risk.size} and {len(raw)})"
        )
    if not np.isfinite(t_risk).all():
        raise ValueError("risk_times contain missing or infinite values")
    if t_risk[0] != 0:
        raise ValueError(
            f"the first risk time must be 0 (the number randomised), got {t_risk[0]:g}"
        )
    if (np.diff(t_risk) <= 0).any():
        raise ValueError("risk_times must be strictly increasing")
    if any(not math.isfinite(n) or n != int(n) or n < 0 for n in raw):
        raise ValueError(f"n_at_risk must be whole numbers >= 0, got {list(n_at_risk)}")
    n_risk = np.asarray([int(n) for n in raw], dtype=np.int64)
    if n_risk[0] <= 0:
        raise ValueError("the number at risk at time 0 must be positive")
    if (np.diff(n_risk) > 0).any():
        raise ValueError(f"numbers at risk cannot increase over time, got {n_risk.tolist()}")
    if total_events is not None:
        if isinstance(total_events, bool) or float(total_events) != int(total_events):
            raise ValueError(f"total_events must be a whole number, got {total_events!r}")
        total_events = int(total_events)
        if not 0 <= total_events <= n_risk[0]:
            raise ValueError(
                f"total_events must be between 0 and the number at risk at time 0 "
                f"({n_risk[0]}), got {total_events}"
            )
    return t_risk, n_risk, total_events


def _fill_empty_intervals(
    t_s: np.ndarray, s: np.ndarray, t_risk: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Add a reading at a risk time whose interval has none (the curve is flat across it).

    The published algorithm needs at least one reading in every risk interval. Where a risk
    interval (including one after the last reading) has none, the curve was flat through it,
    so a reading at the risk time with the last survival before it is what the figure shows.
    """
    for t in t_risk:
        upper = t_risk[t_risk > t]
        end = upper[0] if upper.size else math.inf
        if not ((t_s >= t) & (t_s < end)).any():
            i = int(np.searchsorted(t_s, t, side="right"))
            t_s = np.insert(t_s, i, t)
            s = np.insert(s, i, s[i - 1])
    return t_s, s


def _spread_censoring(n_censor: int, t_from: float, t_to: float, breaks: np.ndarray) -> np.ndarray:
    """Spread n_censor censorings evenly over (t_from, t_to) and count them per reading.

    R: cen.t <- t.S[lower[i]] + j * (t.S[lower[i+1]] - t.S[lower[i]]) / (n.censor[i] + 1),
    cen[...] <- hist(cen.t, breaks = t.S[...])$counts (right-closed bins, lowest included).
    """
    counts = np.zeros(breaks.size - 1, dtype=np.int64)
    if n_censor <= 0 or breaks.size < 2:
        return counts
    j = np.arange(1, n_censor + 1)
    cen_t = t_from + j * (t_to - t_from) / (n_censor + 1)
    bins = np.searchsorted(breaks, cen_t, side="left") - 1  # (b_k, b_{k+1}] -> k
    bins = np.clip(bins, 0, breaks.size - 2)
    np.add.at(counts, bins, 1)
    return counts


def reconstruct_ipd(
    points: Sequence[tuple[float, float]],
    risk_times: Sequence[float],
    n_at_risk: Sequence[int],
    total_events: int | None = None,
) -> tuple[tuple[float, ...], tuple[int, ...]]:
    """Pseudo individual patient data for one arm from its digitised KM curve (Guyot 2012).

    ``points``: (time, survival) readings of the curve, survival as a proportion; the more
    readings (ideally both corners of every step), the better. ``risk_times``/``n_at_risk``:
    the number-at-risk table under the figure, starting at time 0. ``total_events``: the
    reported number of events in the arm, if known (improves the tail of the curve).

    Returns ``(times, events)``, one entry per patient (events 1 = event, 0 = censored),
    ready for :func:`mmhub.evidence.stats.kaplan_meier` / ``cox_ph``.
    """
    t_s, s = clean_points(points)
    t_risk, n_risk, total_events = _check_risk_table(risk_times, n_at_risk, total_events)
    t_s, s = _fill_empty_intervals(t_s, s, t_risk)
    n_risk = n_risk.astype(float)

    nt = t_s.size
    nint = t_risk.size
    lower = np.asarray([int(np.searchsorted(t_s, t, side="left")) for t in t_risk])
    upper = np.concatenate((lower[1:] - 1, [nt - 1]))

    # Initialise as the published code (0-based indices here).
    n_censor = np.zeros(nint, dtype=np.int64)
    n_hat = np.full(nt + 1, n_risk[0] + 1)
    cen = np.zeros(nt, dtype=np.int64)
    d = np.zeros(nt, dtype=np.int64)
    km_hat = np.ones(nt)
    last_i = np.zeros(nint, dtype=np.int64)

    def events_at(k: int, last: int) -> None:
        # d[k] <- round(n.hat[k] * (1 - S[k] / KM.hat[last])); KM.hat[k] <- KM.hat[last] * (1 - d/n)
        # Guards (not in the published code): no events once nobody is at risk or the rebuilt
        # curve is at 0, and never more events than people at risk or fewer than none.
        if n_hat[k] <= 0 or km_hat[last] <= 0:
            d[k] = 0
            km_hat[k] = km_hat[last]
            return
        dk = round(n_hat[k] * (1.0 - s[k] / km_hat[last]))
        d[k] = int(min(max(dk, 0), n_hat[k]))
        km_hat[k] = km_hat[last] * (1.0 - d[k] / n_hat[k])

    # Intervals 1 .. nint-1: adjust the censoring until the rebuilt n at risk matches.
    last = 0
    for i in range(nint - 1):
        lo, up, nxt = lower[i], upper[i], lower[i + 1]
        ratio = s[nxt] / s[lo] if s[lo] > 0 else 0.0
        n_censor[i] = round(n_risk[i] * ratio - n_risk[i + 1])
        adjustments = 0
        while (n_hat[nxt] > n_risk[i + 1]) or (n_hat[nxt] < n_risk[i + 1] and n_censor[i] > 0):
            if n_censor[i] <= 0:
                cen[lo : up + 1] = 0
                n_censor[i] = 0
            else:
                cen[lo : up + 1] = _spread_censoring(
                    int(n_censor[i]), t_s[lo], t_s[nxt], t_s[lo : nxt + 1]
                )
            n_hat[lo] = n_risk[i]
            last = int(last_i[i])
            for k in range(lo, up + 1):
                if i == 0 and k == lo:
                    d[k] = 0
                    km_hat[k] = 1.0
                else:
                    events_at(k, last)
                n_hat[k + 1] = n_hat[k] - d[k] - cen[k]
                if d[k] != 0:
                    last = k
            n_censor[i] += int(n_hat[nxt] - n_risk[i + 1])
            adjustments += 1
            if adjustments >= _MAX_ADJUSTMENTS:
                break
        if n_hat[nxt] < n_risk[i + 1]:
            n_risk[i + 1] = n_hat[nxt]
        last_i[i + 1] = last

    # Last interval: censor at the average rate of the earlier intervals.
    lo, up = lower[-1], upper[-1]
    if nint > 1:
        span = t_s[upper[-2]] - t_s[lower[0]]
        rate = n_censor[:-1].sum() * (t_s[up] - t_s[lo]) / span if span > 0 else 0.0
        n_censor[-1] = min(round(rate), int(n_risk[-1]))
    else:
        n_censor[-1] = 0

    def last_interval_censoring() -> None:
        if n_censor[-1] <= 0:
            cen[lo:up] = 0
            n_censor[-1] = 0
        else:
            cen[lo:up] = _spread_censoring(int(n_censor[-1]), t_s[lo], t_s[up], t_s[lo : up + 1])

    def last_interval_events(final_guard: bool) -> None:
        n_hat[lo] = n_risk[-1]
        last = int(last_i[-1])
        for k in range(lo, up + 1):
            if nint == 1 and k == lo:
                d[k] = 0
                km_hat[k] = 1.0
            else:
                events_at(k, last)
            if k != up or final_guard:
                n_hat[k + 1] = n_hat[k] - d[k] - cen[k]
                if n_hat[k + 1] < 0:  # no. at risk cannot be negative
                    n_hat[k + 1] = 0
                    cen[k] = n_hat[k] - d[k]
            if d[k] != 0:
                last = k

    last_interval_censoring()
    last_interval_events(final_guard=True)

    # If the total number of events is reported, adjust the last interval's censoring to it.
    if total_events is not None:
        sum_d_before = int(d[: upper[-2] + 1].sum()) if nint > 1 else 0
        if nint > 1 and sum_d_before >= total_events:
            # Too many events already: no events or censoring in the last interval.
            d[lo : up + 1] = 0
            cen[lo:up] = 0
            n_hat[lo + 1 : up + 2] = n_risk[-1]
        else:
            sum_d = int(d[: up + 1].sum())
            adjustments = 0
            while sum_d > total_events or (sum_d < total_events and n_censor[-1] > 0):
                n_censor[-1] += sum_d - total_events
                last_interval_censoring()
                last_interval_events(final_guard=False)
                sum_d = int(d[: up + 1].sum())
                adjustments += 1
                if adjustments >= _MAX_ADJUSTMENTS:
                    break

    # Write the pseudo-IPD: events at the readings, censorings between readings, the rest
    # censored at the last reading.
    n0 = int(n_risk[0])
    times: list[float] = []
    events: list[int] = []
    for k in range(nt):
        if d[k] > 0:
            times.extend([float(t_s[k])] * int(d[k]))
            events.extend([1] * int(d[k]))
    for k in range(nt - 1):
        if cen[k] > 0:
            times.extend([float((t_s[k] + t_s[k + 1]) / 2.0)] * int(cen[k]))
            events.extend([0] * int(cen[k]))
    if len(times) > n0:  # cannot happen with the guards above; keep the arm's size
        times, events = times[:n0], events[:n0]
    remaining = n0 - len(times)
    times.extend([float(t_s[-1])] * remaining)
    events.extend([0] * remaining)
    order = sorted(range(n0), key=lambda j: (times[j], -events[j]))
    return tuple(times[j] for j in order), tuple(events[j] for j in order)
