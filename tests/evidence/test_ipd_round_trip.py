"""Guyot IPD reconstruction round trip on lung by sex (mmhub/evidence/ipd.py).

Each arm's KM curve is read as a digitiser would (both corners of every step, or a regular
grid of readings), with the numbers at risk at 0, 100, ..., 1000 days; the pseudo-IPD is
rebuilt and analysed again. The measured errors are printed (run with ``-s``) and recorded
as junit properties; docs/evidence-statistics.md quotes them.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lifelines.datasets import load_lung

from mmhub.evidence.ipd import clean_points, reconstruct_ipd
from mmhub.evidence.stats import (
    cox_ph,
    kaplan_meier,
    median_survival,
    number_at_risk,
    rmst,
)

RISK_TIMES = tuple(range(0, 1001, 100))


def corner_points(curve):
    """Both corners of every step of the curve, as a careful digitiser reads it."""
    points = [(0.0, 1.0)]
    previous = 1.0
    for t, s in zip(curve.times, curve.survival, strict=True):
        if s != previous:
            points += [(t, previous), (t, s)]
            previous = s
    points.append((curve.times[-1], curve.survival[-1]))
    return points


def grid_points(curve, n=80):
    """n evenly spaced readings of the step function from 0 to the end of follow-up."""
    return [(float(t), curve.at(t)) for t in np.linspace(0, curve.times[-1], n)]


SAMPLERS = {
    "corners": corner_points,
    "grid50": lambda c: grid_points(c, 50),
    "grid80": lambda c: grid_points(c, 80),
    "grid100": lambda c: grid_points(c, 100),
}


@pytest.fixture(scope="module")
def lung():
    return load_lung()


@pytest.fixture(scope="module")
def original(lung):
    curves = {
        sex: kaplan_meier(lung.loc[lung.sex == sex, "time"], lung.loc[lung.sex == sex, "status"])
        for sex in (1, 2)
    }
    hr = cox_ph(lung["time"], lung["status"], {"sex": lung["sex"]}).terms[0].hr
    return curves, hr


def round_trip(original, sampler, risk_times=RISK_TIMES, use_total=False):
    """Reconstruct both arms; return the relative/absolute errors against the real data."""
    curves, hr = original
    times, events, sexes = [], [], []
    result = {"arms": {}}
    for sex, curve in curves.items():
        table = number_at_risk(curve, risk_times)
        t, e = reconstruct_ipd(
            sampler(curve), risk_times, table, total_events=curve.events if use_total else None
        )
        assert len(t) == len(e) == curve.n
        rebuilt = kaplan_meier(t, e)
        result["arms"][sex] = {
            "median_rel_err": median_survival(rebuilt).estimate / median_survival(curve).estimate
            - 1,
            "events_err": rebuilt.events - curve.events,
            "rmst1000_rel_err": rmst(rebuilt, 1000).estimate / rmst(curve, 1000).estimate - 1,
            "at_risk_matches": number_at_risk(rebuilt, risk_times) == table,
        }
        times += t
        events += e
        sexes += [sex] * len(t)
    result["hr"] = cox_ph(times, events, {"sex": sexes}).terms[0].hr
    result["hr_rel_err"] = result["hr"] / hr - 1
    return result


def describe(name, result):
    arms = " ".join(
        f"sex={sex}: median {a['median_rel_err']:+.2%}, events {a['events_err']:+d}, "
        f"RMST(1000) {a['rmst1000_rel_err']:+.2%};"
        for sex, a in result["arms"].items()
    )
    return f"{name:<28} HR {result['hr']:.4f} ({result['hr_rel_err']:+.2%}); {arms}"


@pytest.mark.parametrize("sampler", SAMPLERS)
def test_round_trip_hr_and_medians_within_5_percent(original, sampler, record_property):
    result = round_trip(original, SAMPLERS[sampler])
    print("\n" + describe(sampler, result))
    record_property(f"ipd_{sampler}_hr_rel_err", round(result["hr_rel_err"], 5))
    assert abs(result["hr_rel_err"]) < 0.05
    for sex, arm in result["arms"].items():
        record_property(f"ipd_{sampler}_sex{sex}_median_rel_err", round(arm["median_rel_err"], 5))
        assert abs(arm["median_rel_err"]) < 0.05


def test_corner_readings_rebuild_the_curve_almost_exactly(original):
    result = round_trip(original, corner_points)
    assert abs(result["hr_rel_err"]) < 0.01
    for arm in result["arms"].values():
        assert arm["median_rel_err"] == 0
        assert arm["events_err"] == 0
        assert arm["at_risk_matches"]


@pytest.mark.parametrize("sampler", ["corners", "grid80"])
def test_total_events_keeps_accuracy_with_full_risk_table(original, sampler):
    without = round_trip(original, SAMPLERS[sampler])
    with_total = round_trip(original, SAMPLERS[sampler], use_total=True)
    print("\n" + describe(f"{sampler} +total_events", with_total))
    assert abs(with_total["hr_rel_err"]) <= abs(without["hr_rel_err"]) + 1e-12
    for sex in (1, 2):
        assert abs(with_total["arms"][sex]["events_err"]) <= abs(without["arms"][sex]["events_err"])
        assert abs(with_total["arms"][sex]["median_rel_err"]) <= abs(
            without["arms"][sex]["median_rel_err"]
        )


@pytest.mark.parametrize("sampler", ["corners", "grid80"])
def test_total_events_improves_a_short_risk_table(original, sampler, record_property):
    # Numbers at risk printed only to 500 days: the long last interval's censoring is a guess,
    # which the reported total number of events corrects.
    short = tuple(range(0, 501, 100))
    without = round_trip(original, SAMPLERS[sampler], risk_times=short)
    with_total = round_trip(original, SAMPLERS[sampler], risk_times=short, use_total=True)
    print("\n" + describe(f"{sampler} table to 500", without))
    print(describe(f"{sampler} table to 500 +total", with_total))
    record_property(f"ipd_{sampler}_short_hr_rel_err", round(without["hr_rel_err"], 5))
    record_property(f"ipd_{sampler}_short_total_hr_rel_err", round(with_total["hr_rel_err"], 5))
    assert abs(with_total["hr_rel_err"]) < abs(without["hr_rel_err"])
    assert abs(with_total["hr_rel_err"]) < 0.05
    for sex in (1, 2):
        assert abs(with_total["arms"][sex]["events_err"]) < abs(without["arms"][sex]["events_err"])
        assert abs(with_total["arms"][sex]["events_err"]) <= 1


# --- input checking ------------------------------------------------------------------------

GOOD_POINTS = [(0, 1.0), (10, 0.9), (20, 0.7), (30, 0.5), (40, 0.45)]


@pytest.mark.parametrize(
    ("points", "risk_times", "n_at_risk", "total", "message"),
    [
        ([], [0], [10], None, "points is empty"),
        ([(0, 1), (5, "x")], [0], [10], None, "pairs of numbers"),
        ([(0, 1), (-1, 0.5)], [0], [10], None, "point times must be >= 0"),
        ([(0, 100), (5, 80)], [0], [10], None, "proportion 0-1, not a percentage"),
        ([(0, 1), (5, 0.5), (8, 0.9)], [0], [10], None, "must not increase"),
        (GOOD_POINTS, [10, 20], [10, 8], None, "first risk time must be 0"),
        (GOOD_POINTS, [0, 20, 20], [10, 8, 7], None, "strictly increasing"),
        (GOOD_POINTS, [0, 20], [10], None, "same length"),
        (GOOD_POINTS, [0, 20], [10, 12], None, "cannot increase"),
        (GOOD_POINTS, [0, 20], [10, 7.5], None, "whole numbers"),
        (GOOD_POINTS, [0, 20], [0, 0], None, "must be positive"),
        (GOOD_POINTS, [], [], None, "risk_times is empty"),
        (GOOD_POINTS, [0, 20], [10, 8], 11, "total_events must be between 0"),
        (GOOD_POINTS, [0, 20], [10, 8], 2.5, "whole number"),
    ],
)
def test_reconstruct_rejects_bad_input(points, risk_times, n_at_risk, total, message):
    with pytest.raises(ValueError) as excinfo:
        reconstruct_ipd(points, risk_times, n_at_risk, total)
    assert message in str(excinfo.value)


def test_clean_points_sorts_clips_and_smooths_noise():
    times, surv = clean_points([(20, 0.71), (10, 0.9), (10, 1.0), (25, 0.72), (30, -0.01)])
    assert times.tolist() == [0, 10, 10, 20, 25, 30]
    assert surv.tolist() == [1.0, 1.0, 0.9, 0.71, 0.71, 0.0]  # (0, 1) added, 0.72 smoothed


def test_start_of_curve():
    # Read slightly below 1 at time 0: noise. Read well below 1 at time 0: a drop at time 0.
    assert clean_points([(0, 0.98), (5, 0.5)])[1].tolist() == [1.0, 0.5]
    times, surv = clean_points([(0, 0.6), (5, 0.5)])
    assert times.tolist() == [0, 0, 5] and surv.tolist() == [1.0, 0.6, 0.5]
    t, e = reconstruct_ipd([(0, 0.6), (5, 0.5)], [0], [10], total_events=5)
    assert t[:4] == (0.0,) * 4 and e[:4] == (1,) * 4


def test_small_arm_and_flat_stretch_without_readings():
    # No reading between 20 and 40: the risk interval [30, 40) is filled flat.
    points = [(0, 1.0), (5, 1.0), (5, 0.8), (20, 0.8), (20, 0.6), (45, 0.6), (45, 0.4)]
    times, events = reconstruct_ipd(points, [0, 10, 30, 40], [10, 8, 6, 5], total_events=6)
    assert len(times) == 10 and sum(events) <= 6
    curve = kaplan_meier(times, events)
    assert curve.at(6) == pytest.approx(0.8)
    assert list(times) == sorted(times)


def test_single_risk_time_uses_total_events():
    points = [(0, 1.0), (1, 1.0), (1, 0.75), (2, 0.75), (2, 0.5), (3, 0.5)]
    times, events = reconstruct_ipd(points, [0], [4], total_events=2)
    assert sum(events) == 2
    assert kaplan_meier(times, events).survival[:2] == pytest.approx((0.75, 0.5))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 1)), min_size=1, max_size=80),
    st.integers(3, 25),
    st.booleans(),
    st.booleans(),
)
def test_any_km_curve_reconstructs_to_its_arm_size(rows, step, corners, use_total):
    curve = kaplan_meier([r[0] for r in rows], [r[1] for r in rows])
    risk_times = list(range(0, int(curve.times[-1]) + step, step))
    table = number_at_risk(curve, risk_times)
    points = corner_points(curve) if corners else grid_points(curve, 30)
    total = curve.events if use_total else None
    times, events = reconstruct_ipd(points, risk_times, table, total)
    assert len(times) == len(events) == curve.n
    assert all(t >= 0 for t in times) and set(events) <= {0, 1}
    assert list(times) == sorted(times)
